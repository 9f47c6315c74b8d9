import { z } from 'zod';
import type { ChatDelta, ChatDone, ChatError, ChatFeedbackAck, ChatProducts, ChatSendAck, ChatStartAck, ProfileAck } from './chat-events.js';
import type { ErrorPayload } from './errors.js';

/** Sent once on every connection, so a client knows which server and engine it talks to. */
export const serverHelloSchema = z.object({
  version: z.string(),
  mode: z.enum(['llm', 'offline']),
});
export type ServerHello = z.infer<typeof serverHelloSchema>;

export type Ack<T> = (response: ({ ok: true } & T) | { ok: false; error: ErrorPayload }) => void;

/** client → server. Payloads are `unknown` on purpose: the gateway parses each with zod. */
export interface ClientToServerEvents {
  'system:ping': (payload: unknown, ack: Ack<{ serverTime: string }>) => void;
  'chat:start': (payload: unknown, ack: (response: ChatStartAck) => void) => void;
  'chat:send': (payload: unknown, ack: (response: ChatSendAck) => void) => void;
  'chat:retry': (payload: unknown, ack: (response: ChatSendAck) => void) => void;
  'chat:feedback': (payload: unknown, ack: (response: ChatFeedbackAck) => void) => void;
  'chat:profile': (payload: unknown, ack: (response: ProfileAck) => void) => void;
  'chat:profile:update': (payload: unknown, ack: (response: ProfileAck) => void) => void;
  'chat:profile:clear': (payload: unknown, ack: (response: ProfileAck) => void) => void;
}

/** server → client. */
export interface ServerToClientEvents {
  'system:hello': (hello: ServerHello) => void;
  'system:error': (error: ErrorPayload) => void;
  'chat:delta': (event: ChatDelta) => void;
  'chat:products': (event: ChatProducts) => void;
  'chat:done': (event: ChatDone) => void;
  'chat:error': (event: ChatError) => void;
}

export type InterServerEvents = Record<string, never>;

/** ip: the client's address by TRUST_PROXY, set when the socket connects. */
export type SocketData = { connectedAt: number; ip: string };
