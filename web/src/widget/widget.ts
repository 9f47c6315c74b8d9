import { el, safeLink } from '../shared/dom.js';
import { io, type Socket } from 'socket.io-client';
import type { ChatDone, ChatSendAck, ChatStartAck, HistoryMessage } from '../../../server/src/contracts/chat-events.js';
import type { ProductCard } from '../../../server/src/contracts/product-card.js';
import { THEME, WIDGET_CSS } from './widget-styles.js';

/**
 * The embeddable shopping assistant. A store adds
 *   <script src="https://aisle.example/widget.js" data-aisle-server="https://aisle.example" defer></script>
 * and gets a chat button and panel inside a shadow root. Everything from the server is shown
 * with textContent — never as HTML.
 */
const script = document.currentScript as HTMLScriptElement | null;
const server = script?.dataset.aisleServer || (script ? new URL(script.src).origin : location.origin);
const STORAGE = 'aisle-widget';

type Stored = { sessionId?: string; shopperId?: string; open?: boolean };
const stored = (): Stored => JSON.parse(localStorage.getItem(STORAGE) ?? '{}') as Stored;
const store = (patch: Stored) => localStorage.setItem(STORAGE, JSON.stringify({ ...stored(), ...patch }));

/** A product the merchant gave no price shows none, never $0.00. */
function money(price: number | null, currency: string): string {
  if (price === null) return 'Price not listed';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(price);
  } catch {
    return `${currency} ${price.toFixed(2)}`;
  }
}

const host = el('div', { id: 'aisle-widget' });
const root = host.attachShadow({ mode: 'open' });
const dark = matchMedia('(prefers-color-scheme: dark)');
// A constructed stylesheet, not a <style> element: stores with a strict CSP (no inline styles) still show the widget styled.
const style = new CSSStyleSheet();
root.adoptedStyleSheets = [style];
// data-aisle-theme="light" | "dark" follows the store; without it the widget follows the OS.
const storeTheme = script?.dataset.aisleTheme;
const applyTheme = () => style.replaceSync(`:host{${(storeTheme ? storeTheme === 'dark' : dark.matches) ? THEME.dark : THEME.light}}${WIDGET_CSS}`);
applyTheme();
dark.addEventListener('change', applyTheme);

const launcher = el('button', { className: 'launcher', type: 'button', textContent: 'Ask our shopping assistant' });
launcher.setAttribute('aria-expanded', 'false');
const status = el('span', { className: 'status', textContent: 'connecting…' });
const handoffButton = el('button', { type: 'button', textContent: 'Talk to a person' });
const cartButton = el('button', { type: 'button', textContent: 'Cart' });
const closeButton = el('button', { type: 'button', textContent: '✕' });
closeButton.setAttribute('aria-label', 'Close the assistant');
const log = el('div', { className: 'log' });
log.setAttribute('role', 'log');
log.setAttribute('aria-live', 'polite');
log.setAttribute('aria-relevant', 'additions text');
const typing = el('div', { className: 'typing', textContent: '' });
const input = el('input', { type: 'text', placeholder: 'What are you looking for?', maxLength: 2000, autocomplete: 'off' });
input.setAttribute('aria-label', 'Message the shopping assistant');
const form = el('form', {}, input, el('button', { type: 'submit', textContent: 'Send' }));
const mode = el('span', { textContent: '' });
const forgetButton = el('button', { type: 'button', textContent: 'New conversation' });
const aboutButton = el('button', { type: 'button', textContent: 'What I know about you' });
const aboutPanel = el('aside', { className: 'about', hidden: true });
aboutPanel.setAttribute('aria-label', 'What the assistant knows about you');
const panel = el(
  'section',
  { className: 'panel', hidden: true },
  el('header', {}, el('h2', { textContent: 'Shopping assistant' }), status, cartButton, handoffButton, closeButton),
  log,
  typing,
  aboutPanel,
  form,
  el('footer', {}, mode, el('span', {}, aboutButton, forgetButton)),
);
panel.setAttribute('aria-label', 'Shopping assistant');
root.append(launcher, panel);

let socket: Socket;
let sessionId: string | undefined;
let messageCounter = 0;
const pending = new Map<string, { bubble: HTMLElement; text: HTMLElement }>();

