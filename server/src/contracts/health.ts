import { z } from 'zod';

export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  /** The dependencies that are not working: "database", "llm". */
  degraded: z.array(z.enum(['database', 'llm', 'search'])),
  /** fault: the last storage failure seen by a statement (a full disk, damaged pages), until writes succeed again or the damage is repaired. */
  db: z.object({
    driver: z.enum(['pglite', 'pg']),
    ok: z.boolean(),
    fault: z.object({ kind: z.enum(['writes', 'corruption']), message: z.string(), since: z.string() }).nullable(),
  }),
  /**
   * vectorIndex: "repairing" while a damaged index is rebuilt; searches then use full text only.
   * vectors: products still waiting for their embedding (found by words meanwhile), and whether they are being filled in.
   */
  search: z.object({ vectorIndex: z.enum(['ok', 'repairing', 'failing']), vectors: z.object({ pending: z.number().int(), filling: z.boolean() }) }),
  /** circuit is null with the offline engine. */
  llm: z.object({ engine: z.enum(['offline', 'openai']), circuit: z.enum(['closed', 'open', 'half_open']).nullable() }),
  version: z.string(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
