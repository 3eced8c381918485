import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { startTestApp, type TestApp } from '../support/app';
import { openApiPath, restRoutes } from '../support/routes';

/** Keeps docs/openapi.yaml true: every REST route the app serves is documented, and nothing else. */
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
  const served = restRoutes(app.app).map((r) => `${r.method} ${openApiPath(r.path)}`);
  expect([...new Set(served)].sort()).toEqual([...new Set(documented)].sort());
});
