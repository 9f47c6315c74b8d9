import { Router } from 'express';
import type { HealthResponse } from '../contracts/health.js';
import type { Db } from '../db/port.js';
import { APP_VERSION } from '../version.js';

export function healthRouter({ db }: { db: Db }): Router {
  const router = Router();
  router.get('/api/health', async (_req, res) => {
    const ok = await db.ping();
    const body: HealthResponse = { status: ok ? 'ok' : 'degraded', db: { driver: db.driver, ok }, version: APP_VERSION };
    res.status(ok ? 200 : 503).json(body);
  });
  return router;
}
