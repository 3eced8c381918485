import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import entries from './entries.json' with { type: 'json' };

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * The front-end's build: one entry per page (frontend/entries.json: name → source; the server's
 * page shell names its page's entry), shared code split into common chunks, hashed file names
 * under /frontend/assets/ (served with immutable caching by src/http/frontend/assets.ts), source
 * maps, and Vite's manifest, from which the server's page shell finds a page's entry, its CSS and
 * its static imports. `npm run dev` serves the same entries from Vite's dev server (scripts/dev.ts).
 */
export default defineConfig({
  root: HERE,
  base: '/frontend/',
  build: {
    outDir: path.resolve(HERE, '../dist/frontend'),
    emptyOutDir: true,
    manifest: true,
    sourcemap: true,
    // The bundle budget test (test/integration/frontendBundle.test.ts) is the real limit: 250 KB gzipped per first load.
    chunkSizeWarningLimit: 800,
    target: 'es2022',
    rollupOptions: { input: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, path.resolve(HERE, file)])) },
  },
  server: { port: 5173, strictPort: true },
});
