import { SyncRun } from '../../src/db/models';
import { useTestApp, type TestApp } from '../support/app';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

/** A short timeout, so a hanging site costs the test about a second. */
const TIMEOUT_MS = 1000;

let app: TestApp;
const sites: Site[] = [];

useTestApp({ sites, env: { CONFLUENCE_TIMEOUT_MS: String(TIMEOUT_MS) } }, (started) => (app = started));

async function site(): Promise<Site> {
  const s = await installSite(app, [ADMIN, USER]);
  sites.push(s);
  return s;
}

describe('Confluence calls that hang or fail', () => {
  it('a hanging Confluence gives 502 confluence_unavailable in about the timeout, not a held request', async () => {
    const s = await site();
    s.host.hang('/user'); // the admin check asks GET /rest/api/user
    const began = Date.now();
    const res = await s.as(ADMIN.accountId).get('/rest/v1/sources').timeout(TIMEOUT_MS * 5);
    const took = Date.now() - began;
    expect(res.status).toBe(502);
    expect(res.body.error).toBe('confluence_unavailable');
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(took).toBeLessThan(TIMEOUT_MS * 3);
    // Timed out once, not retried: a retry would double the wait.
    expect(s.host.requests.filter((r) => r.path === '/wiki/rest/api/user')).toHaveLength(1);
  });

  it('a GET that fails with 5xx a few times is retried and succeeds', async () => {
    const s = await site();
    s.host.failNext(2, 503);
    await s.as(ADMIN.accountId).get('/rest/v1/sources').expect(200);
    expect(s.host.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('a GET that keeps failing ends in 502 after a bounded number of tries', async () => {
    const s = await site();
    s.host.failNext(100, 500);
    const res = await s.as(ADMIN.accountId).get('/rest/v1/sources').expect(502);
    expect(res.body.error).toBe('confluence_unavailable');
    expect(s.host.requests).toHaveLength(4); // the call and three retries
  });

  it('a sync whose Confluence calls hang ends failed and releases its source lock', async () => {
    const s = await site();
    const admin = s.as(ADMIN.accountId);
    const created = await admin.post('/rest/v1/sources', { kind: 'xml', name: 'HR', settings: { location: { kind: 'upload' }, recordPath: 'people/person', matchPath: 'mail' } }).expect(201);
    const sourceId = created.body.id as string;
    s.host.hang('/search/user'); // the run's first step refreshes the accounts from Confluence
    const started = await admin.post(`/rest/v1/sources/${sourceId}/sync`, {}).expect(202);
    const began = Date.now();
    await app.sync.waitFor(started.body.runId);
    expect(Date.now() - began).toBeLessThan(TIMEOUT_MS * 5);
    const run = await SyncRun.findByPk(started.body.runId);
    expect(run).toMatchObject({ status: 'failed' });
    expect(run!.message).toMatch(/Confluence .*answered nothing: no answer within 1000 ms/);

    // The lock is free: the next run starts (and, with Confluence back, succeeds as far as Confluence goes).
    s.host.hang(null);
    const again = await admin.post(`/rest/v1/sources/${sourceId}/sync`, {}).expect(202);
    await app.sync.waitFor(again.body.runId);
  });
});
