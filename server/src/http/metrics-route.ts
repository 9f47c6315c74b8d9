import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { AppError } from '../errors.js';
import type { AisleMetrics } from '../metrics/metrics.js';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Prometheus text format. With METRICS_TOKEN set, scrapers send it as a bearer token. */
export function metricsRouter({ metrics, token }: { metrics: AisleMetrics; token?: string }): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (token && !sameSecret(req.get('authorization') ?? '', `Bearer ${token}`)) {
      throw new AppError('METRICS_UNAUTHORIZED', 'Send the metrics token as "Authorization: Bearer <token>".', 401);
    }
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
