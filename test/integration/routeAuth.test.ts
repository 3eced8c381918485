import crypto from 'node:crypto';
import request from 'supertest';
import { SyncRun } from '../../src/db/models';
import { useTestApp, type TestApp } from '../support/app';
import { uncatalogued } from '../support/errors';
import { servedRoutes } from '../support/routes';
import { bodyFor, concrete, ROUTES, restRoutesByAccess, type RouteIds } from '../support/routeAccess';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

/**
 * Who may call what, for every route the app serves: the table (test/support/routeAccess.ts), a
 * test that fails when a route is served without a row (or a row names no route), and the token
 * attacks, role checks and cross-site ids tried against each row. A new route must take a stand
 * there. The same table drives the Forge attacks (forgeRouteAuth.test.ts).
 */
let app: TestApp;
const sites: Site[] = [];
useTestApp({ sites }, (started) => (app = started));

/** Site A with one of every resource an id can name; site B, another site with its own admin. */
interface World {
  a: Site;
  b: Site;
  ids: RouteIds;
}

let world: Promise<World> | undefined;
/** Made once for the file (a failure fails every test that needs it, quickly). */
function theWorld(): Promise<World> {
  world ??= makeWorld();
  return world;
}

async function makeWorld(): Promise<World> {
  const a = await installSite(app);
  const b = await installSite(app);
  sites.push(a, b);
  const admin = a.as(ADMIN.accountId);
  const category = (await admin.post('/rest/v1/categories', { name: 'Secret team' }).expect(201)).body;
  const field = (await admin.post('/rest/v1/fields', { label: 'Badge number', type: 'text', categoryId: category.id }).expect(201)).body;
  const source = (await admin.post('/rest/v1/sources', { kind: 'xml', name: 'HR export of A', settings: { location: { kind: 'upload' }, recordPath: 'people/person', matchPath: 'email' } }).expect(201)).body;
  const saved = await admin.put(`/rest/v1/profiles/${USER.accountId}`, { version: 0, values: { [field.key]: 'A-SECRET-42', position: 'A-only position' } });
  if (saved.status !== 200) throw new Error(`profile save: ${saved.status} ${JSON.stringify(saved.body)}`);
  // Mapped after the save: a field a source fills is not the user's to write.
  await admin.put(`/rest/v1/sources/${source.id}/mappings`, { mappings: [{ fieldKey: field.key, attribute: 'badge' }] }).expect(200);
  const run = await SyncRun.create({ tenantId: a.tenantId, sourceId: source.id, mode: 'full', trigger: 'manual', status: 'failed', finishedAt: new Date(), message: 'A-only failure', startedBy: ADMIN.accountId });
  return {
    a,
    b,
    ids: { id: { categories: String(category.id), sources: String(source.id) }, key: field.key, runId: String(run.id), accountId: USER.accountId },
  };
}

function call(route: string, path: string, token: string | undefined, body?: object | Buffer): request.Test {
  const method = route.split(' ')[0].toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let req = request(app.url)[method](path);
  if (token) req = req.set('Authorization', `JWT ${token}`);
  if (Buffer.isBuffer(body)) return req.set('Content-Type', 'application/octet-stream').send(body);
  return body === undefined ? req : req.send(body);
}

const rest = restRoutesByAccess();
const pages = Object.entries(ROUTES).filter(([, access]) => access === 'page' || access === 'adminPage');

it('has a row for every route the app serves, and no row for a route it does not serve', () => {
  const served = servedRoutes(app.app).sort();
  expect(served).toEqual(Object.keys(ROUTES).sort());
});

