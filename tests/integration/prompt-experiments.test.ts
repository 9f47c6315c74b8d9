import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignVariant } from '../../server/src/prompts/experiments.js';
import { createSessionPrompts } from '../../server/src/prompts/prompt-store.js';
import { createSession } from '../../server/src/transcripts/transcript-repository.js';
import { signIn, staffCall } from '../support/staff-session.js';
import { startTestApp, type RunningTestApp } from '../support/test-app.js';

describe('A/B assignment', () => {
  it('when the same session asks twice, then it gets the same variant', () => {
    for (let i = 0; i < 50; i++) expect(assignVariant(`session-${i}`, 'exp-1', 30)).toBe(assignVariant(`session-${i}`, 'exp-1', 30));
  });

  it('when 10,000 sessions are split 30/70, then about 30 % get variant B', () => {
    const b = Array.from({ length: 10_000 }, (_, i) => assignVariant(`s-${i}`, 'exp-2', 30)).filter((v) => v === 'b').length;
    expect(b / 10_000).toBeGreaterThan(0.28);
    expect(b / 10_000).toBeLessThan(0.32);
    expect(Array.from({ length: 1000 }, (_, i) => assignVariant(`s-${i}`, 'exp-3', 0)).every((v) => v === 'a')).toBe(true);
  });
});

describe('A/B tests of prompt versions', () => {
  let server: RunningTestApp;
  let signed: { cookie: string; csrf: string };
  beforeAll(async () => {
    server = await startTestApp();
    signed = await signIn(server.baseUrl, 'admin@test.local', 'test-admin-password');
  });
  afterAll(async () => server.stop());
  const api = (method: string, path: string, body?: unknown) => staffCall(server.baseUrl, signed, method, path, body);

  it('when an A/B test runs, then each session sticks to its variant and the figures count turns and feedback per version', async () => {
    const saved = await api('POST', '/api/prompts/explain/versions', { body: 'Short: <cards>{{cards}}</cards> <shopper>{{message}}</shopper> {{history}}', message: 'short' });
    const versionB = (saved.body.version as { version: number }).version;
    const started = await api('POST', '/api/prompts/explain/experiments', { versionA: 1, versionB, shareB: 50 });
    expect(started.status).toBe(201);
    const prompts = createSessionPrompts(server.app.db, 0);
    const versions = new Map<string, number>();
    for (let i = 0; i < 20; i++) {
      const session = await createSession(server.app.db, { mode: 'llm' });
      const first = (await prompts(session.id)).get('explain')!.version;
      expect((await prompts(session.id)).get('explain')!.version).toBe(first);
      versions.set(session.id, first);
    }
    expect(new Set(versions.values())).toEqual(new Set([1, versionB]));
    expect((await prompts()).get('explain')!.version).toBe(1);

    // Two traced turns per variant; one thumbs-up on a version-B turn.
    for (const [sessionId, version] of [...versions.entries()].slice(0, 6)) {
      const { rows } = await server.app.db.query<{ id: string }>(
        `INSERT INTO turns (session_id, seq, status, trace) VALUES ($1, 1, 'completed', $2::jsonb) RETURNING id`,
        [sessionId, JSON.stringify({ prompts: [{ step: 'explain', template: 'explain', version }], fallbacks: [], latencyMs: { total: version === 1 ? 40 : 20 } })],
      );
      if (version === versionB) await server.app.db.query(`INSERT INTO events (session_id, turn_id, kind) VALUES ($1, $2, 'thumbs_up')`, [sessionId, rows[0]!.id]);
    }
    const { body } = await api('GET', '/api/prompts/explain/experiments/current');
    const figures = body.figures as Array<{ version: number; turns: number; thumbsUp: number; thumbsUpRate: number | null; medianLatencyMs: number | null }>;
    const sixSessions = [...versions.values()].slice(0, 6);
    expect(figures.map((f) => f.turns)).toEqual([sixSessions.filter((v) => v === 1).length, sixSessions.filter((v) => v === versionB).length]);
    const b = figures.find((f) => f.version === versionB)!;
    if (b.turns > 0) expect(b).toMatchObject({ thumbsUp: b.turns, thumbsUpRate: 1, medianLatencyMs: 20 });
    expect((await api('POST', '/api/prompts/explain/experiments/end')).status).toBe(200);
    expect(((await prompts('any-session')).get('explain'))!.version).toBe(1);
  });
});
