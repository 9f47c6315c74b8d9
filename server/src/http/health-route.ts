import { Router } from 'express';
import type { HealthResponse } from '../contracts/health.js';
import type { Db } from '../db/port.js';
import type { StorageFaults } from '../db/storage-faults.js';
import { APP_VERSION } from '../version.js';

type CircuitState = 'closed' | 'open' | 'half_open';

/**
 * 503 when the database is down or failing writes (this server cannot keep what anyone sends).
 * Vectors still filling in are reported, not degraded (words find those products meanwhile).
 * An open LLM circuit or a vector index under repair is reported as degraded with 200: turns
 * still complete (offline engine, full-text search), so taking this server out of rotation would not help.
 */
export function healthRouter({ db, faults, vectorIndex, vectors, llm }: { db: Db; faults: StorageFaults; vectorIndex: () => HealthResponse['search']['vectorIndex']; vectors: () => HealthResponse['search']['vectors']; llm?: { engine: 'offline' | 'openai'; circuit: () => CircuitState | null } }): Router {
  const router = Router();
  router.get('/api/health', async (_req, res) => {
    const reachable = await db.ping();
    const fault = faults.current();
    const ok = reachable && fault?.kind !== 'writes';
    const circuit = llm?.circuit() ?? null;
    const search = { vectorIndex: vectorIndex(), vectors: vectors() };
    const degraded: HealthResponse['degraded'] = [
      ...(ok && !fault ? [] : ['database' as const]),
      ...(circuit === 'open' ? ['llm' as const] : []),
      ...(search.vectorIndex === 'ok' ? [] : ['search' as const]),
    ];
    const body: HealthResponse = {
      status: degraded.length ? 'degraded' : 'ok',
      degraded,
      db: { driver: db.driver, ok, fault },
      search,
      llm: { engine: llm?.engine ?? 'offline', circuit },
      version: APP_VERSION,
    };
    res.status(ok ? 200 : 503).json(body);
  });
  return router;
}
