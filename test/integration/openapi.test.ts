import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ERRORS, statusesOf, type ErrorId } from '../../src/errors';
import { startTestApp, type TestApp } from '../support/app';
import { openApiPath, restRoutes } from '../support/routes';

/**
 * Keeps docs/openapi.yaml true: every REST route the app serves is documented, and nothing else;
 * every error id of the catalogue (src/errors.ts) is documented with its status and meaning, and
 * no other.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const spec = parse(fs.readFileSync(path.resolve(__dirname, '../../docs/openapi.yaml'), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: { Error: { properties: { error: { enum: string[]; description: string } } } } };
};

it('documents every REST v1 route, and only those', () => {
  const documented = Object.entries(spec.paths)
    .filter(([p]) => p.startsWith('/rest/'))
    .flatMap(([p, ops]) => Object.keys(ops).filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k)).map((m) => `${m.toUpperCase()} ${p}`));
  const served = restRoutes(app.app).map((r) => `${r.method} ${openApiPath(r.path)}`);
  expect([...new Set(served)].sort()).toEqual([...new Set(documented)].sort());
});

describe('the Error schema', () => {
  const documented = spec.components.schemas.Error.properties.error;

  it('lists exactly the catalogue\'s error ids', () => {
    expect([...documented.enum].sort()).toEqual(Object.keys(ERRORS).sort());
  });

  it('gives each id the catalogue\'s statuses and meaning', () => {
    const lines = [...documented.description.matchAll(/^- `([a-z_]+)` \(([0-9/]+)\): (.*)$/gm)].map(([, id, statuses, meaning]) => ({ id, statuses, meaning }));
    const catalogue = (Object.keys(ERRORS) as ErrorId[]).map((id) => ({ id, statuses: statusesOf(id).join('/'), meaning: ERRORS[id].meaning }));
    expect(lines).toEqual(catalogue);
  });
});
