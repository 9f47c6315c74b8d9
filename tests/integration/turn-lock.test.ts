import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TurnRecovery } from '../../server/src/chat/turn-recovery.js';
import { completeTurn, createSession, getTurn, recordUserMessage } from '../../server/src/transcripts/transcript-repository.js';
import { captureLogger } from '../support/capture-logger.js';
import { allDrivers, type TestDb } from '../support/test-db.js';

/** The turn lock lives in Postgres, so it holds across server processes (two-servers.test.ts). */
describe.each(allDrivers)('one turn at a time per session on $name', ({ open }) => {
  let opened: TestDb;
  beforeAll(async () => {
    opened = await open({ migrated: true });
  });
  afterAll(async () => opened.cleanup());

  it('when a turn is still running, then another message is refused, a resend is not, and the lock ends with the turn', async () => {
    const { db } = opened;
    const session = await createSession(db, { mode: 'offline' });
    const first = await recordUserMessage(db, { sessionId: session.id, text: 'hiking boots', clientMessageId: 'm1' });
    await expect(recordUserMessage(db, { sessionId: session.id, text: 'cheaper', clientMessageId: 'm2' })).rejects.toMatchObject({ code: 'TURN_IN_PROGRESS', httpStatus: 409 });
    expect(await recordUserMessage(db, { sessionId: session.id, text: 'hiking boots', clientMessageId: 'm1' })).toEqual({ turnId: first.turnId, created: false });
    await completeTurn(db, { sessionId: session.id, turnId: first.turnId, text: 'Here you go.', products: [], suggestions: [], degraded: false, status: 'completed', trace: {}, llmTokens: 0 });
    expect((await recordUserMessage(db, { sessionId: session.id, text: 'cheaper', clientMessageId: 'm2' })).created).toBe(true);
  });

  it('when several messages for one session arrive at once, then exactly one opens a turn and the others are refused without being stored', async () => {
    const { db } = opened;
    const session = await createSession(db, { mode: 'offline' });
    const outcomes = await Promise.allSettled(['a', 'b', 'c', 'd', 'e'].map((id) => recordUserMessage(db, { sessionId: session.id, text: `message ${id}`, clientMessageId: id })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const refused of outcomes.filter((o) => o.status === 'rejected')) expect(refused.reason).toMatchObject({ code: 'TURN_IN_PROGRESS' });
    const stored = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE session_id = $1`, [session.id]);
    expect(stored.rows[0]!.n).toBe(1);
  });

  it('when the session does not exist, then the message is refused as SESSION_NOT_FOUND and no turn is opened', async () => {
    const { db } = opened;
    const missing = '00000000-0000-4000-8000-000000000404';
    await expect(recordUserMessage(db, { sessionId: missing, text: 'hiking boots', clientMessageId: 'm1' })).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    const turns = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM turns WHERE session_id = $1`, [missing]);
    expect(turns.rows[0]!.n).toBe(0);
  });

  it('when a turn never finished because its server died, then it stops blocking the session after two minutes', async () => {
    const { db } = opened;
    const session = await createSession(db, { mode: 'offline' });
    const stuck = await recordUserMessage(db, { sessionId: session.id, text: 'hiking boots', clientMessageId: 'm1' });
    await db.query(`UPDATE turns SET status = 'running', started_at = now() - interval '3 minutes' WHERE id = $1`, [stuck.turnId]);
    expect((await recordUserMessage(db, { sessionId: session.id, text: 'hello again', clientMessageId: 'm2' })).created).toBe(true);
  });

  it('when a server stops beating, then its unfinished turns become interrupted while a live server\'s running turn and this server\'s own are left alone', async () => {
    const { db } = opened;
    const recovery = new TurnRecovery(db, captureLogger().logger, false);
    await recovery.start();
    try {
      const dead = '00000000-0000-4000-8000-00000000dead';
      const alive = '00000000-0000-4000-8000-0000000a11fe';
      await db.query(`INSERT INTO runners (id, seen_at) VALUES ($1, now() - interval '1 minute'), ($2, now())`, [dead, alive]);
      const turnOf = async (runnerId: string, name: string) => {
        const session = await createSession(db, { mode: 'offline' });
        const { turnId } = await recordUserMessage(db, { sessionId: session.id, text: name, clientMessageId: name, runnerId });
        await db.query(`UPDATE turns SET status = 'running' WHERE id = $1`, [turnId]);
        return turnId;
      };
      const ofDead = await turnOf(dead, 'dead');
      const ofAlive = await turnOf(alive, 'alive');
      const mineRunning = await turnOf(recovery.runnerId, 'mine-running');
      const mineAbandoned = await turnOf(recovery.runnerId, 'mine-abandoned');
      recovery.active.add(mineRunning);
      expect(await recovery.sweep(false)).toBeGreaterThanOrEqual(2);
      const status = async (id: string) => (await getTurn(db, id))!.status;
      expect([await status(ofDead), await status(ofAlive), await status(mineRunning), await status(mineAbandoned)]).toEqual(['interrupted', 'running', 'running', 'interrupted']);
    } finally {
      await recovery.stop();
    }
  });
});
