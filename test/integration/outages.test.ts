import crypto from 'node:crypto';
import net from 'node:net';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { toAppError } from '../../src/http/errorHandler';
import { AuditEvent, Profile } from '../../src/db/models';
import { startTestApp, useTestApp, type TestApp } from '../support/app';
import type { FixtureUser } from '../support/confluenceHost';
import { LdapFixture } from '../support/ldapFixtures';
import { ADMIN, installSite, type Site } from '../support/sites';
import { startSlapd, type SlapdHandle } from '../support/slapd';

const ZOE: FixtureUser = { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe@example.com', groups: ['confluence-users'] };

describe('an LDAP outage during a write-back save', () => {
  let app: TestApp;
  const sites: Site[] = [];
  useTestApp({ sites }, (started) => (app = started));

  // A slapd of this file's own: the suite's is shared, and this one is stopped.
  let slapd: SlapdHandle;
  beforeAll(async () => {
    slapd = await startSlapd();
  });
  afterAll(() => slapd?.stop());

  /** Zoë in the directory, an LDAP source writing Phone back, synced once; and her edit form. */
  async function world() {
    const s = await installSite(app, [ADMIN, ZOE]);
    sites.push(s);
    const ldap = new (class extends LdapFixture {
      override readonly ldap = slapd;
    })();
    await ldap.create();
    await ldap.add({ uid: 'zoe', cn: 'Zoe Astrom', sn: 'Astrom', mail: 'zoe@example.com', telephoneNumber: '+41 44 000 00 01' });
    const admin = s.as(ADMIN.accountId);
    const source = (
      await admin
        .post('/rest/v1/sources', {
          kind: 'ldap',
          name: 'Corp LDAP',
          settings: { url: slapd.url, bindDn: slapd.writer.dn, baseDn: slapd.baseDn, additionalUserDn: `ou=${ldap.ou},ou=people`, connectTimeoutMs: 1000 },
          bindPassword: slapd.writer.password,
        })
        .expect(201)
    ).body;
    await admin.put(`/rest/v1/sources/${source.id}/mappings`, { mappings: [{ fieldKey: 'phone', attribute: 'telephoneNumber', writeBack: true }] }).expect(200);
    await admin.patch(`/rest/v1/sources/${source.id}`, { writeBack: true }).expect(200);
    const started = await admin.post(`/rest/v1/sources/${source.id}/sync`, {}).expect(202);
    await app.sync.waitFor(started.body.runId);
    const form = (await s.as(ZOE.accountId).get(`/rest/v1/profiles/${ZOE.accountId}?for=edit`).expect(200)).body;
    expect(form.ldapValues).toMatchObject({ phone: '+41 44 000 00 01' });
    const save = () => s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: form.version, values: { phone: '+41 44 999 99 99' }, ldapValues: form.ldapValues });
    const stored = async () => (await Profile.findOne({ where: { tenantId: s.tenantId, accountId: ZOE.accountId } }))!;
    return { s, source, form, save, stored };
  }

  it('a directory that answers with an error (a failed bind) gives 502 ldap_error with its reason, and saves nothing', async () => {
    const { s, source, form, save, stored } = await world();
    await s.as(ADMIN.accountId).patch(`/rest/v1/sources/${source.id}`, { bindPassword: 'not the password' }).expect(200);
    const res = await save().expect(502);
    expect(res.body).toMatchObject({ error: 'ldap_error', details: { step: 'bind', kind: 'result', resultCode: 49, resultName: 'invalidCredentials' } });
    expect(res.body.message).toMatch(/^Corp LDAP answered with an error at the bind step: invalidCredentials \(49\)\. Nothing was saved/);
    expect(await stored()).toMatchObject({ version: form.version, values: { phone: '+41 44 000 00 01' } });
  });

  // Last: it stops this file's slapd.
  it('a directory that cannot be reached gives 503 ldap_unavailable in words, and the profile is not half-saved', async () => {
    const { s, form, save, stored } = await world();
    await slapd.stop();
    const res = await save().expect(503);
    expect(res.body).toMatchObject({ error: 'ldap_unavailable', message: 'Corp LDAP cannot be reached right now (no connection). Nothing was saved; try again later.' });
    expect(res.headers['retry-after']).toBe('5');
    expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|connect /);
    // The rule: the directory first, then the profile in one transaction; a directory that fails stores nothing.
    expect(await stored()).toMatchObject({ version: form.version, values: { phone: '+41 44 000 00 01' } });
    expect(await AuditEvent.count({ where: { tenantId: s.tenantId, action: 'profile.edited' } })).toBe(0);
  });
});

/**
 * A TCP proxy in front of PostgreSQL that the test can cut: the app's database goes away as in a
 * network outage (open connections drop, new ones are refused), while every other test's stays.
 */
async function databaseProxy(target: URL): Promise<{ url: string; cut(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target.href);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.href,
    cut: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

describe('a database outage on REST', () => {
  it('gives 503 database_unavailable with Retry-After, not 500', async () => {
    // The run's PostgreSQL; on an embedded run, a PGlite server of the test's own.
    const embedded = process.env.ROLLCALL_TEST_DATABASE_URL ? undefined : await startEmbeddedPostgres();
    const proxy = await databaseProxy(new URL(process.env.ROLLCALL_TEST_DATABASE_URL ?? embedded!.url));
    const app = await startTestApp({ env: { DATABASE_URL: proxy.url, DATABASE_POOL_MAX: embedded ? '1' : '2', ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64') } });
    let s: Site | undefined;
    try {
      s = await installSite(app, [ADMIN, ZOE]);
      await s.as(ZOE.accountId).get(`/rest/v1/profiles/${ZOE.accountId}`).expect(200);
      const cutMidQuery = app.database.sequelize.query('SELECT pg_sleep(5)').then(
        () => new Error('the query outlived the outage'),
        (err: unknown) => err,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      await proxy.cut();
      // A query whose connection drops under it, and one that finds no database to connect to.
      for (const err of [await cutMidQuery, await app.database.sequelize.query('SELECT 1').catch((e: unknown) => e)]) {
        expect({ err: String(err), mapped: toAppError(err) }).toMatchObject({ mapped: { status: 503, id: 'database_unavailable' } });
      }
      // Through REST (here the first query is ACE's tenant lookup).
      for (const path of [`/rest/v1/profiles/${ZOE.accountId}`, '/rest/v1/categories']) {
        const res = await s.as(ZOE.accountId).get(path);
        expect({ path, status: res.status, body: res.body }).toMatchObject({ path, status: 503, body: { error: 'database_unavailable' } });
        expect(res.headers['retry-after']).toBe('5');
      }
    } finally {
      await s?.close();
      await app.close().catch(() => undefined);
      await embedded?.stop();
    }
  });
});
