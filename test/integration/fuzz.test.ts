import fc from 'fast-check';
import type request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { buildField } from '../support/builders';
import { uncatalogued } from '../support/errors';
import { fillPath, restRoutes, type Route } from '../support/routes';
import { LdapFixture } from '../support/ldapFixtures';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

/**
 * Hostile but well-formed input on every REST route, as a site admin: NUL and lone surrogates in
 * any text, huge and odd numbers, 20,000-deep nesting, wrong types, long strings, `__proto__` keys,
 * malformed %-escapes in paths. Whatever comes in, the answer is never a 5xx and an error is our
 * `{error, message}` shape, with an id of the catalogue (src/errors.ts) and that id's status. Seeded and bounded: the same cases every run, about 20 s.
 */

const SEED = 1313;
const RUNS_PER_ROUTE = 30;

let app: TestApp;
let site: Site;
/** Values for the routes' `:params`: things that exist on the site, so requests reach the handlers. */
let params: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp();
  site = await installSite(app);
  const admin = site.as(ADMIN.accountId);
  const categoryId = (await admin.post('/rest/v1/categories', { name: 'Fuzz' }).expect(201)).body.id as string;
  const field = (await admin.post('/rest/v1/fields', buildField(categoryId, { label: 'Motto' })).expect(201)).body as { key: string };
  const source = (await admin.post('/rest/v1/sources', { kind: 'xml', name: 'Fuzz file', settings: { location: { kind: 'upload' } } }).expect(201)).body as { id: string };
  const run = (await admin.post(`/rest/v1/sources/${source.id}/sync`, { mode: 'full' }).expect(202)).body as { runId: string };
  params = { id: source.id, runId: run.runId, key: field.key, accountId: USER.accountId };
  // Bo's phone comes from a directory that takes write-back: a save then compares the form's ldapValues.
  const ldap = await new LdapFixture().create();
  await ldap.add({ uid: 'bo', cn: 'Bo User', sn: 'User', mail: USER.email, telephoneNumber: '+41 44 000 00 01' });
  const directory = (await admin.post('/rest/v1/sources', ldap.sourceBody('writer')).expect(201)).body as { id: string };
  await admin.put(`/rest/v1/sources/${directory.id}/mappings`, { mappings: [{ fieldKey: 'phone', attribute: 'telephoneNumber', writeBack: true }] }).expect(200);
  await admin.patch(`/rest/v1/sources/${directory.id}`, { writeBack: true }).expect(200);
  await app.sync.waitFor((await admin.post(`/rest/v1/sources/${directory.id}/sync`, {}).expect(202)).body.runId);
  // Category routes take a category id under the same name as the source routes.
  categoryParams = { ...params, id: categoryId };
}, 60_000);

afterAll(async () => {
  await site?.close();
  await app?.close();
});

let categoryParams: Record<string, string>;
/** Bo's profile version just before a route's known cases run. */
let version = 0;