function setOpen(open: boolean): void {
  panel.hidden = !open;
  launcher.setAttribute('aria-expanded', String(open));
  store({ open });
  if (open) input.focus();
}

function scrollDown(): void {
  log.scrollTop = log.scrollHeight;
}

function feedback(kind: string, extra: { turnId?: string; productId?: number }): void {
  if (sessionId) socket.emit('chat:feedback', { sessionId, kind, ...extra }, () => undefined);
}

function cardElement(card: ProductCard, position: number, turnId: string | null): HTMLElement {
  const image = el('img', { alt: '', loading: 'lazy' });
  const imageSrc = safeLink(card.imageUrl, server);
  if (imageSrc) image.src = imageSrc;
  const details = el('a', { textContent: 'Details', target: '_blank', rel: 'noopener' });
  const link = safeLink(card.url);
  if (link) details.href = link;
  details.addEventListener('click', () => feedback('click', { productId: card.id, turnId: turnId ?? undefined }));
  const more = el('button', { type: 'button', textContent: 'More like this' });
  more.addEventListener('click', () => send(`more like the ${['first', 'second', 'third', 'fourth', 'fifth'][position] ?? 'first'} one`));
  const notForMe = el('button', { type: 'button', textContent: 'Not for me' });
  notForMe.addEventListener('click', () => {
    feedback('dislike', { productId: card.id, turnId: turnId ?? undefined });
    notForMe.disabled = true;
    notForMe.textContent = 'Noted';
  });
  const add = el('button', { type: 'button', textContent: 'Add to cart' });
  add.addEventListener('click', () => {
    feedback('add_to_cart', { productId: card.id, turnId: turnId ?? undefined });
    add.textContent = 'Added ✓';
  });
  const rating = card.rating === null ? 'No reviews yet' : `${card.rating.toFixed(1)}★ (${card.reviewCount.toLocaleString()})`;
  return el(
    'article',
    { className: 'card' },
    image,
    el('div', { className: 'title', textContent: card.title }),
    el('div', { className: 'price', textContent: money(card.price, card.currency) }),
    el('div', { className: 'meta', textContent: `${rating} · ${card.inStock ? 'In stock' : 'Out of stock'}` }),
    el('ul', {}, ...card.reasons.map((r) => el('li', { textContent: r }))),
    el('div', { className: 'actions' }, more, notForMe, add, details),
  );
}

function assistantBubble(turnId: string | null): { bubble: HTMLElement; text: HTMLElement } {
  const text = el('div');
  const bubble = el('div', { className: 'msg assistant' }, text);
  log.append(bubble);
  if (turnId) {
    const up = el('button', { type: 'button', textContent: '▲ Helpful' });
    const down = el('button', { type: 'button', textContent: '▼ Not helpful' });
    up.setAttribute('aria-label', 'Helpful');
    down.setAttribute('aria-label', 'Not helpful');
    for (const [button, kind] of [[up, 'thumbs_up'], [down, 'thumbs_down']] as const) {
      button.setAttribute('aria-pressed', 'false');
      button.addEventListener('click', () => {
        feedback(kind, { turnId });
        up.setAttribute('aria-pressed', String(button === up));
        down.setAttribute('aria-pressed', String(button === down));
      });
    }
    bubble.append(el('div', { className: 'rate' }, up, down));
  }
  return { bubble, text };
}

/** A comparison arrives as a markdown table; it is drawn as a real table, cell by cell, as text. */
function fillReply(container: HTMLElement, text: string): void {
  const lines = text.split('\n');
  const rows = lines.filter((l) => l.trim().startsWith('|') && !/^\|[-\s|]+\|$/.test(l.trim()));
  if (rows.length < 2) {
    container.textContent = text;
    return;
  }
  const cells = (line: string) => line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
  const [head, ...body] = rows;
  const table = el('table', { className: 'compare' }, el('thead', {}, el('tr', {}, ...cells(head!).map((c) => el('th', { textContent: c })))), el('tbody', {}, ...body.map((r) => el('tr', {}, ...cells(r).map((c, i) => el(i === 0 ? 'th' : 'td', { textContent: c }))))));
  const rest = lines.filter((l) => !l.trim().startsWith('|')).join('\n').trim();
  container.replaceChildren(table, ...(rest ? [el('p', { textContent: rest })] : []));
}

