import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { ChatDone, ChatSendAck, ChatStartAck } from '../../server/src/contracts/chat-events.js';
import { startTestApp, type RunningTestApp } from '../support/test-app.js';

describe('chat protocol over Socket.IO', () => {
  let server: RunningTestApp;
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = await startTestApp({ env: { CHAT_MESSAGES_PER_MINUTE_PER_SESSION: '6', CHAT_MAX_MESSAGE_CHARS: '200' }, seedProducts: 800 });
    url = server.baseUrl;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server.stop();
  });

  // Every chat:done is recorded from the start: a fast turn may finish before a test waits for it.
  const finished = new Map<Socket, ChatDone[]>();
  const client = async () => {
    const socket = connect(url, { transports: ['websocket'], forceNew: true });
    sockets.push(socket);
    finished.set(socket, []);
    socket.on('chat:done', (event: ChatDone) => finished.get(socket)!.push(event));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return socket;
  };
  const start = async (socket: Socket, payload: object = {}) => (await socket.timeout(10_000).emitWithAck('chat:start', payload)) as ChatStartAck;
  const send = async (socket: Socket, payload: object) => (await socket.timeout(10_000).emitWithAck('chat:send', payload)) as ChatSendAck;
  const done = async (socket: Socket, turnId: string): Promise<ChatDone> => {
    for (let i = 0; i < 200; i++) {
      const event = finished.get(socket)!.find((e) => e.turnId === turnId);
      if (event) return event;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no chat:done for turn ${turnId}`);
  };

  it('when a shopper starts and sends a message, then the turn streams deltas, products and a final answer', async () => {
    const socket = await client();
    const started = await start(socket);
    expect(started).toMatchObject({ ok: true, mode: 'offline', history: [] });
    if (!started.ok) return;
    const deltas: string[] = [];
    socket.on('chat:delta', (e: { text: string }) => deltas.push(e.text));
    const products = new Promise((resolve) => socket.once('chat:products', resolve));
    const ack = await send(socket, { sessionId: started.sessionId, text: 'waterproof hiking boots under 120', clientMessageId: 'a1' });
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    const final = await done(socket, ack.turnId);
    expect(await products).toMatchObject({ turnId: ack.turnId });
    expect(final.products.length).toBeGreaterThan(0);
    for (const card of final.products) expect(card.price).toBeLessThanOrEqual(120);
    expect(deltas.join('')).toBe(final.text);
  });

  it('when the same clientMessageId is sent again, then the same turn id comes back and the turn is not run twice', async () => {
    const socket = await client();
    const started = await start(socket);
    if (!started.ok) throw new Error('start failed');
    const first = await send(socket, { sessionId: started.sessionId, text: 'yoga mat', clientMessageId: 'same' });
    const again = await send(socket, { sessionId: started.sessionId, text: 'yoga mat', clientMessageId: 'same' });
    expect(again).toEqual(first);
    if (first.ok) await done(socket, first.turnId);
    const history = await start(socket, { sessionId: started.sessionId });
    expect(history.ok && history.history.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('when a second message arrives while a turn runs, then it is refused with TURN_IN_PROGRESS', async () => {
    const socket = await client();
    const started = await start(socket);
    if (!started.ok) throw new Error('start failed');
    const [first, second] = await Promise.all([
      send(socket, { sessionId: started.sessionId, text: 'running shoes', clientMessageId: 'r1' }),
      send(socket, { sessionId: started.sessionId, text: 'in blue', clientMessageId: 'r2' }),
    ]);
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, error: { code: 'TURN_IN_PROGRESS' } });
  });

  it('when the shopper disconnects mid-turn, then the turn still completes and comes back after reconnecting', async () => {
    const socket = await client();
    const started = await start(socket);
    if (!started.ok) throw new Error('start failed');
    const ack = await send(socket, { sessionId: started.sessionId, text: 'espresso machine', clientMessageId: 'd1' });
    socket.disconnect();
    if (!ack.ok) throw new Error('send failed');
    const again = await client();
    let history: ChatStartAck | undefined;
    for (let i = 0; i < 50; i++) {
      history = await start(again, { sessionId: started.sessionId });
      if (history.ok && history.history.some((m) => m.role === 'assistant' && m.turnId === ack.turnId)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(history?.ok && history.history.find((m) => m.role === 'assistant')?.products.length).toBeGreaterThan(0);
  });

  it.each([
    [{ text: '', clientMessageId: 'x' }, 'VALIDATION_FAILED'],
    [{ text: 'x'.repeat(201), clientMessageId: 'x' }, 'VALIDATION_FAILED'],
    [{ text: 42, clientMessageId: 'x' }, 'VALIDATION_FAILED'],
    [{ text: 'hi', clientMessageId: 'x', extra: 'field' }, 'VALIDATION_FAILED'],
  ])('when the payload is %j, then the ack is an error %s and the server keeps serving', async (payload, code) => {
    const socket = await client();
    const started = await start(socket);
    if (!started.ok) throw new Error('start failed');
    expect(await send(socket, { sessionId: started.sessionId, ...payload })).toMatchObject({ ok: false, error: { code } });
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });

  it('when a session is used without chat:start on this socket, then the send is refused', async () => {
    const owner = await client();
    const started = await start(owner);
    const stranger = await client();
    if (!started.ok) throw new Error('start failed');
    expect(await send(stranger, { sessionId: started.sessionId, text: 'hello', clientMessageId: 's1' })).toMatchObject({ ok: false, error: { code: 'SESSION_NOT_STARTED' } });
  });

  it('when a session sends faster than its limit, then it gets RATE_LIMITED', async () => {
    const socket = await client();
    const started = await start(socket);
    if (!started.ok) throw new Error('start failed');
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const ack = await send(socket, { sessionId: started.sessionId, text: 'thanks', clientMessageId: `rl-${i}` });
      codes.push(ack.ok ? 'ok' : ack.error.code);
      if (ack.ok) await done(socket, ack.turnId);
    }
    expect(codes.slice(0, 6)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(codes.slice(6)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('when a shopper resends messages already stored, then the resends do not use up the limit and still get their turn once it is spent', async () => {
    const socket = await client();
    const started = await start(socket);
    if (!started.ok) throw new Error('start failed');
    const first = await send(socket, { sessionId: started.sessionId, text: 'thanks', clientMessageId: 'again-0' });
    if (!first.ok) throw new Error('send failed');
    await done(socket, first.turnId);
    for (let i = 0; i < 8; i++) expect(await send(socket, { sessionId: started.sessionId, text: 'thanks', clientMessageId: 'again-0' })).toEqual({ ok: true, turnId: first.turnId });
    const codes: string[] = [];
    for (let i = 1; i < 8; i++) {
      const ack = await send(socket, { sessionId: started.sessionId, text: 'thanks', clientMessageId: `again-${i}` });
      codes.push(ack.ok ? 'ok' : ack.error.code);
      if (ack.ok) await done(socket, ack.turnId);
    }
    expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(await send(socket, { sessionId: started.sessionId, text: 'thanks', clientMessageId: 'again-3' })).toMatchObject({ ok: true });
  });

  it('when two shoppers chat at once, then neither sees the other one’s turn', async () => {
    const a = await client();
    const b = await client();
    const sa = await start(a);
    const sb = await start(b);
    if (!sa.ok || !sb.ok) throw new Error('start failed');
    const seenByB: string[] = [];
    b.on('chat:done', (e: ChatDone) => seenByB.push(e.turnId));
    const ackA = await send(a, { sessionId: sa.sessionId, text: 'dog bed', clientMessageId: 'iso-a' });
    const ackB = await send(b, { sessionId: sb.sessionId, text: 'cat tree', clientMessageId: 'iso-b' });
    if (!ackA.ok || !ackB.ok) throw new Error('send failed');
    await Promise.all([done(a, ackA.turnId), done(b, ackB.turnId)]);
    expect(seenByB).toEqual([ackB.turnId]);
  });

  it('when feedback is sent for a shown product, then it is acknowledged with an event id', async () => {
    const socket = await client();
    const started = await start(socket);
    if (!started.ok) throw new Error('start failed');
    const ack = await send(socket, { sessionId: started.sessionId, text: 'bike helmet', clientMessageId: 'f1' });
    if (!ack.ok) throw new Error('send failed');
    const final = await done(socket, ack.turnId);
    const feedback = await socket.timeout(5000).emitWithAck('chat:feedback', { sessionId: started.sessionId, turnId: ack.turnId, productId: final.products[0]!.id, kind: 'like' });
    expect(feedback).toMatchObject({ ok: true, eventId: expect.any(Number) });
    expect(await socket.timeout(5000).emitWithAck('chat:feedback', { sessionId: started.sessionId, kind: 'love' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});

describe('chat protocol: profile and per-IP limits', () => {
  let server: RunningTestApp;
  let url: string;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = await startTestApp({ env: { CHAT_MESSAGES_PER_MINUTE_PER_IP: '2' }, seedProducts: 300 });
    url = server.baseUrl;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server.stop();
  });
  const client = async () => {
    const socket = connect(url, { transports: ['websocket'], forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return socket;
  };

  it('when one IP sends more than its limit across sessions, then it gets RATE_LIMITED', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const socket = await client();
      const started = (await socket.timeout(5000).emitWithAck('chat:start', {})) as ChatStartAck;
      if (!started.ok) throw new Error('start failed');
      const ack = (await socket.timeout(5000).emitWithAck('chat:send', { sessionId: started.sessionId, text: 'hello', clientMessageId: `ip-${i}` })) as ChatSendAck;
      codes.push(ack.ok ? 'ok' : ack.error.code);
    }
    expect(codes).toEqual(['ok', 'ok', 'RATE_LIMITED']);
  });

  it('when the shopper opens "what I know about you", then they can see, edit and clear it', async () => {
    const socket = await client();
    const started = (await socket.timeout(5000).emitWithAck('chat:start', {})) as ChatStartAck;
    if (!started.ok) throw new Error('start failed');
    const edited = await socket.timeout(5000).emitWithAck('chat:profile:update', { sessionId: started.sessionId, patch: { budgetMax: 80, avoidedBrands: ['Nike'] } });
    expect(edited).toMatchObject({ ok: true, facts: ['Budget: up to $80', 'Brands you avoid: Nike'] });
    expect(await socket.timeout(5000).emitWithAck('chat:profile', { sessionId: started.sessionId })).toMatchObject({ ok: true, facts: ['Budget: up to $80', 'Brands you avoid: Nike'] });
    expect(await socket.timeout(5000).emitWithAck('chat:profile:clear', { sessionId: started.sessionId })).toMatchObject({ ok: true, facts: [] });
    expect(await socket.timeout(5000).emitWithAck('chat:profile:update', { sessionId: started.sessionId, patch: { budgetMax: -5 } })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});
