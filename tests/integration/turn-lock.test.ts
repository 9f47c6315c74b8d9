import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeTurn, createSession, recordUserMessage } from '../../server/src/transcripts/transcript-repository.js';
import { bothDrivers, type TestDb } from '../support/test-db.js';

/** The turn lock lives in Postgres, so it holds across server processes (two-servers.test.ts). */
describe.each(bothDrivers)('one turn at a time per session on $name', ({ open }) => {
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
    await completeTurn(db, { sessionId: session.id, turnId: first.turnId, text: 'Here you go.', products: [], suggestions: [], degraded: false, status: 'completed', trace: {} });
    expect((await recordUserMessage(db, { sessionId: session.id, text: 'cheaper', clientMessageId: 'm2' })).created).toBe(true);
  });

  it('when a turn never finished because its server died, then it stops blocking the session after two minutes', async () => {
    const { db } = opened;
    const session = await createSession(db, { mode: 'offline' });
    const stuck = await recordUserMessage(db, { sessionId: session.id, text: 'hiking boots', clientMessageId: 'm1' });
    await db.query(`UPDATE turns SET status = 'running', started_at = now() - interval '3 minutes' WHERE id = $1`, [stuck.turnId]);
    expect((await recordUserMessage(db, { sessionId: session.id, text: 'hello again', clientMessageId: 'm2' })).created).toBe(true);
  });
});
