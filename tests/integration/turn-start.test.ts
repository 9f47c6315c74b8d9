import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markTurnRunning, readsForAccept, startTurn } from '../../server/src/chat/turn-start.js';
import { saveProfile } from '../../server/src/profile/profile-repository.js';
import { EMPTY_PREFERENCES } from '../../server/src/profile/conversation-state.js';
import { completeTurn, createSession, getTurn, recordUserMessage } from '../../server/src/transcripts/transcript-repository.js';
import type { Db } from '../../server/src/db/port.js';
import { bothDrivers, type TestDb } from '../support/test-db.js';

/** One finished turn: the shopper's message and the assistant's answer. */
async function answeredTurn(db: Db, sessionId: string, asked: string, answered: string): Promise<void> {
  const { turnId } = await recordUserMessage(db, { sessionId, text: asked, clientMessageId: asked });
  await completeTurn(db, { sessionId, turnId, text: answered, products: [], suggestions: [], degraded: false, status: 'completed', trace: {}, llmTokens: 7 });
}

describe.each(bothDrivers)('the start of a turn on $name', ({ open }) => {
  let opened: TestDb;
  beforeAll(async () => {
    opened = await open({ migrated: true });
  });
  afterAll(async () => opened.cleanup());

  it('when a turn starts, then it is running and the messages before it come back oldest first, at most the limit', async () => {
    const { db } = opened;
    const session = await createSession(db, { mode: 'llm' });
    await answeredTurn(db, session.id, 'hiking boots', 'Here are five.');
    await answeredTurn(db, session.id, 'cheaper', 'Here are cheaper ones.');
    const { turnId } = await recordUserMessage(db, { sessionId: session.id, text: 'in black', clientMessageId: 'now' });
    const start = await startTurn(db, { sessionId: session.id, turnId, historyLimit: 3 });
    expect((await getTurn(db, turnId))?.status).toBe('running');
    expect(start.history).toEqual([
      { role: 'assistant', text: 'Here are five.' },
      { role: 'user', text: 'cheaper' },
      { role: 'assistant', text: 'Here are cheaper ones.' },
    ]);
    expect(start.session).toMatchObject({ shopperId: null, llmTokens: 14 });
    expect((await startTurn(db, { sessionId: session.id, turnId, historyLimit: 0 })).history).toEqual([]);
  });

  it('when a message is accepted with the start reads, then they match what startTurn reads for its turn, and the turn stays pending until it is marked running', async () => {
    const { db } = opened;
    const shopperId = '2b7d4f4e-8c0b-4f55-9a7e-3d1f2a9c6e21';
    const earlier = await createSession(db, { mode: 'llm', shopperId });
    await saveProfile(db, { sessionId: earlier.id, shopperId, profile: { vector: null, preferences: { ...EMPTY_PREFERENCES, likedBrands: ['Salomon'] } } });
    const session = await createSession(db, { mode: 'llm', shopperId });
    await answeredTurn(db, session.id, 'hiking boots', 'Here are five.');
    const { reads, toStart } = readsForAccept(6);
    const accepted = await recordUserMessage(db, { sessionId: session.id, text: 'in black', clientMessageId: 'accept-reads', reads });
    const start = toStart(accepted.read);
    expect(start.history).toEqual([{ role: 'user', text: 'hiking boots' }, { role: 'assistant', text: 'Here are five.' }]);
    expect(start.session).toMatchObject({ shopperId, llmTokens: 7 });
    expect(start.profile.preferences.likedBrands).toEqual(['Salomon']);
    expect((await getTurn(db, accepted.turnId))?.status).toBe('pending');
    expect(await startTurn(db, { sessionId: session.id, turnId: accepted.turnId, historyLimit: 6 })).toEqual(start);
    // Marking never takes a finished turn back to running.
    await completeTurn(db, { sessionId: session.id, turnId: accepted.turnId, text: 'Black ones.', products: [], suggestions: [], degraded: false, status: 'completed', trace: {}, llmTokens: 0 });
    await markTurnRunning(db, accepted.turnId);
    expect((await getTurn(db, accepted.turnId))?.status).toBe('completed');
    const resent = await recordUserMessage(db, { sessionId: session.id, text: 'in black', clientMessageId: 'accept-reads', reads });
    expect(resent).toEqual({ turnId: accepted.turnId, created: false });
  });

  it('when the session has no profile yet, then its returning shopper’s long-term one comes back, and the session’s own once it has one', async () => {
    const { db } = opened;
    const shopperId = '6f1c1c3e-2d1a-4c8e-9a51-0c2b8f9e4d11';
    const earlier = await createSession(db, { mode: 'offline', shopperId });
    const vector = Array.from({ length: 384 }, (_, i) => (i === 0 ? 0.6 : i === 1 ? 0.8 : 0));
    const longTerm = { vector, preferences: { ...EMPTY_PREFERENCES, likedBrands: ['Salomon'] } };
    await saveProfile(db, { sessionId: earlier.id, shopperId, profile: longTerm });
    const session = await createSession(db, { mode: 'offline', shopperId });
    const { turnId } = await recordUserMessage(db, { sessionId: session.id, text: 'boots', clientMessageId: 'b' });
    const first = await startTurn(db, { sessionId: session.id, turnId, historyLimit: 6 });
    expect(first.session?.shopperId).toBe(shopperId);
    expect(first.profile.preferences.likedBrands).toEqual(['Salomon']);
    expect(first.profile.vector?.slice(0, 3).map((v) => Math.round(v * 10) / 10)).toEqual([0.6, 0.8, 0]);
    // saveProfile also carries to the long-term row: the session's own row is told apart by its brands.
    await db.query(`INSERT INTO profiles (session_id, preferences) VALUES ($1, $2::jsonb)`, [session.id, JSON.stringify({ likedBrands: ['Merrell'] })]);
    const second = await startTurn(db, { sessionId: session.id, turnId, historyLimit: 6 });
    expect(second.profile).toEqual({ vector: null, preferences: { ...EMPTY_PREFERENCES, likedBrands: ['Merrell'] } });
  });

  it('when the session is gone, then the start says so and holds an empty profile and history', async () => {
    const { db } = opened;
    const start = await startTurn(db, { sessionId: '00000000-0000-4000-8000-000000000404', turnId: '00000000-0000-4000-8000-000000000405', historyLimit: 6 });
    expect(start).toEqual({ session: null, profile: { vector: null, preferences: EMPTY_PREFERENCES }, history: [] });
  });
});
