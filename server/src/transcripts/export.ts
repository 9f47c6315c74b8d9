import type { Db } from '../db/port.js';
import { listTranscripts, type TranscriptFilters } from './transcript-list.js';
import { listMessages } from './transcript-repository.js';

export type ExportFormat = 'json' | 'csv';

/**
 * One CSV field. A cell starting with = + - @ (or a tab/return) would run as a formula when
 * support opens the export in a spreadsheet (a shopper could type "=HYPERLINK(…)"): it is prefixed
 * with an apostrophe, which spreadsheets show as text.
 */
export const csvCell = (value: unknown) => {
  const raw = value === null || value === undefined ? '' : String(value);
  const text = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
export const CSV_HEADER = ['session_id', 'session_created_at', 'mode', 'message_id', 'turn_id', 'role', 'created_at', 'text', 'product_ids'];

/**
 * Writes the conversations matching `filters` (or the given ids) a page at a time, so a large
 * export never sits in memory whole: `write` is called per conversation.
 */
export async function exportTranscripts(db: Db, { filters, ids, format, write }: { filters?: TranscriptFilters; ids?: string[]; format: ExportFormat; write: (chunk: string) => Promise<void> }): Promise<number> {
  let count = 0;
  if (format === 'json') await write('[');
  else await write(`${CSV_HEADER.join(',')}\n`);
  const emit = async (session: { id: string; createdAt: string; mode: string }) => {
    const messages = await listMessages(db, session.id);
    if (format === 'json') await write(`${count > 0 ? ',' : ''}\n${JSON.stringify({ ...session, messages })}`);
    else {
      const lines = messages.map((m) => [session.id, session.createdAt, session.mode, m.id, m.turnId, m.role, m.createdAt.toISOString(), m.text, (m.products as Array<{ id: number }>).map((p) => p.id).join(' ')].map(csvCell).join(','));
      if (lines.length) await write(`${lines.join('\n')}\n`);
    }
    count += 1;
  };
  if (ids) {
    for (const id of ids) {
      const { rows } = await db.query<{ id: string; created_at: Date; mode: string }>('SELECT id, created_at, mode FROM sessions WHERE id = $1', [id]);
      if (rows[0]) await emit({ id: rows[0].id, createdAt: rows[0].created_at.toISOString(), mode: rows[0].mode });
    }
  } else {
    let cursor: string | undefined;
    do {
      const page = await listTranscripts(db, { ...(filters ?? { limit: 100 }), limit: 100, cursor });
      for (const item of page.items) await emit(item);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  if (format === 'json') await write('\n]\n');
  return count;
}
