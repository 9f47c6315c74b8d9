import { z } from 'zod';

export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  /** The dependencies that are not working: "database", "llm". */
  degraded: z.array(z.enum(['database', 'llm'])),
  db: z.object({ driver: z.enum(['pglite', 'pg']), ok: z.boolean() }),
  /** circuit is null with the offline engine. */
  llm: z.object({ engine: z.enum(['offline', 'openai']), circuit: z.enum(['closed', 'open', 'half_open']).nullable() }),
  version: z.string(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
