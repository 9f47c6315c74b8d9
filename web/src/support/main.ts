import { el, staffApi } from '../shared/dom.js';
import { passwordChangeForm } from '../shared/password-change.js';
/**
 * Support review: find conversations (filters, search), read them with each turn's trace, flag,
 * annotate and export them, and see the overview. Everything from the server is set as text.
 */
type Summary = { id: string; createdAt: string; mode: string; messages: number; firstMessage: string | null; thumbsDown: number; degradedTurns: number; handoff: boolean; flagged: boolean; reviewed: boolean };
type Message = { id: number; turnId: string | null; role: string; text: string; products: Array<{ id: number; title: string; price: number }> };
type Candidate = { id: number; title: string; price: number; score: number; shown: boolean; features: Record<string, number> };
type Trace = { engine?: string; provider?: string; model?: string | null; intent?: { type: string }; filters?: unknown; candidates?: Candidate[]; prompts?: Array<{ template: string; version: number; usage?: { promptTokens: number; completionTokens: number } }>; latencyMs?: Record<string, number>; fallbacks?: Array<{ step: string; reason: string }>; errors?: string[]; emptyResult?: string; injectionAttempts?: Array<{ source: string; productId?: number; signals: string[] }> };
type Turn = { id: string; seq: number; status: string; degraded: boolean; trace: Trace };

const app = document.querySelector<HTMLElement>('#app')!;
const who = document.querySelector<HTMLElement>('#who')!;
let csrf = '';

const api = staffApi(() => csrf);

type StaffUser = { email: string; role: string; mustChangePassword?: boolean };

/** A signed-in user who must choose a password first sees only that form. */
async function openFor(user: StaffUser): Promise<void> {
  who.textContent = `${user.email} (${user.role})`;
  if (user.mustChangePassword) app.replaceChildren(passwordChangeForm(api, { forced: true, onDone: () => void showList() }));
  else await showList();
}

function showLogin(message = ''): void {
  const email = el('input', { type: 'email', required: true, autocomplete: 'username' });
  const password = el('input', { type: 'password', required: true, autocomplete: 'current-password' });
  const form = el('form', { className: 'login' }, el('h1', { textContent: 'Sign in' }), el('label', {}, 'Email ', email), el('label', {}, 'Password ', password), el('button', { type: 'submit', textContent: 'Sign in' }), el('p', { className: 'problems', textContent: message }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const result = await api<{ user: StaffUser; csrfToken: string }>('POST', '/api/auth/login', { email: email.value, password: password.value });
      csrf = result.csrfToken;
      await openFor(result.user);
    } catch (e) {
      showLogin((e as Error).message);
    }
  });
  app.replaceChildren(form);
}

const FILTERS: Array<[string, string]> = [['thumbsDown', 'Thumbs down'], ['degraded', 'Degraded or fallback'], ['emptyResults', 'Empty results'], ['handoff', 'Needs a person'], ['flagged', 'Flagged']];

