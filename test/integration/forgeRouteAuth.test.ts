import { SyncRun } from '../../src/db/models';
import { useForgeApp, type TestApp } from '../support/app';
import { uncatalogued } from '../support/errors';
import type { FitTamper, ForgePlatform, ForgeSite, InvokeOptions } from '../support/forgePlatform';
import { bodyFor, concrete, ROUTES, restRoutesByAccess, type RouteIds } from '../support/routeAccess';
import { ADMIN, installForgeSite, USER, type ForgeInstalledSite } from '../support/sites';

/**
 * The route access table (test/support/routeAccess.ts) against Forge Invocation Tokens: every REST
 * route refuses every broken or foreign FIT with 401 (and the tally says 0 of N accepted), refuses
 * non-admins (403) and answers another installation's ids with 404, through Custom UI's
 * `invokeRemote` as the test Forge platform plays it. Connect's attacks are routeAuth.test.ts.
 */
let platform: ForgePlatform;
let app: TestApp;
const sites: Array<{ close(): Promise<void> }> = [];

useForgeApp({ sites }, (started) => ({ platform, app } = started));

/** Installation A with one of every resource an id can name; B, another installation with its own admin; a site never installed; one uninstalled. */
interface World {
  a: ForgeInstalledSite;
  b: ForgeInstalledSite;
  neverInstalled: ForgeSite;
  uninstalled: ForgeInstalledSite;
  ids: RouteIds;
}

let world: Promise<World> | undefined;
const theWorld = () => (world ??= makeWorld());

async function makeWorld(): Promise<World> {
  const [a, b, uninstalled] = await Promise.all([installForgeSite(app, platform), installForgeSite(app, platform), installForgeSite(app, platform)]);
  const neverInstalled = await platform.addSite({ users: [ADMIN, USER] });
  sites.push(a, b, uninstalled, neverInstalled.host);
  const expectStatus = async (answer: Promise<{ status: number; body: any }>, status: number) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const got = await answer;
    if (got.status !== status) throw new Error(`expected ${status}, got ${got.status} ${JSON.stringify(got.body)}`);
    return got.body;
  };
  const admin = a.as(ADMIN.accountId);
  const category = await expectStatus(admin.post('/rest/v1/categories', { name: 'Secret team' }), 201);
  const field = await expectStatus(admin.post('/rest/v1/fields', { label: 'Badge number', type: 'text', categoryId: category.id }), 201);
  const source = await expectStatus(admin.post('/rest/v1/sources', { kind: 'xml', name: 'HR export of A', settings: { location: { kind: 'upload' }, recordPath: 'people/person', matchPath: 'email' } }), 201);
  await expectStatus(admin.put(`/rest/v1/profiles/${USER.accountId}`, { version: 0, values: { [field.key]: 'A-SECRET-42', position: 'A-only position' } }), 200);
  await expectStatus(admin.put(`/rest/v1/sources/${source.id}/mappings`, { mappings: [{ fieldKey: field.key, attribute: 'badge' }] }), 200);
  const run = await SyncRun.create({ tenantId: a.tenantId, sourceId: source.id, mode: 'full', trigger: 'manual', status: 'failed', finishedAt: new Date(), message: 'A-only failure', startedBy: ADMIN.accountId });
  await expectStatus(platform.preUninstall(app.url, uninstalled.forge), 200);
  return { a, b, neverInstalled, uninstalled, ids: { id: { categories: String(category.id), sources: String(source.id) }, key: field.key, runId: String(run.id), accountId: USER.accountId } };
}

const methodOf = (route: string) => route.split(' ')[0] as NonNullable<InvokeOptions['method']>;

/** A call through invokeRemote as `accountId` of `site`, with the route's body. */
function invoke(site: ForgeSite, accountId: string, route: string, path: string, ids: RouteIds, options: InvokeOptions = {}) {
  return platform.invokeRemote(app.url, site, accountId, path, { method: methodOf(route), body: bodyFor(route, ids), ...options });
}

/** Broken FITs (each a way a verifier goes wrong), then valid FITs of installations that may not call. */
const TAMPERED: Array<[string, FitTamper]> = [
  ['an expired FIT', 'expired'],
  ['a FIT not valid yet (nbf)', 'notYetValid'],
  ['a FIT living a day', 'longLived'],
  ["another app's FIT (aud)", 'wrongAudience'],
  ['a FIT whose app.id is another app', 'wrongAppId'],
  ['a FIT with another issuer', 'wrongIssuer'],
  ['an HS256 FIT keyed with the public key', 'hs256'],
  ['an unsigned FIT (alg none)', 'none'],
  ['a FIT with a kid the JWKS does not have', 'unknownKid'],
  ['a FIT signed by another key under the real kid', 'otherKey'],
  ['a FIT with a broken signature', 'badSignature'],
  ['a FIT whose apiBaseUrl is another host', 'foreignApiBaseUrl'],
  ["a FIT whose context.cloudId is another site's", 'contextCloudIdMismatch'],
  ['a FIT without an installation', 'noInstallation'],
  ['an Isolated Cloud FIT', 'isolatedCloud'],
  ["a FIT of the installation in another Forge environment", 'otherEnvironment'],
];
type Attack = [string, (w: World, route: string, path: string) => Promise<{ status: number; body: any }>]; // eslint-disable-line @typescript-eslint/no-explicit-any
const ATTACKS: Attack[] = [
  ['no token', (w, route, path) => invoke(w.a.forge, ADMIN.accountId, route, path, w.ids, { noToken: true })],
  ['a Bearer that is not a JWT', (w, route, path) => invoke(w.a.forge, ADMIN.accountId, route, path, w.ids, { noToken: true, headers: { authorization: 'Bearer not-a-token' } })],
  ...TAMPERED.map(([name, tamper]): Attack => [name, (w, route, path) => invoke(w.a.forge, ADMIN.accountId, route, path, w.ids, { tamper })]),
  ['a valid FIT of an installation Rollcall never heard of', (w, route, path) => invoke(w.neverInstalled, ADMIN.accountId, route, path, w.ids)],
  ['a valid FIT of an uninstalled installation', (w, route, path) => invoke(w.uninstalled.forge, ADMIN.accountId, route, path, w.ids)],
  [
    'a valid event FIT (no user) on a user route',
    async (w, route, path) => {
      const fit = await platform.fit(w.a.forge, {});
      return invoke(w.a.forge, ADMIN.accountId, route, path, w.ids, { noToken: true, headers: { authorization: `Bearer ${fit}` } });
    },
  ],
];

