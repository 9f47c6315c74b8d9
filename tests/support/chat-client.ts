import { io as connect, type Socket } from 'socket.io-client';
import type { ChatDelta, ChatDone, ChatSendAck, ChatStartAck } from '../../server/src/contracts/chat-events.js';

export type ChatClient = {
  socket: Socket;
  start(payload?: object): Promise<ChatStartAck>;
  send(payload: object): Promise<ChatSendAck>;
  /** Resolves with the turn's chat:done, recorded from the moment the client connected. */
  done(turnId: string, timeoutMs?: number): Promise<ChatDone>;
  /** performance.now() when each turn's first chat:delta arrived. */
  firstDeltaAt: Map<string, number>;
  close(): void;
};

/** A socket.io client speaking the chat protocol, as the widget does. */
export async function connectChatClient(url: string): Promise<ChatClient> {
  const socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  const finished: ChatDone[] = [];
  const firstDeltaAt = new Map<string, number>();
  socket.on('chat:done', (event: ChatDone) => finished.push(event));
  socket.on('chat:delta', (event: ChatDelta) => {
    if (!firstDeltaAt.has(event.turnId)) firstDeltaAt.set(event.turnId, performance.now());
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    socket,
    start: async (payload = {}) => (await socket.timeout(10_000).emitWithAck('chat:start', payload)) as ChatStartAck,
    send: async (payload) => (await socket.timeout(10_000).emitWithAck('chat:send', payload)) as ChatSendAck,
    done: async (turnId, timeoutMs = 10_000) => {
      for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 10))) {
        const event = finished.find((e) => e.turnId === turnId);
        if (event) return event;
      }
      throw new Error(`no chat:done for turn ${turnId}`);
    },
    firstDeltaAt,
    close: () => socket.close(),
  };
}
