import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, recordUserMessage } from '../../server/src/transcripts/transcript-repository.js';
import { signIn } from '../support/staff-session.js';
import { startTestApp, type RunningTestApp } from '../support/test-app.js';

describe('support transcript review', () => {
  let server: RunningTestApp;
  let signed: { cookie: string; csrf: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestApp();
    const db = server.app.db;
    const { createUser } = await import('../../server/src/auth/users.js');
    await createUser(db, { email: 'support@test.local', role: 'support', password: 'support-password-1' });
    signed = await signIn(server.baseUrl, 'support@test.local', 'support-password-1');
    // Five conversations with different stories, a second apart.
    for (const [name, text] of [['plain', 'yoga mat'], ['angry', 'the boots were terrible'], ['handoff', 'talk to a person'], ['degraded', 'espresso machine'], ['empty', 'boots under 5']] as const) {
      const session = await createSession(db, { mode: name === 'degraded' ? 'llm' : 'offline' });
      ids[name] = session.id;
      const { turnId } = await recordUserMessage(db, { sessionId: session.id, text, clientMessageId: name });
      const trace = name === 'degraded' ? { fallbacks: [{ step: 'understand', reason: 'timeout' }], prompts: [{ template: 'explain', version: 2 }] } : name === 'empty' ? { emptyResult: 'Nothing matches' } : {};
      await db.query(`UPDATE turns SET status = 'completed', degraded = $2, trace = $3::jsonb WHERE id = $1`, [turnId, name === 'degraded', JSON.stringify(trace)]);
      if (name === 'angry') await db.query(`INSERT INTO events (session_id, turn_id, kind) VALUES ($1, $2, 'thumbs_down')`, [session.id, turnId]);
      if (name === 'handoff') await db.query('UPDATE sessions SET handoff_requested_at = now() WHERE id = $1', [session.id]);
      await db.query(`UPDATE sessions SET created_at = now() - make_interval(secs => $2) WHERE id = $1`, [session.id, Object.keys(ids).length]);
    }
  });
  afterAll(async () => server.stop());

  const get = async (query: string) => {
    const res = await fetch(`${server.baseUrl}/api/transcripts${query}`, { headers: { cookie: signed.cookie } });
    return (await res.json()) as { items: Array<{ id: string }>; nextCursor: string | null; error?: { code: string } };
  };
  const only = async (query: string) => (await get(query)).items.map((i) => i.id);

  it.each([
    ['?thumbsDown=true', ['angry']],
    ['?degraded=true', ['degraded']],
    ['?emptyResults=true', ['empty']],
    ['?handoff=true', ['handoff']],
    ['?mode=llm', ['degraded']],
    ['?promptVersion=explain@2', ['degraded']],
    ['?q=terrible', ['angry']],
    ['?q=espresso', ['degraded']],
  ])('when support filters %s, then exactly the matching conversations come back', async (query, names) => {
    expect(await only(query)).toEqual(names.map((n) => ids[n]));
  });

  it('when pages are walked with the cursor, then every conversation comes exactly once, newest first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['plain', 'angry', 'handoff', 'degraded', 'empty'].map((n) => ids[n]));
    expect((await get('?cursor=garbage')).error?.code).toBe('INVALID_CURSOR');
  });

  it('when a filtered set is exported, then JSON and CSV are streamed with every matching conversation', async () => {
    const json = await fetch(`${server.baseUrl}/api/transcripts/export?format=json&thumbsDown=true`, { headers: { cookie: signed.cookie } });
    expect(json.headers.get('transfer-encoding')).toBe('chunked');
    const parsed = (await json.json()) as Array<{ id: string; messages: Array<{ text: string }> }>;
    expect(parsed.map((p) => p.id)).toEqual([ids.angry]);
    expect(parsed[0]?.messages[0]?.text).toBe('the boots were terrible');
    const csv = await (await fetch(`${server.baseUrl}/api/transcripts/export?format=csv`, { headers: { cookie: signed.cookie } })).text();
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('session_id,session_created_at,mode,message_id,turn_id,role,created_at,text,product_ids');
    expect(lines).toHaveLength(6);
    const one = await (await fetch(`${server.baseUrl}/api/transcripts/${ids.handoff}/export?format=csv`, { headers: { cookie: signed.cookie } })).text();
    expect(one.trim().split('\n')).toHaveLength(2);
    expect(one).toContain('talk to a person');
  });

  it('when the overview is requested, then rates and the queries that found nothing are computed from the turns', async () => {
    await server.app.db.query(`UPDATE turns SET trace = trace || '{"latencyMs": {"total": 10}}'::jsonb`);
    const overview = (await (await fetch(`${server.baseUrl}/api/transcripts/overview?days=7`, { headers: { cookie: signed.cookie } })).json()) as { turns: number; thumbsDown: number; emptyResultRate: number; fallbackRate: number; latencyMs: { p50: number }; topEmptyQueries: Array<{ query: string; count: number }>; days: Array<{ sessions: number }> };
    expect(overview.turns).toBe(5);
    expect(overview.thumbsDown).toBe(1);
    expect(overview.emptyResultRate).toBeCloseTo(1 / 5, 10);
    expect(overview.fallbackRate).toBeCloseTo(1 / 5, 10);
    expect(overview.latencyMs.p50).toBe(10);
    expect(overview.topEmptyQueries).toEqual([{ query: 'boots under 5', count: 1 }]);
    expect(overview.days.reduce((n, d) => n + d.sessions, 0)).toBe(5);
  });

  it('when a conversation is flagged, tagged and marked reviewed, then the filters and the view show it', async () => {
    const patch = await fetch(`${server.baseUrl}/api/transcripts/${ids.angry}/review`, { method: 'PATCH', headers: { 'content-type': 'application/json', cookie: signed.cookie, 'x-csrf-token': signed.csrf }, body: JSON.stringify({ flagged: true, flagReason: 'bad advice', tags: ['boots'], notes: 'check ranking', reviewed: true }) });
    expect(patch.status).toBe(200);
    expect(await only('?flagged=true')).toEqual([ids.angry]);
    expect(await only('?reviewed=false&handoff=true')).toEqual([ids.handoff]);
    const view = (await (await fetch(`${server.baseUrl}/api/transcripts/${ids.angry}`, { headers: { cookie: signed.cookie } })).json()) as { messages: Array<{ text: string }>; events: Array<{ kind: string }>; review: { flagged: boolean; tags: string[] } };
    expect(view.messages[0]?.text).toBe('the boots were terrible');
    expect(view.events.map((e) => e.kind)).toEqual(['thumbs_down']);
    expect(view.review).toMatchObject({ flagged: true, tags: ['boots'] });
  });
});
