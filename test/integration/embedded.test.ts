import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startTestHost } from '../support/confluenceHost';
import { LdapFixture } from '../support/ldapFixtures';
import { baseEnv, startMain } from '../support/mainProcess';
import { ADMIN, USER } from '../support/sites';

describe('the embedded start (no DATABASE_URL)', () => {
  it('starts PGlite in DATA_DIR, migrates, serves the descriptor and health, and keeps data across restarts', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-embedded-'));
    const env = baseEnv({ PORT: '0', AC_LOCAL_BASE_URL: 'http://127.0.0.1:0', DATA_DIR: dataDir });
    try {
      for (const round of [1, 2]) {
        const app = startMain(env);
        try {
          const url = await app.listening;
          const descriptor = await (await fetch(`${url}/atlassian-connect.json`)).json();
          expect(descriptor).toMatchObject({ key: 'rollcall', baseUrl: url });
          const health = await fetch(`${url}/healthz`);
          expect(health.status).toBe(200);
          expect(await health.json()).toMatchObject({ status: 'ok', migrations: { current: true } });
          if (round === 1) {
            expect(app.output()).toContain('"migrations applied"');
            expect(app.output()).toContain('ENCRYPTION_KEY is not set: generated a key');
          } else {
            // Same data directory: nothing left to migrate, the generated key is reused.
            expect(app.output()).not.toContain('"migrations applied"');
            expect(app.output()).not.toContain('generated a key');
          }
        } finally {
          app.child.kill('SIGTERM');
          expect(await app.exited).toBe(0);
        }
      }
      expect(fs.existsSync(path.join(dataDir, 'pgdata'))).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'encryption.key'))).toBe(true);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses to start on bad configuration, naming every problem', async () => {
    const app = startMain(baseEnv({ PORT: 'x', DATABASE_URL: 'postgres://127.0.0.1:1/none', LOG_LEVEL: 'chatty' }));
    await expect(app.listening).rejects.toThrow(/exited with 2/);
    expect(app.output()).toContain('Rollcall cannot start.');
    expect(app.output()).toMatch(/PORT /);
    expect(app.output()).toMatch(/LOG_LEVEL /);
    expect(app.output()).toMatch(/ENCRYPTION_KEY is required when DATABASE_URL is set/);
  }, 60_000);
});

describe('a sync on the embedded database (one connection)', () => {
  it('runs an LDAP source to the end: every statement of a page uses the page transaction', async () => {
    const people = [ADMIN, USER, { accountId: 'acc-jane', displayName: 'Jane Doe', email: 'jane@example.com', groups: ['confluence-users'] }];
    const host = await startTestHost({ users: people });
    const ldap = await new LdapFixture().create();
    // Jane is added (and read) before her manager, a page each (page size 1); Bo names someone not in the directory.
    await ldap.add({ uid: 'jane', cn: 'Jane Doe', sn: 'Doe', mail: 'JANE@example.com', title: 'Analyst', manager: ldap.dnOf({ cn: 'Ada Admin' }) });
    await ldap.add({ uid: 'ada', cn: 'Ada Admin', sn: 'Admin', mail: ADMIN.email, title: 'CEO' });
    await ldap.add({ uid: 'bo', cn: 'Bo User', sn: 'User', mail: USER.email, title: 'Intern', manager: ldap.dnOf({ cn: 'Nobody Yet' }) });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-embedded-sync-'));
    const app = startMain(
      baseEnv({
        PORT: '0',
        AC_LOCAL_BASE_URL: 'http://127.0.0.1:0',
        DATA_DIR: dataDir,
        CONNECT_KEYS_CDN_URL: host.keysUrl,
        AC_HOST_WHITELIST: '127.0.0.1,localhost',
        ADMIN_CHECK_TTL_SECONDS: '0',
        // The test slapd listens on loopback, which the outbound guard refuses unless allowed.
        OUTBOUND_ALLOW: '127.0.0.0/8,::1',
      }),
    );
    try {
      const url = await app.listening;
      expect((await host.install(url)).status).toBe(204);
      const admin = (method: 'get' | 'post' | 'put', route: string, body?: object) => {
        const call = request(url)[method](route).set('Authorization', `JWT ${host.contextToken(ADMIN.accountId)}`);
        return body ? call.send(body) : call;
      };
      const team = (await admin('post', '/rest/v1/categories', { name: 'Team' }).expect(201)).body.id;
      await admin('post', '/rest/v1/fields', { label: 'Manager', type: 'user', categoryId: team }).expect(201);
      const source = await admin('post', '/rest/v1/sources', {
        kind: 'ldap',
        name: 'Embedded LDAP',
        settings: { url: ldap.ldap.url, bindDn: ldap.ldap.reader.dn, baseDn: ldap.ldap.baseDn, additionalUserDn: `ou=${ldap.ou},ou=people`, pageSize: 1 },
        bindPassword: ldap.ldap.reader.password,
      }).expect(201);
      await admin('put', `/rest/v1/sources/${source.body.id}/mappings`, {
        mappings: [
          { fieldKey: 'position', attribute: 'title' },
          { fieldKey: 'manager', attribute: 'manager' },
        ],
      }).expect(200);

      const started = await admin('post', `/rest/v1/sources/${source.body.id}/sync`, { mode: 'full' }).expect(202);
      let run: { status: string; counts: object; message: string | null } = { status: 'running', counts: {}, message: null };
      for (let i = 0; i < 300 && run.status === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        run = (await admin('get', `/rest/v1/sync-runs/${started.body.runId}`).expect(200)).body;
      }
      expect(run).toMatchObject({ status: 'succeeded', message: null, counts: { seen: 3, added: 3, failed: 0 } });
      const jane = (await admin('get', '/rest/v1/profiles/acc-jane').expect(200)).body;
      expect(JSON.stringify(jane)).toContain(ADMIN.accountId); // her manager, read after her
      expect(JSON.stringify(jane)).toContain('Analyst');
    } finally {
      app.child.kill('SIGTERM');
      await app.exited;
      await host.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
