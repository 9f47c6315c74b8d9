import { io as connect, type Socket } from 'socket.io-client';
import type { ChatDelta, ChatDone, ChatError, ChatSendAck, ChatStartAck } from '../../server/src/contracts/chat-events.js';

export type ChatClient = {
  socket: Socket;
  start(payload?: object): Promise<ChatStartAck>;
  send(payload: object): Promise<ChatSendAck>;
  retry(payload: object): Promise<ChatSendAck>;
  /** Every chat:error received so far. */
  errors: ChatError[];
  /** Resolves with the turn's chat:done, recorded from the moment the client connected. */
  done(turnId: string, timeoutMs?: number): Promise<ChatDone>;
  /** performance.now() when each turn's first chat:delta arrived. */
  firstDeltaAt: Map<string, number>;
  /** Everything streamed for each turn, products included: what the shopper saw before chat:done. */
  streamed: Map<string, { text: string; products: Array<{ id: number; title: string; price: number }> }>;
  close(): void;
};

/** A socket.io client speaking the chat protocol, as the widget does. */
export async function connectChatClient(url: string): Promise<ChatClient> {
  const socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  const finished: ChatDone[] = [];
  const firstDeltaAt = new Map<string, number>();
  const errors: ChatError[] = [];
  const streamed = new Map<string, { text: string; products: Array<{ id: number; title: string; price: number }> }>();
  const streamOf = (turnId: string) => streamed.get(turnId) ?? streamed.set(turnId, { text: '', products: [] }).get(turnId)!;
  socket.on('chat:products', (event: { turnId: string; products: Array<{ id: number; title: string; price: number }> }) => streamOf(event.turnId).products.push(...event.products));
  socket.on('chat:done', (event: ChatDone) => finished.push(event));
  socket.on('chat:error', (event: ChatError) => errors.push(event));
  socket.on('chat:delta', (event: ChatDelta) => {
    if (!firstDeltaAt.has(event.turnId)) firstDeltaAt.set(event.turnId, performance.now());
    streamOf(event.turnId).text += event.text;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    socket,
    start: async (payload = {}) => (await socket.timeout(10_000).emitWithAck('chat:start', payload)) as ChatStartAck,
    send: async (payload) => (await socket.timeout(10_000).emitWithAck('chat:send', payload)) as ChatSendAck,
    retry: async (payload) => (await socket.timeout(10_000).emitWithAck('chat:retry', payload)) as ChatSendAck,
    errors,
    // Woken by the event, not by polling: a load test runs hundreds of these at once.
    done: (turnId, timeoutMs = 10_000) =>
      new Promise<ChatDone>((resolve, reject) => {
        const arrived = finished.find((e) => e.turnId === turnId);
        if (arrived) return resolve(arrived);
        const onDone = (event: ChatDone) => {
          if (event.turnId !== turnId) return;
          clearTimeout(timer);
          socket.off('chat:done', onDone);
          resolve(event);
        };
        const timer = setTimeout(() => {
          socket.off('chat:done', onDone);
          reject(new Error(`no chat:done for turn ${turnId}`));
        }, timeoutMs);
        socket.on('chat:done', onDone);
      }),
    firstDeltaAt,
    streamed,
    close: () => socket.close(),
  };
}

/** Starts a session and sends one message, resolving once its cards are out: the turn is then mid-flight (explaining). */
export async function turnInFlight(client: ChatClient, text: string, clientMessageId: string): Promise<{ sessionId: string; turnId: string }> {
  const started = await client.start();
  if (!started.ok) throw new Error(started.error.message);
  const productsShown = new Promise((resolve) => client.socket.once('chat:products', resolve));
  const sent = await client.send({ sessionId: started.sessionId, text, clientMessageId });
  if (!sent.ok) throw new Error(sent.error.message);
  await productsShown;
  return { sessionId: started.sessionId, turnId: sent.turnId };
}
