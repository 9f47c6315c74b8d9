import { z } from 'zod';
import type { Db } from '../db/port.js';
import { SqlParams } from '../db/sql-params.js';
import { BadRequestError } from '../errors.js';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const transcriptFiltersSchema = z.object({
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  thumbsDown: flag.optional(),
  degraded: flag.optional(),
  emptyResults: flag.optional(),
  handoff: flag.optional(),
  flagged: flag.optional(),
  reviewed: flag.optional(),
  promptVersion: z.string().regex(/^[a-z][a-z0-9_-]*@\d+$/, 'like explain@2').optional(),
  mode: z.enum(['llm', 'offline']).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
});
export type TranscriptFilters = z.infer<typeof transcriptFiltersSchema>;

export type TranscriptSummary = { id: string; createdAt: string; mode: string; messages: number; firstMessage: string | null; thumbsDown: number; degradedTurns: number; handoff: boolean; flagged: boolean; reviewed: boolean };

const encodeCursor = (createdAt: Date, id: string) => Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt)) || !/^[0-9a-f-]{36}$/.test(id)) throw new BadRequestError('The cursor is not valid.', 'INVALID_CURSOR');
  return { createdAt, id };
}

/** Newest conversations first, keyset-paginated on (created_at, id) so page 1,000 costs what page 1 does. */
export async function listTranscripts(db: Db, filters: TranscriptFilters): Promise<{ items: TranscriptSummary[]; nextCursor: string | null }> {
  const params = new SqlParams();
  const where: string[] = [];
  const has = (condition: string, wanted: boolean | undefined) => {
    if (wanted !== undefined) where.push(wanted ? condition : `NOT (${condition})`);
  };
  if (filters.from) where.push(`s.created_at >= ${params.add(filters.from)}::timestamptz`);
  if (filters.to) where.push(`s.created_at < ${params.add(filters.to)}::timestamptz`);
  if (filters.mode) where.push(`s.mode = ${params.add(filters.mode)}`);
  has(`EXISTS (SELECT 1 FROM events e WHERE e.session_id = s.id AND e.kind = 'thumbs_down')`, filters.thumbsDown);
  has(`EXISTS (SELECT 1 FROM turns t WHERE t.session_id = s.id AND (t.degraded OR jsonb_array_length(coalesce(t.trace->'fallbacks', '[]'::jsonb)) > 0))`, filters.degraded);
  has(`EXISTS (SELECT 1 FROM turns t WHERE t.session_id = s.id AND t.trace ? 'emptyResult')`, filters.emptyResults);
  has('s.handoff_requested_at IS NOT NULL', filters.handoff);
  has('coalesce(r.flagged, false)', filters.flagged);
  has('r.reviewed_at IS NOT NULL', filters.reviewed);
  if (filters.promptVersion) {
    const [template, version] = filters.promptVersion.split('@') as [string, string];
    where.push(`EXISTS (SELECT 1 FROM turns t WHERE t.session_id = s.id AND t.trace->'prompts' @> ${params.add(JSON.stringify([{ template, version: Number(version) }]))}::jsonb)`);
  }
  if (filters.q) where.push(`EXISTS (SELECT 1 FROM messages m WHERE m.session_id = s.id AND m.search_tsv @@ websearch_to_tsquery('english', ${params.add(filters.q)}))`);
  if (filters.cursor) {
    const { createdAt, id } = decodeCursor(filters.cursor);
    where.push(`(s.created_at, s.id) < (${params.add(createdAt)}::timestamptz, ${params.add(id)}::uuid)`);
  }
  const { rows } = await db.query<{ id: string; created_at: Date; mode: string; messages: number; first_message: string | null; thumbs_down: number; degraded: number; handoff: boolean; flagged: boolean; reviewed: boolean }>(
    `SELECT s.id, s.created_at, s.mode,
       (SELECT count(*)::int FROM messages m WHERE m.session_id = s.id) AS messages,
       (SELECT m.text FROM messages m WHERE m.session_id = s.id AND m.role = 'user' ORDER BY m.id LIMIT 1) AS first_message,
       (SELECT count(*)::int FROM events e WHERE e.session_id = s.id AND e.kind = 'thumbs_down') AS thumbs_down,
       (SELECT count(*)::int FROM turns t WHERE t.session_id = s.id AND t.degraded) AS degraded,
       s.handoff_requested_at IS NOT NULL AS handoff, coalesce(r.flagged, false) AS flagged, r.reviewed_at IS NOT NULL AS reviewed
     FROM sessions s LEFT JOIN session_reviews r ON r.session_id = s.id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY s.created_at DESC, s.id DESC LIMIT ${filters.limit + 1}`,
    params.values,
  );
  const page = rows.slice(0, filters.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({ id: r.id, createdAt: r.created_at.toISOString(), mode: r.mode, messages: r.messages, firstMessage: r.first_message, thumbsDown: r.thumbs_down, degradedTurns: r.degraded, handoff: r.handoff, flagged: r.flagged, reviewed: r.reviewed })),
    nextCursor: rows.length > filters.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

export const reviewPatchSchema = z
  .object({
    flagged: z.boolean().optional(),
    flagReason: z.string().trim().max(500).nullable().optional(),
    tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
    notes: z.string().max(5000).optional(),
    reviewed: z.boolean().optional(),
    assignedTo: z.uuid().nullable().optional(),
  })
  .strict();
export type ReviewPatch = z.infer<typeof reviewPatchSchema>;

/** Flag, tag, annotate, mark reviewed or assign a conversation; recorded in the audit log. */
export async function reviewTranscript(db: Db, sessionId: string, patch: ReviewPatch, actorId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO session_reviews (session_id) VALUES ($1) ON CONFLICT (session_id) DO NOTHING', [sessionId]);
    const sets: string[] = [];
    const params = new SqlParams();
    const id = params.add(sessionId);
    if (patch.flagged !== undefined) sets.push(`flagged = ${params.add(patch.flagged)}`);
    if (patch.flagReason !== undefined) sets.push(`flag_reason = ${params.add(patch.flagReason)}`);
    if (patch.tags !== undefined) sets.push(`tags = ${params.add(patch.tags)}::text[]`);
    if (patch.notes !== undefined) sets.push(`notes = ${params.add(patch.notes)}`);
    if (patch.reviewed !== undefined) sets.push(patch.reviewed ? `reviewed_at = now(), reviewed_by = ${params.add(actorId)}::uuid` : 'reviewed_at = NULL, reviewed_by = NULL');
    if (patch.assignedTo !== undefined) sets.push(`assigned_to = ${params.add(patch.assignedTo)}::uuid`);
    if (sets.length) await tx.query(`UPDATE session_reviews SET ${sets.join(', ')}, updated_at = now() WHERE session_id = ${id}`, params.values);
    await tx.query(`INSERT INTO audit_log (actor_id, action, target, details) VALUES ($1, 'transcript.review', $2, $3::jsonb)`, [actorId, sessionId, JSON.stringify(patch)]);
  });
}
