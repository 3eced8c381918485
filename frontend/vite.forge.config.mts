import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * The front-end's Forge Custom UI build (forge/manifest.yml's `main` resource): one index.html
 * (frontend/src/forge/index.html) whose entry picks the page by the module key and lazy-loads that
 * page's chunk. Forge serves these files from its CDN into a sandboxed iframe: asset URLs are
 * relative (`base: './'`), there is no per-response nonce (the theme's `<style>` elements are
 * allowed by the manifest's `permissions.content.styles: [unsafe-inline]`). Vite's manifest lets
 * the bundle budget test (test/integration/frontendBundle.test.ts) measure each module's first load.
 */
export default defineConfig({
  root: path.resolve(HERE, 'src/forge'),
  base: './',
  build: {
    outDir: path.resolve(HERE, '../forge/dist/forge'),
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    // The bundle budget test is the real limit: 250 KB gzipped per first load.
    chunkSizeWarningLimit: 800,
    target: 'es2022',
    rollupOptions: { input: path.resolve(HERE, 'src/forge/index.html') },
  },
});
