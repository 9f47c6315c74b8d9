import { el, staffApi } from '../shared/dom.js';
import { passwordChangeForm } from '../shared/password-change.js';
/**
 * The prompt studio for merchants: sign in, list templates, edit with validation as you type,
 * compare versions, preview, publish or roll back (with confirmation), and run A/B tests.
 * User-supplied text is always set with textContent or value — never as HTML.
 */
type Template = { name: string; description: string; latest: number; published: number | null; labels: Record<string, number> };
type Version = { name: string; version: number; body: string; variables: string[]; message: string; createdAt: string };
type Problem = { message: string; line?: number; column?: number };
type Figures = { version: number; turns: number; thumbsUp: number; thumbsDown: number; thumbsUpRate: number | null; clickRate: number | null; addToCartRate: number | null; fallbackRate: number | null; medianLatencyMs: number | null };

const app = document.querySelector<HTMLElement>('#app')!;
const who = document.querySelector<HTMLElement>('#who')!;
const logout = document.querySelector<HTMLButtonElement>('#logout')!;
let csrf = '';

const api = staffApi(() => csrf);

function showLogin(message = ''): void {
  who.textContent = '';
  logout.hidden = true;
  changePassword.hidden = true;
  const email = el('input', { type: 'email', required: true, autocomplete: 'username' });
  const password = el('input', { type: 'password', required: true, autocomplete: 'current-password' });
  const error = el('p', { className: 'problems', textContent: message });
  const form = el('form', { className: 'login' }, el('h1', { textContent: 'Sign in' }), el('label', {}, 'Email ', email), el('label', {}, 'Password ', password), el('button', { type: 'submit', textContent: 'Sign in' }), error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const result = await api<{ user: StaffUser; csrfToken: string }>('POST', '/api/auth/login', { email: email.value, password: password.value });
      csrf = result.csrfToken;
      await openFor(result.user);
    } catch (e) {
      error.textContent = (e as Error).message;
    }
  });
  app.replaceChildren(form);
  email.focus();
}

type StaffUser = { email: string; role: string; mustChangePassword?: boolean };

/** A signed-in user who must choose a password first sees only that form. */
async function openFor(user: StaffUser): Promise<void> {
  who.textContent = `${user.email} (${user.role})`;
  logout.hidden = false;
  changePassword.hidden = false;
  if (user.mustChangePassword) app.replaceChildren(passwordChangeForm(api, { forced: true, onDone: () => void showTemplates() }));
  else await showTemplates();
}

const changePassword = el('button', { type: 'button', textContent: 'Change password', hidden: true });
logout.before(changePassword);
changePassword.addEventListener('click', () => app.replaceChildren(passwordChangeForm(api, { forced: false, onDone: () => void showTemplates() })));

async function showTemplates(): Promise<void> {
  const { templates } = await api<{ templates: Template[] }>('GET', '/api/prompts');
  const rows = templates.map((t) => {
    const open = el('button', { type: 'button', textContent: 'Edit' });
    open.addEventListener('click', () => void showEditor(t.name));
    return el('tr', {}, el('td', { textContent: t.name }), el('td', { textContent: t.description }), el('td', { textContent: String(t.published ?? '—') }), el('td', { textContent: Object.entries(t.labels).map(([l, v]) => `${l}: v${v}`).join(', ') }), el('td', {}, open));
  });
  app.replaceChildren(el('h1', { textContent: 'Prompt templates' }), el('table', {}, el('thead', {}, el('tr', {}, ...['Template', 'Description', 'Published', 'Labels', ''].map((h) => el('th', { textContent: h })))), el('tbody', {}, ...rows)));
}

/** A side-by-side line diff (longest common subsequence), enough for prompt-sized texts. */
function diffLines(a: string, b: string): HTMLElement {
  const x = a.split('\n');
  const y = b.split('\n');
  const lcs = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const rows: HTMLElement[] = [];
  const row = (left: string | null, right: string | null, kind: '' | 'del' | 'add' | 'change') =>
    rows.push(el('tr', {}, el('td', { className: kind === 'add' ? '' : kind === '' ? '' : 'del', textContent: left ?? '' }), el('td', { className: kind === 'del' ? '' : kind === '' ? '' : 'add', textContent: right ?? '' })));
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      row(x[i]!, y[j]!, '');
      i++;
      j++;
    } else if (j < y.length && (i >= x.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) row(null, y[j++]!, 'add');
    else row(x[i++]!, null, 'del');
  }
  return el('table', { className: 'diff' }, el('tbody', {}, ...rows));
}

