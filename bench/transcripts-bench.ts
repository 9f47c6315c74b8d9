import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { migrate } from '../server/src/db/migrate.js';
import { openPgliteDb } from '../server/src/db/pglite-db.js';
import { MIGRATIONS_DIR } from '../server/src/paths.js';
import { listTranscripts, transcriptFiltersSchema } from '../server/src/transcripts/transcript-list.js';
import { machineLine, ms, percentile } from './machine.js';

/** `npm run bench:transcripts [-- --sessions 100000]`: the support list at scale. */
const { values } = parseArgs({ options: { sessions: { type: 'string', default: '100000' }, runs: { type: 'string', default: '30' } } });
const sessions = Number(values.sessions);
const runs = Number(values.runs);
const out = (line = '') => process.stdout.write(`${line}\n`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'aisle-bench-transcripts-'));
const db = await openPgliteDb(path.join(dir, 'pgdata'), { sharedBuffersMb: 256 });
try {
  await migrate({ db, dir: MIGRATIONS_DIR });
  const started = performance.now();
  // Sessions a minute apart, two messages and one turn each; every 20th has a thumbs-down, every 50th needs a person.
  await db.exec(`
    INSERT INTO sessions (id, mode, created_at, updated_at, handoff_requested_at)
      SELECT gen_random_uuid(), CASE WHEN i % 3 = 0 THEN 'llm' ELSE 'offline' END, now() - make_interval(mins => i), now() - make_interval(mins => i),
             CASE WHEN i % 50 = 0 THEN now() END
      FROM generate_series(1, ${sessions}) AS i;
    INSERT INTO turns (session_id, seq, status, degraded, trace)
      SELECT id, 1, 'completed', (row_number() OVER ()) % 40 = 0, '{"latencyMs": {"total": 12}}'::jsonb FROM sessions;
    INSERT INTO messages (session_id, turn_id, role, text)
      SELECT t.session_id, t.id, 'user', (ARRAY['waterproof hiking boots under 120', 'noise cancelling headphones', 'a gift for my dad', 'espresso machine', 'yoga mat'])[1 + (row_number() OVER ()) % 5] FROM turns t;
    INSERT INTO messages (session_id, turn_id, role, text) SELECT t.session_id, t.id, 'assistant', 'Here are 5 picks.' FROM turns t;
    INSERT INTO events (session_id, turn_id, kind) SELECT t.session_id, t.id, 'thumbs_down' FROM turns t WHERE (hashtext(t.id::text) % 20) = 0;
    ANALYZE;`);
  out(`# Transcript list benchmark — ${machineLine()}`);
  out();
  out(`${sessions.toLocaleString('en-US')} sessions (${Math.round((performance.now() - started) / 1000)} s to generate); ${runs} runs each, 25 per page`);
  out();
  out('| query | p50 | p95 |');
  out('|---|---|---|');
  const time = async (label: string, query: Record<string, string>, deep = false) => {
    const latencies: number[] = [];
    let cursor: string | null = null;
    if (deep) for (let i = 0; i < 40; i++) cursor = (await listTranscripts(db, transcriptFiltersSchema.parse({ ...query, ...(cursor ? { cursor } : {}) }))).nextCursor;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await listTranscripts(db, transcriptFiltersSchema.parse({ ...query, ...(cursor ? { cursor } : {}) }));
      latencies.push(performance.now() - t);
    }
    out(`| ${label} | ${ms(percentile(latencies, 50))} | ${ms(percentile(latencies, 95))} |`);
  };
  await time('newest first, page 1', {});
  await time('newest first, page 41 (keyset cursor)', {}, true);
  await time('thumbs-down', { thumbsDown: 'true' });
  await time('needs a person, not reviewed', { handoff: 'true', reviewed: 'false' });
  await time('degraded turns', { degraded: 'true' });
  await time('full-text "espresso"', { q: 'espresso' });
  await time('last 7 days, llm mode', { from: new Date(Date.now() - 7 * 86400_000).toISOString(), mode: 'llm' });
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
