import { defineConfig } from 'vite';

// The web app (demo store, widget, staff pages) builds into dist/web, which the server serves.
export default defineConfig({
  root: 'web',
  publicDir: false,
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: { store: 'web/index.html', admin: 'web/admin/index.html', support: 'web/support/index.html' } },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true } },
  },
});
