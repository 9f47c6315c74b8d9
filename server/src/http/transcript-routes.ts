import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../db/port.js';
import { NotFoundError } from '../errors.js';
import { exportTranscripts } from '../transcripts/export.js';
import { transcriptOverview } from '../transcripts/overview.js';
import { listTranscripts, reviewPatchSchema, reviewTranscript, transcriptFiltersSchema } from '../transcripts/transcript-list.js';
import { getSession, listMessages } from '../transcripts/transcript-repository.js';
import { requireRole, staffOf } from './staff-auth.js';

const idParam = z.object({ id: z.uuid({ error: 'not a conversation id' }) });

/** Support staff read and annotate conversations (support, admin). */
export function transcriptRouter({ db }: { db: Db }): Router {
  const router = Router();
  const guard = requireRole(db, 'support', 'admin');

  router.get('/api/transcripts', guard, async (req, res) => {
    res.json(await listTranscripts(db, transcriptFiltersSchema.parse(req.query)));
  });

  // Streamed: written a conversation at a time, never held in memory whole.
  const stream = (res: Response, format: 'json' | 'csv', name: string) => {
    res.setHeader('Content-Type', format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.${format}"`);
    return (chunk: string) => new Promise<void>((resolve) => (res.write(chunk) ? resolve() : res.once('drain', () => resolve())));
  };
  const formatOf = (query: unknown) => z.object({ format: z.enum(['json', 'csv']).default('json') }).parse(query).format;

  // Who a conversation can be assigned to.
  router.get('/api/staff', guard, async (_req, res) => {
    const { rows } = await db.query<{ id: string; email: string; role: string }>(`SELECT id, email, role FROM users WHERE disabled_at IS NULL AND role IN ('support', 'admin') ORDER BY email`);
    res.json({ staff: rows });
  });

  router.get('/api/transcripts/overview', guard, async (req, res) => {
    const { days } = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }).parse(req.query);
    res.json(await transcriptOverview(db, days));
  });

  router.get('/api/transcripts/export', guard, async (req, res) => {
    const format = formatOf({ format: req.query.format });
    const { format: _ignored, ...rest } = req.query as Record<string, unknown>;
    const filters = transcriptFiltersSchema.parse(rest);
    await exportTranscripts(db, { filters, format, write: stream(res, format, 'transcripts') });
    res.end();
  });

  router.get('/api/transcripts/:id/export', guard, async (req, res) => {
    const { id } = idParam.parse(req.params);
    if (!(await getSession(db, id))) throw new NotFoundError('No such conversation.', 'TRANSCRIPT_NOT_FOUND');
    const format = formatOf(req.query);
    await exportTranscripts(db, { ids: [id], format, write: stream(res, format, `transcript-${id}`) });
    res.end();
  });

  router.get('/api/transcripts/:id', guard, async (req, res) => {
    const { id } = idParam.parse(req.params);
    const session = await getSession(db, id);
    if (!session) throw new NotFoundError('No such conversation.', 'TRANSCRIPT_NOT_FOUND');
    const turns = await db.query('SELECT id, seq, status, degraded, trace, started_at, finished_at FROM turns WHERE session_id = $1 ORDER BY seq', [id]);
    const events = await db.query('SELECT id, turn_id, product_id, kind, comment, created_at FROM events WHERE session_id = $1 ORDER BY id', [id]);
    const review = await db.query('SELECT flagged, flag_reason, tags, notes, reviewed_at, reviewed_by, assigned_to FROM session_reviews WHERE session_id = $1', [id]);
    const handoff = await db.query<{ at: Date | null }>('SELECT handoff_requested_at AS at FROM sessions WHERE id = $1', [id]);
    res.json({ session: { ...session, handoffRequestedAt: handoff.rows[0]?.at ?? null }, messages: await listMessages(db, id), turns: turns.rows, events: events.rows, review: review.rows[0] ?? null });
  });

  router.patch('/api/transcripts/:id/review', guard, async (req, res) => {
    const { id } = idParam.parse(req.params);
    if (!(await getSession(db, id))) throw new NotFoundError('No such conversation.', 'TRANSCRIPT_NOT_FOUND');
    await reviewTranscript(db, id, reviewPatchSchema.parse(req.body), staffOf(res)!.user.id);
    res.json({ ok: true });
  });

  return router;
}