async function showEditor(name: string): Promise<void> {
  const { versions } = await api<{ versions: Version[] }>('GET', `/api/prompts/${name}/versions`);
  const latest = versions[0]!;
  const body = el('textarea', { value: latest.body });
  body.setAttribute('aria-label', `Body of ${name}`);
  const message = el('input', { placeholder: 'What changed?', value: '' });
  message.setAttribute('aria-label', 'Change message');
  const problems = el('ul', { className: 'problems' });
  const status = el('p', { className: 'ok' });
  const hints = el('p', { textContent: `Variables: ${latest.variables.map((v) => `{{${v}}}`).join(' ')}` });
  let timer: number | undefined;
  body.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(async () => {
      const { problems: found } = await api<{ problems: Problem[] }>('POST', `/api/prompts/${name}/validate`, { body: body.value });
      problems.replaceChildren(...found.map((p) => el('li', { textContent: p.line ? `line ${p.line}, column ${p.column}: ${p.message}` : p.message })));
      status.textContent = found.length ? '' : 'Valid';
    }, 250);
  });
  const save = el('button', { type: 'button', textContent: 'Save as new version' });
  save.addEventListener('click', async () => {
    try {
      const { version } = await api<{ version: Version }>('POST', `/api/prompts/${name}/versions`, { body: body.value, message: message.value });
      status.textContent = `Saved version ${version.version}`;
      await showEditor(name);
    } catch (e) {
      problems.replaceChildren(el('li', { textContent: (e as Error).message }));
    }
  });
  const back = el('button', { type: 'button', textContent: '← Templates' });
  back.addEventListener('click', () => void showTemplates());

  const versionRows = versions.map((v) => {
    const publish = el('button', { type: 'button', textContent: 'Publish' });
    publish.addEventListener('click', async () => {
      if (!confirm(`Publish version ${v.version} of ${name}? Running servers switch within seconds.`)) return;
      await api('POST', `/api/prompts/${name}/publish`, { version: v.version });
      status.textContent = `Published version ${v.version}`;
      await showEditor(name);
    });
    const compare = el('button', { type: 'button', textContent: 'Diff with editor' });
    compare.addEventListener('click', () => diffPane.replaceChildren(el('h3', { textContent: `v${v.version} → editor` }), diffLines(v.body, body.value)));
    return el('tr', {}, el('td', { textContent: `v${v.version}` }), el('td', { textContent: v.message }), el('td', { textContent: new Date(v.createdAt).toLocaleString() }), el('td', {}, publish, compare));
  });
  const diffPane = el('div');

  const sample = el('input', { value: 'waterproof hiking boots under 120' });
  sample.setAttribute('aria-label', 'Sample shopper message');
  const storedSession = el('input', { placeholder: 'or a stored session id' });
  storedSession.setAttribute('aria-label', 'Stored session id to preview with');
  const previewVersion = el('select', {}, ...versions.map((v) => el('option', { value: String(v.version), textContent: `v${v.version}` })));
  previewVersion.setAttribute('aria-label', 'Version to preview');
  const previewOut = el('div');
  const preview = el('button', { type: 'button', textContent: 'Preview' });
  preview.addEventListener('click', async () => {
    const session = storedSession.value.trim();
    const result = await api<{ renderedPrompt: string; output: unknown; engine: string; cards: Array<{ title: string; price: number }> }>('POST', `/api/prompts/${name}/preview`, session ? { version: Number(previewVersion.value), sessionId: session } : { version: Number(previewVersion.value), message: sample.value });
    previewOut.replaceChildren(
      el('h3', { textContent: `Rendered prompt (${result.engine} engine)` }),
      el('pre', { className: 'rendered', textContent: result.renderedPrompt }),
      el('h3', { textContent: 'Output' }),
      el('pre', { className: 'output', textContent: typeof result.output === 'string' ? result.output : JSON.stringify(result.output, null, 2) }),
      el('h3', { textContent: 'Cards' }),
      el('ul', {}, ...result.cards.map((c) => el('li', { textContent: `${c.title} — ${c.price === null ? 'no price' : `$${c.price}`}` }))),
    );
  });

  const abB = el('select', {}, ...versions.map((v) => el('option', { value: String(v.version), textContent: `v${v.version}` })));
  abB.setAttribute('aria-label', 'Version B');
  const share = el('input', { type: 'number', min: '0', max: '100', value: '50' });
  share.setAttribute('aria-label', 'Share of sessions on version B, percent');
  const abResults = el('div');
  const startAb = el('button', { type: 'button', textContent: 'Start A/B test against the published version' });
  const loadAb = async () => {
    const { experiment, figures } = await api<{ experiment: { versionA: number; versionB: number; shareB: number; active: boolean } | null; figures: Figures[] }>('GET', `/api/prompts/${name}/experiments/current`);
    if (!experiment) return abResults.replaceChildren(el('p', { textContent: 'No A/B test yet.' }));
    const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n * 100)}%`);
    const bar = (n: number | null) => {
      const fill = el('span');
      fill.style.width = `${Math.round((n ?? 0) * 100)}px`;
      return el('span', { className: 'bars' }, fill);
    };
    abResults.replaceChildren(
      el('p', { textContent: `v${experiment.versionA} vs v${experiment.versionB}, ${experiment.shareB}% on B — ${experiment.active ? 'running' : 'ended'}` }),
      el('table', {}, el('thead', {}, el('tr', {}, ...['Version', 'Turns', '👍 / 👎', '👍 rate', 'Click rate', 'Add-to-cart rate', 'Fallback rate', 'Median latency'].map((h) => el('th', { textContent: h })))),
        el('tbody', {}, ...figures.map((f) => el('tr', {}, el('td', { textContent: `v${f.version}` }), el('td', { textContent: String(f.turns) }), el('td', { textContent: `${f.thumbsUp} / ${f.thumbsDown}` }), el('td', {}, pct(f.thumbsUpRate), bar(f.thumbsUpRate)), el('td', {}, pct(f.clickRate), bar(f.clickRate)), el('td', {}, pct(f.addToCartRate), bar(f.addToCartRate)), el('td', { textContent: pct(f.fallbackRate) }), el('td', { textContent: f.medianLatencyMs === null ? '—' : `${Math.round(f.medianLatencyMs)} ms` }))))),
    );
  };
  startAb.addEventListener('click', async () => {
    const published = (await api<{ templates: Template[] }>('GET', '/api/prompts')).templates.find((t) => t.name === name)?.published ?? 1;
    await api('POST', `/api/prompts/${name}/experiments`, { versionA: published, versionB: Number(abB.value), shareB: Number(share.value) });
    await loadAb();
  });

  app.replaceChildren(
    el('div', { className: 'actions' }, back),
    el('h1', { textContent: `Template: ${name}` }),
    el('div', { className: 'cols' },
      el('section', {}, el('h2', { textContent: 'Editor' }), hints, body, message, el('div', { className: 'actions' }, save), problems, status),
      el('section', {}, el('h2', { textContent: 'Versions' }), el('table', {}, el('tbody', {}, ...versionRows)), diffPane)),
    el('section', {}, el('h2', { textContent: 'Preview' }), el('div', { className: 'actions' }, previewVersion, sample, storedSession, preview), previewOut),
    el('section', {}, el('h2', { textContent: 'A/B test' }), el('div', { className: 'actions' }, abB, share, startAb), abResults),
  );
  await loadAb();
}

logout.addEventListener('click', async () => {
  await api('POST', '/api/auth/logout').catch(() => undefined);
  csrf = '';
  showLogin();
});

api<{ user: StaffUser; csrfToken: string }>('GET', '/api/auth/me')
  .then(async ({ user, csrfToken }) => {
    csrf = csrfToken;
    await openFor(user);
  })
  .catch(() => showLogin());