/** A JSON body that is 20,000 objects (or arrays) deep: built as text, since JSON.stringify would recurse. */
const deep = (depth: number, key: string) => `${`{"${key}":`.repeat(depth)}"x"${'}'.repeat(depth)}`;
const deepArray = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

/** A value marked as raw JSON text, spliced into a body unquoted. */
class Raw {
  constructor(readonly json: string) {}
}

const hostileString = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udc00y', '\udfff\ud800', '%ff%fe', '${jndi:x}', '<script>', '', ' ', 'x'.repeat(100_000), '__proto__'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 20 }),
);
const hostileNumber = fc.oneof(
  fc.constantFrom(1e20, -1e20, 1e308, -1, 0, 0.5, 2 ** 31, 2 ** 53 + 2, 9.9e18, -0),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
const hostileKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', '\u0000', '\ud800', ''), fc.string({ maxLength: 10 }));
const deepValue = fc.constantFrom(new Raw(deep(20_000, 'a')), new Raw(deepArray(20_000)), new Raw(deep(20_000, '__proto__')));

/** Any hostile JSON value, nested a little (deep nesting comes from {@link deepValue}). */
const { hostile } = fc.letrec<{ hostile: unknown }>((tie) => ({
  hostile: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.constantFrom(null, true, false),
    deepValue,
    fc.array(tie('hostile'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('hostile'), { maxKeys: 4 }),
  ),
}));

/** What a route's body looks like when it is nearly right, so hostile leaves get past the first checks. */
function templates(): Record<string, unknown[]> {
  const ldapSettings = { url: 'ldap://127.0.0.1:1', baseDn: 'dc=example,dc=com', bindDn: 'cn=admin,dc=example,dc=com', userFilter: '(objectClass=person)' };
  return {
    'POST /rest/v1/categories': [{ name: 'Team', restrictedToGroups: [{ id: 'g1', name: 'Group' }] }],
    'PATCH /rest/v1/categories/:id': [{ name: 'Team', position: 1, restrictedToGroups: [] }],
    'POST /rest/v1/fields': [{ label: 'Skill', type: 'select', categoryId: categoryParams.id, key: 'skill_x', helpText: 'Help', required: false, options: [{ label: 'A' }] }],
    'PATCH /rest/v1/fields/:key': [{ label: 'Motto', helpText: 'Help', position: 0, options: [{ id: 'o1', label: 'A' }] }],
    'PUT /rest/v1/profiles/:accountId': [
      { values: { [params.key]: 'Ship it', phone: '+41 44 000 00 00', position: 'CEO' }, version: 0 },
      { values: { position: 'CEO' }, version: 0, ldapValues: { position: 'CEO', phone: ['+41'] } },
    ],
    'POST /rest/v1/sources': [
      { kind: 'ldap', name: 'Directory', settings: ldapSettings, incremental: { enabled: true, lastSyncDate: '23-05-2016 15:00:00' }, bindPassword: 'secret' },
      { kind: 'xml', name: 'File', settings: { location: { kind: 'url', url: 'https://127.0.0.1:1/x.xml', username: 'u' }, recordPath: 'a/b' } },
    ],
    'PATCH /rest/v1/sources/:id': [{ name: 'File', schedule: '0 3 * * *', settings: { location: { kind: 'path', path: 'x.xml' } }, password: 'p' }],
    'PUT /rest/v1/sources/:id/mappings': [{ mappings: [{ fieldKey: params.key, attribute: 'mail', writeBack: false }] }],
    'POST /rest/v1/sources/:id/test': [{ accountId: USER.accountId, attribute: 'mail' }],
    'POST /rest/v1/sources/:id/sync': [{ mode: 'incremental' }],
  };
}

/** Every path to a leaf of `value` (objects and arrays), the empty path included. */
function leafPaths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => leafPaths(v, [...prefix, k]))];
}

/** `template` with the value at `path` replaced, as JSON text (a {@link Raw} spliced in as is). */
function mutate(template: unknown, path: Array<string | number>, replacement: unknown): string {
  const marker = '"@@raw@@"';
  const copy = structuredClone(template) as Record<string | number, unknown>;
  const raw = replacement instanceof Raw ? replacement.json : undefined;
  const value = raw === undefined ? replacement : '@@raw@@';
  let body: unknown;
  if (path.length === 0) {
    body = value;
  } else {
    let node = copy;
    for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
    // defineProperty: a `__proto__` key stays an own key, as JSON.parse makes it.
    Object.defineProperty(node, path[path.length - 1], { value, enumerable: true, writable: true, configurable: true });
    body = copy;
  }
  const text = JSON.stringify(body) ?? 'null';
  return raw === undefined ? text : text.replace(marker, raw);
}

/** Query parameters the routes read, with hostile values; a repeated name becomes an array in Express. */
const QUERY_NAMES = ['offset', 'limit', 'before', 'query', 'for', 'size', 'name', 'source', 'overwriteSourceFields', 'fields', 'accountId'];
const queryValue = fc.oneof(fc.constantFrom('1e20', '100000000000000000000', '-1', '99999999999999999999999', 'NaN', '0x10', '%00', '%ED%A0%80', '%ff%fe', 'a%00b', ''), fc.string({ maxLength: 10 }).map(encodeURIComponent));
const hostileQuery = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_NAMES), fc.constantFrom('__proto__', 'a[b]', 'a[__proto__]')), queryValue), { maxLength: 4 })
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&'));

/** A path parameter replaced by something hostile (most routes then answer 404; none may crash). */
const hostileParam = fc.constantFrom('%ff%fe', '%00', '%ED%A0%80', '1e20', '99999999999999999999', '-1', 'x'.repeat(300), '__proto__', '%2e%2e%2f');

type Case = { query: string; body: string | undefined; param: string | undefined };