const tally = { tried: 0, accepted: [] as string[] };

describe.each(restRoutesByAccess())('%s (%s)', (route, access) => {
  it.each(ATTACKS)('refuses %s with 401 unauthorized', async (name, attack) => {
    const w = await theWorld();
    const answer = await attack(w, route, concrete(route, w.ids));
    tally.tried++;
    if (answer.status < 400) tally.accepted.push(`${route}: ${name}`);
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('unauthorized');
    // A Bearer token is the Forge front's: one message whatever failed. (No token at all is Connect's to refuse.)
    if (name !== 'no token') expect(answer.body.message).toBe('Missing, expired or invalid Forge invocation token.');
  });

  if (access !== 'user') {
    it(`refuses a user who is neither ${access === 'owner' ? 'the owner nor ' : ''}an admin with 403`, async () => {
      const w = await theWorld();
      const path = access === 'owner' ? concrete(route, { ...w.ids, accountId: ADMIN.accountId }) : concrete(route, w.ids);
      const answer = await invoke(w.a.forge, USER.accountId, route, path, w.ids);
      expect(answer.status).toBe(403);
      expect(answer.body.error).toBe('forbidden');
    });
  }

  if (/\{(id|key|runId)\}/.test(route)) {
    it("gives another installation's admin 404 for this installation's ids", async () => {
      const w = await theWorld();
      const answer = await invoke(w.b.forge, ADMIN.accountId, route, concrete(route, w.ids), w.ids);
      expect(answer.status).toBe(404);
      expect(uncatalogued(answer)).toBeUndefined();
      expect(JSON.stringify(answer.body)).not.toMatch(/A-SECRET-42|A-only|Secret team|HR export of A|Badge number/);
    });
  }
});

describe.each(Object.entries(ROUTES).filter(([, access]) => access === 'forgeLifecycle'))('%s (%s)', (route) => {
  // Deliveries carry no UI context, so a context that disagrees does not apply to them; another
  // environment of an installation is tried below on a known installation.
  it.each(TAMPERED.filter(([, tamper]) => tamper !== 'contextCloudIdMismatch' && tamper !== 'otherEnvironment'))('refuses %s with 401 and records nothing', async (_name, tamper) => {
    const w = await theWorld();
    const answer =
      route === 'POST /forge/events' ? await platform.deliverEvent(app.url, w.neverInstalled, 'avi:forge:installed:app', { tamper, retries: 0 }) : await platform.preUninstall(app.url, w.a.forge, { tamper });
    tally.tried++;
    if (answer.status < 400) tally.accepted.push(`${route}: ${tamper}`);
    expect(answer.status).toBe(401);
  });
});

it("does not act on lifecycle deliveries naming a known installation in another environment", async () => {
  const w = await theWorld();
  expect((await platform.deliverEvent(app.url, w.a.forge, 'avi:forge:upgraded:app', { tamper: 'otherEnvironment', retries: 0 })).status).toBe(401);
  await platform.preUninstall(app.url, w.a.forge, { tamper: 'otherEnvironment' });
  expect((await w.a.as(ADMIN.accountId).get('/rest/v1/me')).status).toBe(200);
});

describe('after every attack', () => {
  it('0 of N forged, expired, foreign or other-installation FITs were accepted', () => {
    expect(tally.tried).toBeGreaterThan(500);
    expect(tally.accepted).toEqual([]);
  });

  it("installation A's data is untouched, and the installations refused above are still not tenants or still uninstalled", async () => {
    const w = await theWorld();
    const a = w.a.as(ADMIN.accountId);
    expect((await a.get(`/rest/v1/categories/${w.ids.id.categories}`)).body.name).toBe('Secret team');
    expect((await a.get(`/rest/v1/fields/${w.ids.key}`)).body.label).toBe('Badge number');
    expect((await a.get(`/rest/v1/sources/${w.ids.id.sources}`)).body.name).toBe('HR export of A');
    const profile = JSON.stringify((await a.get(`/rest/v1/profiles/${USER.accountId}`)).body);
    expect(profile).toContain('A-SECRET-42');
    expect(profile).not.toContain('outsider');
    expect((await a.get('/rest/v1/me')).status).toBe(200);
    expect((await platform.invokeRemote(app.url, w.neverInstalled, ADMIN.accountId, '/rest/v1/me')).status).toBe(401);
    expect((await w.uninstalled.as(ADMIN.accountId).get('/rest/v1/me')).status).toBe(401);
  });
});
