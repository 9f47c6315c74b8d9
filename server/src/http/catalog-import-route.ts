import { Router } from 'express';
import { AppError } from '../errors.js';

/**
 * Merchants will import catalogs over HTTP once staff accounts and roles exist. Until then the
 * endpoint is closed to everyone; `npm run catalog:import` does the same job from a shell.
 */
export function catalogImportRouter(): Router {
  const router = Router();
  router.post('/api/catalog/import', () => {
    throw new AppError(
      'AUTH_REQUIRED',
      'Catalog import over HTTP needs a signed-in merchant, and staff accounts are not available yet. Use `npm run catalog:import -- <file>` on the server.',
      401,
    );
  });
  return router;
}