function caseFor(route: Route): fc.Arbitrary<Case> {
  const key = `${route.method} ${route.path.replace(/\([^)]*\)/g, '')}`;
  const bodyTemplates = templates()[key];
  const takesBody = route.method !== 'GET' && route.method !== 'DELETE';
  const body: fc.Arbitrary<string | undefined> = !takesBody
    ? fc.constant(undefined)
    : bodyTemplates
      ? fc.oneof(
          fc.constantFrom(...bodyTemplates).chain((t) => fc.tuple(fc.constant(t), fc.constantFrom(...leafPaths(t)), hostile)).map(([t, p, v]) => mutate(t, p, v)),
          hostile.map((v) => mutate(null, [], v)),
        )
      : hostile.map((v) => mutate(null, [], v));
  const param = route.path.includes(':') ? fc.option(hostileParam, { freq: 4 }).map((p) => p ?? undefined) : fc.constant(undefined);
  return fc.record({ query: hostileQuery, body, param });
}

/** The issue's own findings, run first on every route they fit. */
function knownCases(route: Route): Case[] {
  const key = `${route.method} ${route.path.replace(/\([^)]*\)/g, '')}`;
  const cases: Case[] = [
    { query: 'offset=1e20&limit=1e20&before=99999999999999999999', body: undefined, param: undefined },
    { query: 'offset=100000000000000000000&limit=100000000000000000000', body: undefined, param: undefined },
  ];
  if (route.path.includes(':')) cases.push({ query: '', body: undefined, param: '%ff%fe' }, { query: '', body: undefined, param: '%00' });
  if (key === 'PUT /rest/v1/profiles/:accountId') {
    cases.push(
      // A write-back save: the baseline of a directory-filled field is compared with the directory's value.
      { query: '', param: undefined, body: mutate({ values: { phone: '+41 44 111 11 11' }, version, ldapValues: { phone: 'x' } }, ['ldapValues', 'phone'], new Raw(deep(20_000, 'a'))) },
      { query: '', param: undefined, body: JSON.stringify({ values: { position: 'CEO\u0000' }, version: 0 }) },
      { query: '', param: undefined, body: JSON.stringify({ values: { position: 'CEO\ud800' }, version: 0 }) },
    );
  }
  if (key === 'POST /rest/v1/categories') cases.push({ query: '', param: undefined, body: JSON.stringify({ name: 'Team\u0000' }) });
  if (key === 'PATCH /rest/v1/categories/:id') cases.push({ query: '', param: undefined, body: JSON.stringify({ position: 1e20 }) });
  return cases;
}

function send(route: Route, c: Case): request.Test {
  const values = route.path.startsWith('/rest/v1/categories') ? categoryParams : params;
  const path = fillPath(route.path, c.param === undefined ? values : Object.fromEntries(Object.keys(values).map((k) => [k, c.param!])));
  const url = c.query ? `${path}?${c.query}` : path;
  const admin = site.as(ADMIN.accountId);
  const call = { GET: admin.get, POST: admin.post, PUT: admin.put, PATCH: admin.patch, DELETE: admin.delete }[route.method](url);
  return c.body === undefined ? call : call.set('Content-Type', 'application/json').send(c.body);
}

async function check(route: Route, c: Case): Promise<void> {
  const res = await send(route, c);
  const what = `${route.method} ${route.path} with ${JSON.stringify({ ...c, body: c.body?.slice(0, 300) })} → ${res.status} ${res.text?.slice(0, 300)}`;
  if (res.status >= 500) throw new Error(`server error: ${what}`);
  if (res.status >= 400) {
    if (typeof res.body?.error !== 'string' || typeof res.body?.message !== 'string') throw new Error(`not our error shape: ${what}`);
    const problem = uncatalogued(res);
    if (problem) throw new Error(`${problem}: ${what}`);
  }
}

describe('hostile input on every REST route', () => {
  // Deleting routes last: they would take the other routes' fixtures with them.
  const order = (r: Route) => (r.method === 'DELETE' ? 1 : 0);
  const routes = () => restRoutes(app.app).sort((a, b) => order(a) - order(b));

  it('never gets a 5xx, and every refusal is {error, message} with a catalogued id and its status', async () => {
    const list = routes();
    expect(list.length).toBeGreaterThan(30);
    for (const route of list) {
      version = (await site.as(ADMIN.accountId).get(`/rest/v1/profiles/${USER.accountId}?for=edit`).expect(200)).body.version;
      for (const known of knownCases(route)) await check(route, known);
      await fc.assert(
        fc.asyncProperty(caseFor(route), (c) => check(route, c)),
        { seed: SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }
  }, 120_000);
});