describe.each(rest)('%s (%s)', (route, access) => {
  const attacks: Array<[string, (w: World) => string | undefined]> = [
    ['no token', () => undefined],
    ['an expired token', (w) => w.a.host.contextToken(ADMIN.accountId, { expiresInSeconds: -60 })],
    ['a token signed with another secret', (w) => w.a.host.contextToken(ADMIN.accountId, { secret: crypto.randomBytes(32).toString('hex') })],
    ['a token naming an unknown site', (w) => w.a.host.contextToken(ADMIN.accountId, { issuer: `forged-${crypto.randomUUID()}` })],
    ['site B\'s client key with site A\'s secret', (w) => w.a.host.contextToken(ADMIN.accountId, { issuer: w.b.host.clientKey })],
    ['a page token (not context-qsh)', (w) => w.a.host.pageToken(ADMIN.accountId, 'GET', '/admin/data-sources')],
    ['an unsigned token (alg none)', (w) => unsigned({ iss: w.a.host.clientKey, sub: ADMIN.accountId, qsh: 'context-qsh' })],
  ];

  it.each(attacks)('refuses %s with 401 and changes nothing', async (_name, makeToken) => {
    const w = await theWorld();
    const res = await call(route, concrete(route, w.ids), makeToken(w), bodyFor(route, w.ids));
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('unauthorized');
  });

  if (access !== 'user') {
    it(`refuses a user who is neither ${access === 'owner' ? 'the owner nor ' : ''}an admin with 403`, async () => {
      const w = await theWorld();
      const path = access === 'owner' ? concrete(route, { ...w.ids, accountId: ADMIN.accountId }) : concrete(route, w.ids);
      const res = await call(route, path, w.a.host.contextToken(USER.accountId), bodyFor(route, w.ids));
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('forbidden');
    });
  }

  if (/\{(id|key|runId)\}/.test(route)) {
    it('gives another site\'s admin 404 for this site\'s ids', async () => {
      const w = await theWorld();
      const res = await call(route, concrete(route, w.ids), w.b.host.contextToken(ADMIN.accountId), bodyFor(route, w.ids));
      expect(res.status).toBe(404);
      expect(uncatalogued(res)).toBeUndefined();
      expect(JSON.stringify(res.body)).not.toMatch(/A-SECRET-42|A-only|Secret team|HR export of A|Badge number/);
    });
  }
});

describe('another site sees none of this site\'s data', () => {
  it('in lists, profiles and pictures of the same account ids', async () => {
    const w = await theWorld();
    const b = w.b.as(ADMIN.accountId);
    const bodies = await Promise.all(
      ['/rest/v1/categories', '/rest/v1/fields', '/rest/v1/sources', `/rest/v1/profiles/${USER.accountId}`, '/rest/v1/people?query=Bo'].map(async (path) => {
        const res = await b.get(path);
        expect(res.status).toBeLessThan(300);
        return JSON.stringify(res.body);
      }),
    );
    for (const body of bodies) expect(body).not.toMatch(/A-SECRET-42|A-only|Secret team|HR export of A|Badge number/);
    await b.get(`/rest/v1/profiles/${USER.accountId}/picture`).expect(404);
  });

  it('and site A\'s resources are untouched by every call above', async () => {
    const w = await theWorld();
    const a = w.a.as(ADMIN.accountId);
    expect((await a.get(`/rest/v1/categories/${w.ids.id.categories}`).expect(200)).body.name).toBe('Secret team');
    expect((await a.get(`/rest/v1/fields/${w.ids.key}`).expect(200)).body.label).toBe('Badge number');
    expect((await a.get(`/rest/v1/sources/${w.ids.id.sources}`).expect(200)).body.name).toBe('HR export of A');
    expect((await a.get(`/rest/v1/sources/${w.ids.id.sources}/mappings`).expect(200)).body.mappings).toHaveLength(1);
    const profile = (await a.get(`/rest/v1/profiles/${USER.accountId}`).expect(200)).body;
    expect(JSON.stringify(profile)).toContain('A-SECRET-42');
    expect(JSON.stringify(profile)).not.toContain('outsider');
    const runs = (await a.get(`/rest/v1/sources/${w.ids.id.sources}/runs`).expect(200)).body.runs;
    expect(runs.map((r: { id: string }) => String(r.id))).toEqual([w.ids.runId]);
  });
});

describe.each(pages)('%s (%s)', (route, access) => {
  const path = route.split(' ')[1];
  it.each([
    ['no token', () => undefined],
    ['an expired token', (s: Site) => s.host.pageToken(ADMIN.accountId, 'GET', path, { expiresInSeconds: -60 })],
    ['a token signed with another secret', (s: Site) => s.host.pageToken(ADMIN.accountId, 'GET', path, { secret: crypto.randomBytes(32).toString('hex') })],
    ['a token for another URL', (s: Site) => s.host.pageToken(ADMIN.accountId, 'GET', '/pages/org-chart?x=1')],
    ['a context token', (s: Site) => s.host.contextToken(ADMIN.accountId)],
  ] as Array<[string, (s: Site) => string | undefined]>)('refuses %s with 401', async (_name, makeToken) => {
    const w = await theWorld();
    const token = makeToken(w.a);
    const res = await request(app.url).get(token ? `${path}?jwt=${encodeURIComponent(token)}` : path);
    expect(res.status).toBe(401);
  });

  if (access === 'adminPage') {
    it('refuses a user who is not an admin with 403', async () => {
      const w = await theWorld();
      const url = new URL(w.a.host.signedUrl(app.url, USER.accountId, path));
      expect((await request(app.url).get(url.pathname + url.search)).status).toBe(403);
    });
  }
});

/** An `alg: none` JWT: a library that trusts the header would accept it. */
function unsigned(claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ iat: now, exp: now + 120, ...claims })}.`;
}
