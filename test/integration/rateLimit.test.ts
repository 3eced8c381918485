import { useTestApp, type TestApp } from '../support/app';
import type { FixtureUser } from '../support/confluenceHost';
import { ADMIN, installSite, USER, type Site } from '../support/sites';
import { RATE_LIMITS, type Bucket } from '../../src/http/rateLimit';

/**
 * Item 19 (and 4) of issue #13: the expensive routes are rate-limited per caller and per tenant;
 * over a limit the answer is 429 `too_many_requests` with `Retry-After`, and nobody else is slowed.
 */
let app: TestApp;
const sites: Site[] = [];
useTestApp({ sites }, (started) => (app = started));

const admin = (n: number): FixtureUser => ({ ...ADMIN, accountId: `admin-${n}`, displayName: `Admin ${n}` });

async function site(users: FixtureUser[] = [ADMIN, USER]): Promise<Site> {
  const s = await installSite(app, users);
  sites.push(s);
  return s;
}

type Call = (s: Site, accountId: string) => Promise<{ status: number; headers: Record<string, string>; body: { error?: string } }>;

/**
 * One call per limited route. They name a source or person that does not exist (or send what the
 * route refuses): the limit counts requests, not successes, so no test needs a real directory.
 */
const ROUTES: Array<[string, Bucket, Call]> = [
  ['the connection test', 'sourceTest', (s, a) => s.as(a).post('/rest/v1/sources/999999/test', {})],
  ['Run now', 'syncNow', (s, a) => s.as(a).post('/rest/v1/sources/999999/sync', { mode: 'full' })],
  ['the XML upload', 'xmlUpload', (s, a) => s.as(a).put('/rest/v1/sources/999999/file').set('Content-Type', 'application/xml').send('<people/>')],
  ['the picture upload', 'pictureUpload', (s, a) => s.as(a).put(`/rest/v1/profiles/${a}/picture`).set('Content-Type', 'text/plain').send('not an image')],
  ['the migration dry-run', 'migration', (s, a) => s.as(a).post('/rest/v1/migration/dry-run').set('Content-Type', 'text/csv').send('')],
  ['the migration run', 'migration', (s, a) => s.as(a).post('/rest/v1/migration/run').set('Content-Type', 'text/csv').send('')],
  ['the people search', 'peopleSearch', (s, a) => s.as(a).get('/rest/v1/people?query=a')],
  ['the People Directory search', 'directorySearch', (s, a) => s.as(a).get('/rest/v1/directory?q=a&limit=1')],
  ['the People Directory export', 'directoryExport', (s, a) => s.as(a).get('/rest/v1/directory/export?q=department:')],
  ['the org chart', 'orgChart', (s, a) => s.as(a).get('/rest/v1/org-chart/roots')],
];

async function exhaust(call: Call, s: Site, accountId: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const res = await call(s, accountId);
    expect(res.status).not.toBe(429);
  }
}

it.each(ROUTES)('%s: one call over the limit is refused with 429 and Retry-After; another caller and another site are not', async (_name, bucket, call) => {
  const limit = RATE_LIMITS[bucket];
  const s = await site([ADMIN, admin(2)]);
  await exhaust(call, s, ADMIN.accountId, limit.perUser.points);

  const refused = await call(s, ADMIN.accountId);
  expect(refused.status).toBe(429);
  expect(refused.body.error).toBe('too_many_requests');
  const retryAfter = Number(refused.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(limit.perUser.seconds);

  // Another admin of the same site, and the same account id on another site, go on.
  expect((await call(s, admin(2).accountId)).status).not.toBe(429);
  const other = await site([ADMIN]);
  expect((await call(other, ADMIN.accountId)).status).not.toBe(429);
});

it('a site\'s callers together are held to the per-site limit; another site is not', async () => {
  const { perUser, perTenant } = RATE_LIMITS.sourceTest;
  const callers = Array.from({ length: Math.ceil(perTenant.points / perUser.points) + 1 }, (_, i) => admin(i + 1));
  const s = await site(callers);
  const call = ROUTES[0][2];
  let sent = 0;
  for (const caller of callers) {
    const n = Math.min(perUser.points, perTenant.points - sent);
    await exhaust(call, s, caller.accountId, n);
    sent += n;
  }
  const lastCaller = callers[callers.length - 1];
  const refused = await call(s, lastCaller.accountId);
  expect(refused.status).toBe(429);
  expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  const other = await site([ADMIN]);
  expect((await call(other, ADMIN.accountId)).status).not.toBe(429);
});
