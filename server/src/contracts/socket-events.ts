import { z } from 'zod';
import type { ErrorPayload } from './errors.js';

/** Sent once on every connection, so a client knows which server and engine it talks to. */
export const serverHelloSchema = z.object({
  version: z.string(),
  mode: z.enum(['llm', 'offline']),
});
export type ServerHello = z.infer<typeof serverHelloSchema>;

export type Ack<T> = (response: ({ ok: true } & T) | { ok: false; error: ErrorPayload }) => void;

/** client → server. The chat:* events join this map with the chat issue. */
export interface ClientToServerEvents {
  'system:ping': (payload: unknown, ack: Ack<{ serverTime: string }>) => void;
}

/** server → client. */
export interface ServerToClientEvents {
  'system:hello': (hello: ServerHello) => void;
  'system:error': (error: ErrorPayload) => void;
}

export type InterServerEvents = Record<string, never>;

export type SocketData = { connectedAt: number };
