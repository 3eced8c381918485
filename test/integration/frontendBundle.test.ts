import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { firstLoadFiles, readManifest } from '../../src/http/frontend/manifest';

/**
 * The front-end's build (made by globalSetup when missing or stale): every page's first load
 * stays within the budget, and nothing of the server's runtime code is bundled (the front-end
 * imports the server's types only).
 */
const BUILD = path.resolve(__dirname, '../../dist/frontend');
/** The first load of any page: at most this much JavaScript, gzipped (issue #15). */
const BUDGET_BYTES = 250 * 1024;

const manifest = readManifest(BUILD);
const entries = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../frontend/entries.json'), 'utf8')) as Record<string, string>;
const gzipped = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(BUILD, file)), { level: 9 }).length;

it('builds every entry of frontend/entries.json', () => {
  expect(Object.keys(entries).length).toBeGreaterThan(0);
  for (const name of Object.keys(entries)) expect(firstLoadFiles(manifest, name)[0]).toMatch(/^assets\/.+-[\w-]{8}\.js$/);
});

it.each(Object.keys(entries))('the first load of %s is at most 250 KB of gzipped JavaScript', (name) => {
  const files = firstLoadFiles(manifest, name);
  const bytes = files.reduce((sum, file) => sum + gzipped(file), 0);
  console.log(`${name}: ${(bytes / 1024).toFixed(1)} KB gzipped JavaScript in ${files.length} file(s) on first load`);
  expect(bytes).toBeLessThanOrEqual(BUDGET_BYTES);
});

it("bundles none of the server's code or server-only packages (types only cross over)", () => {
  const maps = fs.readdirSync(path.join(BUILD, 'assets')).filter((f) => f.endsWith('.js.map'));
  expect(maps.length).toBeGreaterThan(0);
  const sources = maps.flatMap((f) => (JSON.parse(fs.readFileSync(path.join(BUILD, 'assets', f), 'utf8')) as { sources: string[] }).sources);
  expect(sources.some((s) => s.includes('frontend/src/') || /^(\.\.\/)*src\/pages\//.test(s))).toBe(true);
  const server = sources.filter((s) => /(^|\/)\.\.\/src\//.test(s) || /node_modules\/(zod|express|sequelize|pg|atlassian-connect-express|pino)\//.test(s));
  expect(server).toEqual([]);
  // React's production build (a development build is three times the size and warns in the console).
  expect(sources.filter((s) => /\.development\.js$/.test(s))).toEqual([]);
});