async function showList(): Promise<void> {
  const checks = FILTERS.map(([key, label]) => {
    const box = el('input', { type: 'checkbox', name: key });
    return { key, box, label: el('label', {}, box, ` ${label}`) };
  });
  const unreviewed = el('input', { type: 'checkbox', name: 'unreviewed' });
  const q = el('input', { type: 'search', placeholder: 'Search messages' });
  q.setAttribute('aria-label', 'Search messages');
  const body = el('tbody');
  const more = el('button', { type: 'button', textContent: 'Load more', hidden: true });
  const exportJson = el('a', { textContent: 'Export JSON' });
  const exportCsv = el('a', { textContent: 'Export CSV' });
  let cursor: string | null = null;
  const query = () => {
    const params = new URLSearchParams();
    for (const c of checks) if (c.box.checked) params.set(c.key, 'true');
    if (unreviewed.checked) params.set('reviewed', 'false');
    if (q.value.trim()) params.set('q', q.value.trim());
    return params;
  };
  const load = async (reset: boolean) => {
    const params = query();
    exportJson.href = `/api/transcripts/export?format=json&${params}`;
    exportCsv.href = `/api/transcripts/export?format=csv&${params}`;
    if (!reset && cursor) params.set('cursor', cursor);
    const page = await api<{ items: Summary[]; nextCursor: string | null }>('GET', `/api/transcripts?${params}`);
    if (reset) body.replaceChildren();
    for (const item of page.items) {
      const open = el('button', { type: 'button', textContent: 'Open' });
      open.addEventListener('click', () => void showTranscript(item.id));
      body.append(el('tr', {}, el('td', { textContent: new Date(item.createdAt).toLocaleString() }), el('td', { textContent: item.firstMessage ?? '' }), el('td', { textContent: `${item.messages}` }), el('td', { textContent: [item.thumbsDown ? '👎' : '', item.degradedTurns ? 'degraded' : '', item.handoff ? 'needs a person' : '', item.flagged ? 'flagged' : '', item.reviewed ? 'reviewed' : ''].filter(Boolean).join(', ') }), el('td', {}, open)));
    }
    cursor = page.nextCursor;
    more.hidden = !cursor;
  };
  more.addEventListener('click', () => void load(false));
  const form = el('form', { className: 'actions' }, ...checks.map((c) => c.label), el('label', {}, unreviewed, ' Not reviewed'), q, el('button', { type: 'submit', textContent: 'Filter' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(true);
  });
  const overview = el('button', { type: 'button', textContent: 'Overview' });
  overview.addEventListener('click', () => void showOverview());
  app.replaceChildren(el('h1', { textContent: 'Conversations' }), el('div', { className: 'actions' }, overview, exportJson, exportCsv), form, el('table', {}, el('thead', {}, el('tr', {}, ...['Started', 'First message', 'Messages', 'Signals', ''].map((h) => el('th', { textContent: h })))), body), more);
  await load(true);
}

function traceView(turn: Turn, feedback: string[]): HTMLElement {
  const t = turn.trace;
  const candidates = (t.candidates ?? []).map((c) =>
    el('tr', { className: c.shown ? 'shown' : '' }, el('td', { textContent: c.shown ? '★' : '' }), el('td', { textContent: c.title }), el('td', { textContent: c.price === null ? '—' : `$${c.price}` }), el('td', { textContent: c.score.toFixed(3) }), el('td', { textContent: Object.entries(c.features).map(([k, v]) => `${k} ${Number(v).toFixed(2)}`).join(' · ') })),
  );
  const facts = [
    `intent: ${t.intent?.type ?? '—'}`,
    `engine: ${t.engine ?? '—'}${t.model ? ` (${t.provider}, ${t.model})` : ''}`,
    `templates: ${(t.prompts ?? []).map((p) => `${p.template}@${p.version}${p.usage ? ` ${p.usage.promptTokens}+${p.usage.completionTokens} tokens` : ''}`).join(', ') || '—'}`,
    `latency: ${Object.entries(t.latencyMs ?? {}).map(([k, v]) => `${k} ${Math.round(v)} ms`).join(', ')}`,
    `status: ${turn.status}${turn.degraded ? ', degraded' : ''}`,
    ...(t.fallbacks ?? []).map((f) => `fallback at ${f.step}: ${f.reason}`),
    ...(t.injectionAttempts ?? []).map((a) => `possible prompt injection in ${a.source === 'product' ? `product #${a.productId}` : 'the shopper message'}: ${a.signals.join(', ')}`),
    ...(t.errors ?? []).map((e) => `error: ${e}`),
    ...(t.emptyResult ? [`empty result: ${t.emptyResult}`] : []),
    ...(feedback.length ? [`feedback: ${feedback.join(', ')}`] : []),
  ];
  return el('details', { className: 'trace' }, el('summary', { textContent: 'Why this answer' }), el('ul', {}, ...facts.map((f) => el('li', { textContent: f }))), el('pre', { textContent: `filters: ${JSON.stringify(t.filters ?? {})}` }), el('table', { className: 'candidates' }, el('tbody', {}, ...candidates)));
}

async function showTranscript(id: string): Promise<void> {
  const data = await api<{ messages: Message[]; turns: Turn[]; events: Array<{ turn_id: string | null; kind: string; product_id: number | null }>; review: { flagged: boolean; flag_reason: string | null; tags: string[]; notes: string; reviewed_at: string | null; assigned_to: string | null } | null }>('GET', `/api/transcripts/${id}`);
  const { staff } = await api<{ staff: Array<{ id: string; email: string }> }>('GET', '/api/staff');
  const assignee = el('select', {}, el('option', { value: '', textContent: 'nobody' }), ...staff.map((s) => el('option', { value: s.id, textContent: s.email, selected: s.id === data.review?.assigned_to })));
  assignee.setAttribute('aria-label', 'Assigned to');
  const turns = new Map(data.turns.map((t) => [t.id, t]));
  const conversation = data.messages.flatMap((m) => {
    const bubble = el('div', { className: `msg ${m.role}` }, el('strong', { textContent: m.role === 'user' ? 'Shopper: ' : 'Assistant: ' }), m.text);
    const parts: HTMLElement[] = [bubble];
    if (m.products.length) parts.push(el('ul', {}, ...m.products.map((p) => el('li', { textContent: `${p.title} — ${p.price === null ? 'no price' : `$${p.price}`}` }))));
    const turn = m.role === 'assistant' && m.turnId ? turns.get(m.turnId) : undefined;
    if (turn) parts.push(traceView(turn, data.events.filter((e) => e.turn_id === turn.id).map((e) => e.kind)));
    return parts;
  });
  const flagged = el('input', { type: 'checkbox', checked: data.review?.flagged ?? false });
  const reason = el('input', { value: data.review?.flag_reason ?? '' });
  reason.setAttribute('aria-label', 'Flag reason');
  const tags = el('input', { value: (data.review?.tags ?? []).join(', ') });
  tags.setAttribute('aria-label', 'Tags');
  const notes = el('textarea', { value: data.review?.notes ?? '' });
  notes.setAttribute('aria-label', 'Notes');
  const reviewed = el('input', { type: 'checkbox', checked: Boolean(data.review?.reviewed_at) });
  const saved = el('span', { className: 'ok' });
  const save = el('button', { type: 'button', textContent: 'Save review' });
  save.addEventListener('click', async () => {
    await api('PATCH', `/api/transcripts/${id}/review`, { flagged: flagged.checked, flagReason: reason.value || null, tags: tags.value.split(',').map((t) => t.trim()).filter(Boolean), notes: notes.value, reviewed: reviewed.checked, assignedTo: assignee.value || null });
    saved.textContent = 'Saved';
  });
  const back = el('button', { type: 'button', textContent: '← Conversations' });
  back.addEventListener('click', () => void showList());
  app.replaceChildren(
    el('div', { className: 'actions' }, back, el('a', { href: `/api/transcripts/${id}/export?format=json`, textContent: 'Export JSON' }), el('a', { href: `/api/transcripts/${id}/export?format=csv`, textContent: 'Export CSV' })),
    el('h1', { textContent: 'Conversation' }),
    el('div', { className: 'cols' },
      el('section', {}, ...conversation),
      el('section', {}, el('h2', { textContent: 'Review' }), el('label', {}, flagged, ' Flagged'), el('label', {}, 'Reason ', reason), el('label', {}, 'Tags ', tags), notes, el('label', {}, reviewed, ' Reviewed'), el('label', {}, 'Assigned to ', assignee), el('div', { className: 'actions' }, save, saved))),
  );
}

async function showOverview(): Promise<void> {
  const o = await api<{ days: Array<{ day: string; sessions: number; turns: number }>; turns: number; thumbsUpRate: number | null; emptyResultRate: number | null; fallbackRate: number | null; latencyMs: { p50: number | null; p95: number | null }; topEmptyQueries: Array<{ query: string; count: number }> }>('GET', '/api/transcripts/overview?days=30');
  const max = Math.max(1, ...o.days.map((d) => d.sessions));
  const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n * 100)}%`);
  const back = el('button', { type: 'button', textContent: '← Conversations' });
  back.addEventListener('click', () => void showList());
  app.replaceChildren(
    el('div', { className: 'actions' }, back),
    el('h1', { textContent: 'Last 30 days' }),
    el('p', { textContent: `${o.turns} turns · thumbs-up rate ${pct(o.thumbsUpRate)} · empty results ${pct(o.emptyResultRate)} · fallbacks ${pct(o.fallbackRate)} · latency p50 ${Math.round(o.latencyMs.p50 ?? 0)} ms, p95 ${Math.round(o.latencyMs.p95 ?? 0)} ms` }),
    el('table', {}, el('tbody', {}, ...o.days.map((d) => {
      const bar = el('span');
      bar.style.width = `${Math.round((d.sessions / max) * 200)}px`;
      return el('tr', {}, el('td', { textContent: d.day }), el('td', {}, el('span', { className: 'bars' }, bar), ` ${d.sessions} sessions, ${d.turns} turns`));
    }))),
    el('h2', { textContent: 'Top queries that found nothing' }),
    el('ol', {}, ...o.topEmptyQueries.map((q) => el('li', { textContent: `${q.query} (${q.count})` }))),
  );
}

api<{ user: StaffUser; csrfToken: string }>('GET', '/api/auth/me')
  .then(async ({ user, csrfToken }) => {
    csrf = csrfToken;
    await openFor(user);
  })
  .catch(() => showLogin());
