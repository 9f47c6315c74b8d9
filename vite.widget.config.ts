import { defineConfig } from 'vite';

// The embeddable widget: one self-contained script (IIFE) at dist/web/widget.js.
export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist/web',
    emptyOutDir: false,
    target: 'es2020',
    reportCompressedSize: true,
    lib: { entry: 'web/src/widget/widget.ts', name: 'AisleWidget', formats: ['iife'], fileName: () => 'widget.js' },
  },
});
