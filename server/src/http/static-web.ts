import { existsSync } from 'node:fs';
import express, { Router } from 'express';

/** Serves the Vite build. Hashed assets are immutable; HTML is always revalidated. */
export function staticWebRouter({ distDir }: { distDir: string }): Router {
  const router = Router();
  if (!existsSync(distDir)) return router;
  router.use(
    express.static(distDir, {
      index: 'index.html',
      dotfiles: 'ignore',
      setHeaders: (res, filePath) => {
        res.setHeader('Cache-Control', filePath.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  // The demo store's product pages are client-rendered from the same index.html.
  router.get('/products/:sku', (_req, res) => res.sendFile('index.html', { root: distDir, headers: { 'Cache-Control': 'no-cache' } }));
  return router;
}
