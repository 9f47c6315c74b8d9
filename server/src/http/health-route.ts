import { Router } from 'express';
import type { HealthResponse } from '../contracts/health.js';
import type { Db } from '../db/port.js';
import { APP_VERSION } from '../version.js';

type CircuitState = 'closed' | 'open' | 'half_open';

/**
 * 503 only when the database is down (this server cannot answer anyone). An open LLM circuit
 * is reported as degraded with 200: turns still complete with the offline engine, and every
 * replica shares the same provider, so taking this one out of rotation would not help.
 */
export function healthRouter({ db, llm }: { db: Db; llm?: { engine: 'offline' | 'openai'; circuit: () => CircuitState | null } }): Router {
  const router = Router();
  router.get('/api/health', async (_req, res) => {
    const ok = await db.ping();
    const circuit = llm?.circuit() ?? null;
    const degraded: HealthResponse['degraded'] = [...(ok ? [] : ['database' as const]), ...(circuit === 'open' ? ['llm' as const] : [])];
    const body: HealthResponse = {
      status: degraded.length ? 'degraded' : 'ok',
      degraded,
      db: { driver: db.driver, ok },
      llm: { engine: llm?.engine ?? 'offline', circuit },
      version: APP_VERSION,
    };
    res.status(ok ? 200 : 503).json(body);
  });
  return router;
}
