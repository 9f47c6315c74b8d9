import { z } from 'zod';
import type { ErrorPayload } from './errors.js';
import { FEEDBACK_KINDS, profilePatchSchema } from './feedback.js';
import { noControlCharacters, shopperText } from './shopper-text.js';
import { MAX_ID } from './catalog.js';
import type { ProductCard } from './product-card.js';

/** Socket payloads are parsed with these at the edge; the TypeScript types alone prove nothing. */
export const chatStartSchema = z.object({ sessionId: z.uuid().optional(), shopperId: z.uuid().optional() }).strict();
export type ChatStart = z.infer<typeof chatStartSchema>;

export const chatSendSchema = (maxChars: number) =>
  z
    .object({
      sessionId: z.uuid(),
      text: shopperText().pipe(z.string().min(1, 'a message needs some text').max(maxChars, `a message has at most ${maxChars} characters`)),
      clientMessageId: noControlCharacters().min(1).max(100),
    })
    .strict();
export type ChatSend = z.infer<ReturnType<typeof chatSendSchema>>;

export const chatRetrySchema = z.object({ sessionId: z.uuid(), turnId: z.uuid() }).strict();

export const chatFeedbackSchema = z
  .object({
    sessionId: z.uuid(),
    turnId: z.uuid().optional(),
    productId: z.number().int().positive().max(MAX_ID, 'is not a product id').optional(),
    kind: z.enum(FEEDBACK_KINDS),
    comment: shopperText().pipe(z.string().max(1000)).optional(),
  })
  .strict();
export type ChatFeedback = z.infer<typeof chatFeedbackSchema>;

export const chatProfileSchema = z.object({ sessionId: z.uuid() }).strict();
export const chatProfileUpdateSchema = z.object({ sessionId: z.uuid(), patch: profilePatchSchema.strict() }).strict();
export type ProfileAck = AckResponse<{ facts: string[]; preferences: unknown; hasTasteVector: boolean }>;

/** `interrupted`: a shopper message whose answer never came (offer chat:retry). */
export type HistoryMessage = { role: 'user' | 'assistant'; text: string; turnId: string | null; products: ProductCard[]; suggestions: string[]; createdAt: string; interrupted?: boolean };

export type AckResponse<T> = ({ ok: true } & T) | { ok: false; error: ErrorPayload };

export type ChatStartAck = AckResponse<{ sessionId: string; shopperId: string | null; mode: 'llm' | 'offline'; history: HistoryMessage[] }>;
export type ChatSendAck = AckResponse<{ turnId: string }>;
export type ChatFeedbackAck = AckResponse<{ eventId: number }>;

export type ChatDelta = { turnId: string; text: string };
export type ChatProducts = { turnId: string; products: ProductCard[] };
export type ChatDone = { turnId: string; text: string; products: ProductCard[]; suggestions: string[]; degraded: boolean };
export type ChatError = { turnId?: string; code: string; message: string };