function renderAssistant(turnId: string | null, text: string, products: ProductCard[], suggestions: string[], target = assistantBubble(turnId)): void {
  fillReply(target.text, text);
  if (products.length) target.bubble.after(el('div', { className: 'cards' }, ...products.map((p, i) => cardElement(p, i, turnId))));
  const last = log.lastElementChild;
  if (suggestions.length) {
    const chips = el('div', { className: 'chips' }, ...suggestions.map((s) => {
      const chip = el('button', { type: 'button', textContent: s });
      chip.addEventListener('click', () => send(s));
      return chip;
    }));
    (last ?? target.bubble).after(chips);
  }
  scrollDown();
}

/** A message whose answer never came (the server restarted or lost its database): one tap runs it again. */
function offerRetry(turnId: string, note: string): void {
  const button = el('button', { type: 'button', textContent: 'Retry' });
  const notice = el('div', { className: 'notice retry' }, `${note} `, button);
  button.addEventListener('click', async () => {
    button.disabled = true;
    const ack = (await socket.timeout(10_000).emitWithAck('chat:retry', { sessionId, turnId }).catch(() => null)) as ChatSendAck | null;
    if (!ack || !ack.ok) {
      button.disabled = false;
      notice.firstChild!.textContent = `${ack && !ack.ok ? ack.error.message : 'Could not reach the assistant.'} `;
      return;
    }
    notice.remove();
    typing.textContent = 'Assistant is typing…';
    pending.set(ack.turnId, assistantBubble(ack.turnId));
  });
  log.append(notice);
  scrollDown();
}

function renderHistory(history: HistoryMessage[]): void {
  log.replaceChildren();
  for (const m of history) {
    if (m.role === 'user') log.append(el('div', { className: 'msg user', textContent: m.text }));
    else renderAssistant(m.turnId, m.text, m.products, []);
    if (m.role === 'user' && m.interrupted && m.turnId) offerRetry(m.turnId, 'This message was not answered.');
  }
}

async function send(text: string): Promise<void> {
  const message = text.trim();
  if (!message || !sessionId) return;
  log.append(el('div', { className: 'msg user', textContent: message }));
  input.value = '';
  scrollDown();
  const ack = (await socket.timeout(10_000).emitWithAck('chat:send', { sessionId, text: message, clientMessageId: `${Date.now()}-${++messageCounter}` }).catch(() => null)) as ChatSendAck | null;
  if (!ack || !ack.ok) {
    log.append(el('div', { className: 'notice', textContent: ack && !ack.ok ? ack.error.message : 'Could not reach the assistant. Please try again.' }));
    if (ack && !ack.ok && ack.error.code === 'TURN_IN_PROGRESS') input.value = message;
    return;
  }
  typing.textContent = 'Assistant is typing…';
  pending.set(ack.turnId, assistantBubble(ack.turnId));
}

async function start(): Promise<void> {
  const { sessionId: known, shopperId } = stored();
  const ack = (await socket.timeout(10_000).emitWithAck('chat:start', { ...(known ? { sessionId: known } : {}), ...(shopperId ? { shopperId } : {}) }).catch(() => null)) as ChatStartAck | null;
  if (!ack || !ack.ok) return;
  sessionId = ack.sessionId;
  store({ sessionId: ack.sessionId, shopperId: ack.shopperId ?? undefined });
  mode.textContent = ack.mode === 'offline' ? 'Offline assistant — answers come from the catalog' : 'AI assistant — facts come from the catalog';
  renderHistory(ack.history);
  if (ack.history.length === 0) renderAssistant(null, "Hi! Tell me what you're looking for and I'll find good options.", [], ['Waterproof hiking boots under $120', 'Noise cancelling headphones', 'A gift idea']);
}

