import { z } from 'zod';

/** The one error shape of every HTTP error response and every failed socket ack. */
export const errorPayloadSchema = z.object({
  code: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorPayload = z.infer<typeof errorPayloadSchema>;
export type ErrorResponse = { error: ErrorPayload };
