import fs from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import { parse } from 'yaml';
import { startTestApp, type TestApp } from '../support/app';

/** Keeps docs/openapi.yaml true: every REST route the app serves is documented, and nothing else. */
type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };

function routes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) found.push(`${method.toUpperCase()} ${layer.route.path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { _router: { stack: Layer[] } })._router.stack);
  // Express patterns → OpenAPI templates: /categories/:id([0-9]{1,18}) → /categories/{id}
  return found.map((r) => r.replace(/:(\w+)(\([^)]*\))?/g, '{$1}'));
}

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

it('documents every REST v1 route, and only those', () => {
  const spec = parse(fs.readFileSync(path.resolve(__dirname, '../../docs/openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const documented = Object.entries(spec.paths)
    .filter(([p]) => p.startsWith('/rest/'))
    .flatMap(([p, ops]) => Object.keys(ops).filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k)).map((m) => `${m.toUpperCase()} ${p}`));
  const served = routes(app.app).filter((r) => r.split(' ')[1].startsWith('/rest/'));
  expect([...new Set(served)].sort()).toEqual([...new Set(documented)].sort());
});
