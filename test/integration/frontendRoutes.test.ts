import fs from 'node:fs';
import path from 'node:path';
import { startTestApp, type TestApp } from '../support/app';
import { openApiPath, restRoutes } from '../support/routes';

/**
 * Every REST path the front-end names exists on the server: whichever host carries the call
 * (Connect's `AP`, Forge's `invokeRemote`, the standalone page), it reaches the same REST v1
 * routes, so a page cannot ship calling a route that is not served. Paths are read from the
 * front-end's sources as written (`'/rest/v1/fields'`, `` `/rest/v1/profiles/${id}` ``); a
 * `${…}` segment stands for any value of the route's segment.
 */
const FRONTEND = path.resolve(__dirname, '../../frontend/src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

/** `/rest/v1/…` string and template literals, with `${…}` as `*`, by file. */
function frontendPaths(): Array<{ file: string; path: string }> {
  return sourceFiles(FRONTEND).flatMap((file) => {
    // Code only: doc comments name routes loosely (`/rest/v1/sources` and `/rest/v1/sync-runs`).
    const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    return [...text.matchAll(/(['`])(\/rest\/v1\/[^'`?]*)\1?/g)].map((m) => ({
      file: path.relative(FRONTEND, file),
      path: m[2].replace(/\$\{[^}]*\}/g, '*').replace(/\/+$/, ''),
    }));
  });
}

/** A front-end path matches a served route when every segment is equal, or `*` against any segment. */
function matches(frontend: string, served: string): boolean {
  const a = frontend.split('/');
  const b = served.split('/');
  return a.length === b.length && a.every((segment, i) => segment === b[i] || segment === '*' || (/^\{\w+\}$/.test(b[i]) && !segment.includes('*')));
}

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

it('names only REST routes the server serves', () => {
  const served = [...new Set(restRoutes(app.app).map((r) => openApiPath(r.path)))];
  const found = frontendPaths();
  expect(found.length).toBeGreaterThan(0);
  const missing = found.filter((f) => !served.some((s) => matches(f.path, s)));
  expect(missing).toEqual([]);
});
