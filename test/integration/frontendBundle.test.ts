import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parse } from 'yaml';
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

/**
 * The Forge Custom UI build (forge/dist/forge, made by globalSetup like the other): one index.html
 * for every UI module of forge/manifest.yml; its entry loads only the page of the module it runs
 * (frontend/src/forge/modules.ts). A module's first load is the entry with its static imports plus
 * its page's chunk with its own: at most the same 250 KB.
 */
describe('the Forge build', () => {
  const FORGE_BUILD = path.resolve(__dirname, '../../forge/dist/forge');
  const forgeManifest = readManifest(FORGE_BUILD);
  const modulesSource = fs.readFileSync(path.resolve(__dirname, '../../frontend/src/forge/modules.ts'), 'utf8');
  const manifestYaml = parse(fs.readFileSync(path.resolve(__dirname, '../../forge/manifest.yml'), 'utf8')) as { modules: Record<string, Array<{ key: string; resource?: string }>> };
  const uiModules = Object.values(manifestYaml.modules)
    .flat()
    .filter((m) => m.resource)
    .map((m) => m.key);
  /** The page chunk a module key loads: `'<key>': { … import('<source>') … }` in modules.ts, as the build's manifest names it. */
  const pageChunk = (key: string) => {
    const line = modulesSource.split('\n').find((l) => l.trimStart().startsWith(`'${key}':`));
    const source = line?.match(/import\('([^']+)'\)/)?.[1];
    return source && Object.keys(forgeManifest).find((k) => k === `${source}.tsx` || k === `${source.replace(/^\.\//, '')}.tsx`);
  };
  /** A chunk and its static imports, recursively. */
  const closure = (key: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const imported of forgeManifest[key].imports ?? []) closure(imported, seen);
    return seen;
  };
  const forgeGzipped = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(FORGE_BUILD, file)), { level: 9 }).length;

  it('is one index.html with relative asset URLs and no inline script', () => {
    const html = fs.readFileSync(path.join(FORGE_BUILD, 'index.html'), 'utf8');
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(/^\.\/assets\//);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(forgeManifest['index.html']?.isEntry).toBe(true);
  });

  it('has a page for every UI module of the manifest', () => {
    expect(uiModules.length).toBe(11);
    for (const key of uiModules) expect([key, pageChunk(key)]).toEqual([key, expect.stringMatching(/\.tsx$/)]);
  });

  it.each(uiModules)('the first load of the Forge module %s is at most 250 KB of gzipped JavaScript', (key) => {
    const chunks = new Set([...closure('index.html'), ...closure(pageChunk(key)!)]);
    const files = [...chunks].map((k) => forgeManifest[k].file);
    const bytes = files.reduce((sum, file) => sum + forgeGzipped(file), 0);
    console.log(`forge ${key}: ${(bytes / 1024).toFixed(1)} KB gzipped JavaScript in ${files.length} file(s) on first load`);
    expect(bytes).toBeLessThanOrEqual(BUDGET_BYTES);
    // Code-split: no other page's code comes with it.
    const otherPages = new Set(uiModules.map(pageChunk));
    otherPages.delete(pageChunk(key));
    for (const other of otherPages) expect(chunks.has(other!)).toBe(false);
  });
});
