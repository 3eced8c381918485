import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { installSite, USER, type Site } from '../support/sites';

let app: TestApp;
let site: Site;
beforeAll(async () => {
  app = await startTestApp();
  site = await installSite(app);
});
afterAll(async () => {
  await site?.close();
  await app?.close();
});

describe('secrets in log messages', () => {
  it("a failed qsh check logs ACE's canonical query without the shared secret or the tokens in it", async () => {
    const secret = site.host.sharedSecret;
    // Signed with the site's secret, but for another page: ACE verifies it, then logs the canonical query.
    const pageToken = site.host.pageToken(USER.accountId, 'GET', '/pages/org-chart');
    const otherToken = site.host.contextToken(USER.accountId);
    const query = new URLSearchParams({ jwt: pageToken, sharedSecret: secret, token: otherToken, note: `Authorization: JWT ${otherToken}` });
    await request(app.url).get(`/pages/profile?${query}`).set('Accept', 'application/json').expect(401);

    const logs = app.logs.join('\n');
    // The line is there (so the assertions below look at it), scrubbed.
    expect(logs).toContain('Canonical query was');
    for (const leaked of [secret, encodeURIComponent(secret), pageToken, otherToken, otherToken.split('.')[1]]) expect(logs).not.toContain(leaked);
  });
});