function connect(): void {
  socket = io(server, { transports: ['websocket', 'polling'], reconnectionDelay: 500, reconnectionDelayMax: 8000 });
  socket.on('connect', () => {
    status.textContent = 'online';
    void start();
  });
  socket.on('disconnect', () => (status.textContent = 'reconnecting…'));
  // e.g. TOO_MANY_CONNECTIONS: the server closes this connection and says why.
  socket.on('system:error', ({ message }: { message: string }) => {
    status.textContent = 'offline';
    log.append(el('div', { className: 'notice', textContent: message }));
  });
  socket.io.on('reconnect_attempt', () => (status.textContent = 'reconnecting…'));
  socket.on('chat:delta', ({ turnId, text }: { turnId: string; text: string }) => {
    const target = pending.get(turnId);
    if (target) target.text.textContent = `${target.text.textContent ?? ''}${text}`;
    scrollDown();
  });
  socket.on('chat:done', (done: ChatDone) => {
    typing.textContent = '';
    const target = pending.get(done.turnId) ?? assistantBubble(done.turnId);
    pending.delete(done.turnId);
    renderAssistant(done.turnId, done.text, done.products, done.suggestions, target);
  });
  socket.on('chat:error', ({ turnId, code, message }: { turnId?: string; code: string; message: string }) => {
    typing.textContent = '';
    if (turnId) pending.get(turnId)?.bubble.remove();
    if (turnId) pending.delete(turnId);
    if (turnId && code === 'DATABASE_UNAVAILABLE') offerRetry(turnId, message);
    else log.append(el('div', { className: 'notice', textContent: message }));
  });
}

type ProfileAnswer = { ok: true; facts: string[]; preferences: { budget: { max: number | null }; avoidedBrands: string[] } } | { ok: false; error: { message: string } };

function renderAbout(answer: ProfileAnswer | null): void {
  if (!answer || !answer.ok) {
    aboutPanel.replaceChildren(el('p', { textContent: answer ? answer.error.message : 'Could not load your profile.' }));
    return;
  }
  const budget = el('input', { type: 'number', min: '0', value: answer.preferences.budget.max === null ? '' : String(answer.preferences.budget.max) });
  budget.setAttribute('aria-label', 'Budget in dollars');
  const avoid = el('input', { type: 'text', value: answer.preferences.avoidedBrands.join(', ') });
  avoid.setAttribute('aria-label', 'Brands to avoid, separated by commas');
  const save = el('button', { type: 'button', textContent: 'Save' });
  const clear = el('button', { type: 'button', textContent: 'Forget everything' });
  const close = el('button', { type: 'button', textContent: 'Close' });
  save.addEventListener('click', async () => {
    const patch = { budgetMax: budget.value === '' ? null : Number(budget.value), avoidedBrands: avoid.value.split(',').map((b) => b.trim()).filter(Boolean) };
    renderAbout((await socket.timeout(10_000).emitWithAck('chat:profile:update', { sessionId, patch }).catch(() => null)) as ProfileAnswer | null);
  });
  clear.addEventListener('click', async () => renderAbout((await socket.timeout(10_000).emitWithAck('chat:profile:clear', { sessionId }).catch(() => null)) as ProfileAnswer | null));
  close.addEventListener('click', () => (aboutPanel.hidden = true));
  aboutPanel.replaceChildren(
    el('h3', { textContent: 'What I know about you' }),
    answer.facts.length ? el('ul', {}, ...answer.facts.map((f) => el('li', { textContent: f }))) : el('p', { textContent: 'Nothing yet — I learn from what you ask for and like.' }),
    el('label', {}, 'Budget up to $ ', budget),
    el('label', {}, 'Brands to avoid ', avoid),
    el('div', { className: 'about-actions' }, save, clear, close),
  );
}

aboutButton.addEventListener('click', async () => {
  aboutPanel.hidden = !aboutPanel.hidden;
  if (!aboutPanel.hidden && sessionId) renderAbout((await socket.timeout(10_000).emitWithAck('chat:profile', { sessionId }).catch(() => null)) as ProfileAnswer | null);
});
launcher.addEventListener('click', () => setOpen(panel.hidden === true));
closeButton.addEventListener('click', () => setOpen(false));
panel.addEventListener('keydown', (event) => event.key === 'Escape' && setOpen(false));
form.addEventListener('submit', (event) => {
  event.preventDefault();
  void send(input.value);
});
handoffButton.addEventListener('click', () => void send('I would like to talk to a person'));
cartButton.addEventListener('click', () => void send("what's in my cart"));
forgetButton.addEventListener('click', () => {
  store({ sessionId: undefined });
  void start();
});

document.body.append(host);
connect();
if (stored().open) setOpen(true);
