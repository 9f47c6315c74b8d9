import express, { Router } from 'express';
import type { CatalogService } from '../catalog/catalog-service.js';
import { importProducts } from '../catalog/import/import-products.js';
import type { Db } from '../db/port.js';
import { requireRole, staffOf } from './staff-auth.js';

/**
 * Merchants import catalogs over HTTP: JSON (array or { products }) or CSV text, up to 20 MB. The
 * answer comes once the rows are searchable by words; a slow model's vectors fill in afterwards.
 */
export function catalogImportRouter({ db, catalog, afterImport }: { db: Db; catalog: CatalogService; afterImport?: () => void }): Router {
  const router = Router();
  router.post(
    '/api/catalog/import',
    requireRole(db, 'merchant', 'admin'),
    express.text({ type: ['text/csv', 'text/plain'], limit: '20mb' }),
    express.json({ limit: '20mb' }),
    async (req, res) => {
      const isCsv = typeof req.body === 'string';
      const content = isCsv ? (req.body as string) : JSON.stringify(req.body ?? null);
      const report = await importProducts({ db, embedder: catalog.embedder, content, format: isCsv ? 'csv' : 'json' });
      afterImport?.();
      await db.query(`INSERT INTO audit_log (actor_id, action, target, details) VALUES ($1, 'catalog.import', 'products', $2::jsonb)`, [
        staffOf(res)!.user.id,
        JSON.stringify({ rows: report.rows, ...report.loaded, failed: report.failed.length }),
      ]);
      // vectorsFilling: the rows are searchable by words now; their vectors are being computed.
      res.status(report.failed.length ? 207 : 200).json({ ...report, vectorsFilling: Boolean(catalog.embedder.fillsInBackground && report.loaded.inserted + report.loaded.updated > 0) });
    },
  );
  return router;
}

