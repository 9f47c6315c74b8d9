import type { HealthResponse } from '../../server/src/contracts/health.js';

/** Shows the server's health; the demo store replaces this page with the chat issue. */
function show(field: string, text: string, state?: 'ok' | 'bad'): void {
  const el = document.querySelector<HTMLElement>(`[data-field="${field}"]`);
  if (!el) return;
  el.textContent = text;
  if (state) el.dataset.state = state;
}

async function refresh(): Promise<void> {
  try {
    const res = await fetch('/api/health');
    const health = (await res.json()) as HealthResponse;
    show('status', health.status, health.status === 'ok' ? 'ok' : 'bad');
    show('db', `${health.db.driver} — ${health.db.ok ? 'reachable' : 'unreachable'}`, health.db.ok ? 'ok' : 'bad');
    show('version', health.version);
  } catch {
    show('status', 'unreachable', 'bad');
  }
}

void refresh();
