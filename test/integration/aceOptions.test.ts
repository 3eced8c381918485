import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { Tenant } from '../../src/db/models';
import { startTestApp, type TestApp } from '../support/app';
import { startTestHost, type TestHost } from '../support/confluenceHost';
import { baseEnv, startMain } from '../support/mainProcess';

/** ACE reads AC_OPTS from process.env itself; `no-auth` would switch off every signature check. */
describe('AC_OPTS=no-auth', () => {
  /** Starts src/main.ts with `extra` and expects it to refuse (the child is stopped if it listens after all). */
  async function refusedStart(extra: NodeJS.ProcessEnv): Promise<string> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-refused-'));
    const app = startMain(baseEnv({ PORT: '0', DATA_DIR: dataDir, ...extra }));
    try {
      await expect(app.listening).rejects.toThrow(/exited with 2/);
      expect(app.output()).toContain('Rollcall cannot start.');
      return app.output();
    } finally {
      app.child.kill();
      await app.exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }

  it('stops start-up with the reason', async () => {
    expect(await refusedStart({ AC_OPTS: 'no-auth' })).toMatch(/AC_OPTS must not be set: atlassian-connect-express would read "no-auth"/);
  }, 60_000);

  it('stops start-up on an empty host allow-list entry, which ACE reads as "every host"', async () => {
    expect(await refusedStart({ AC_HOST_WHITELIST: '*.atlassian.net,' })).toMatch(/AC_HOST_WHITELIST has an empty entry/);
  }, 60_000);

  describe('set while the app runs', () => {
    let app: TestApp;
    let host: TestHost;
    beforeAll(async () => {
      host = await startTestHost({ users: [] });
      app = await startTestApp({ host });
    });
    afterAll(async () => {
      delete process.env.AC_OPTS;
      await app?.close();
      await host?.close();
    });
    afterEach(() => {
      delete process.env.AC_OPTS;
    });

    it('does not let an unsigned install or an unauthenticated call through', async () => {
      process.env.AC_OPTS = 'no-auth';
      // An install hook that only looks signed (RS256 header, no valid signature): no-auth would take it.
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const forged = `${part({ alg: 'RS256', typ: 'JWT', kid: 'any' })}.${part({ iss: 'forged-no-auth', aud: [app.url], qsh: 'x', exp: Date.now() / 1000 + 60 })}.c2ln`;
      const install = await request(app.url)
        .post('/installed')
        .set('Authorization', `JWT ${forged}`)
        .send({ key: 'rollcall', clientKey: 'forged-no-auth', sharedSecret: 'attacker-chosen', baseUrl: host.baseUrl, productType: 'confluence', eventType: 'installed' });
      expect(install.status).toBeGreaterThanOrEqual(400);
      expect(await Tenant.count({ where: { clientKey: 'forged-no-auth' } })).toBe(0);
      const page = await request(app.url).get('/pages/profile').set('Accept', 'application/json');
      expect(page.status).toBeGreaterThanOrEqual(400);
      expect(app.logs.join('\n')).toContain('an environment variable that weakens authentication was set while running');
    });
  });
});
