import crypto from 'node:crypto';
import request from 'supertest';
import { DataSource, Tenant } from '../../src/db/models';
import { SecretBox, secretPlace } from '../../src/secrets';
import { readSecrets } from '../../src/sync/sources/sourceStore';
import { startTestApp, type TestApp } from '../support/app';
import { LdapFixture } from '../support/ldapFixtures';
import { ADMIN, installSite, type Site } from '../support/sites';

/**
 * Item 19 of issue #13: secrets at rest are bound to their place (a ciphertext moved to another row
 * or site does not decrypt), and ENCRYPTION_KEY can be rotated with ENCRYPTION_KEY_PREVIOUS.
 */
const KEY_A = crypto.randomBytes(32);
const KEY_B = crypto.randomBytes(32);
const b64 = (key: Buffer) => key.toString('base64');

let app: TestApp | undefined;
const sites: Site[] = [];
let ldap: LdapFixture;

beforeAll(async () => {
  ldap = await new LdapFixture().create();
});

afterEach(async () => {
  await app?.close();
  app = undefined;
});

afterAll(async () => {
  await Promise.all(sites.map((s) => s.close()));
});

async function start(env: { ENCRYPTION_KEY: string; ENCRYPTION_KEY_PREVIOUS?: string }): Promise<TestApp> {
  app = await startTestApp({ env });
  return app;
}

/** REST calls to whichever app is running now (a site's own helper keeps the URL of the app it was installed into). */
function as(site: Site, accountId: string) {
  const auth = (t: request.Test) => t.set('Authorization', `JWT ${site.host.contextToken(accountId)}`);
  return {
    get: (path: string) => auth(request(app!.url).get(path)),
    post: (path: string, body: object) => auth(request(app!.url).post(path)).send(body),
  };
}

async function siteWithLdapSource(bindPassword: string): Promise<{ site: Site; sourceId: string }> {
  const site = await installSite(app!, [ADMIN]);
  sites.push(site);
  const created = await as(site, ADMIN.accountId)
    .post('/rest/v1/sources', { kind: 'ldap', name: 'Company LDAP', settings: { url: ldap.ldap.url, bindDn: ldap.ldap.reader.dn, baseDn: ldap.ldap.baseDn }, bindPassword })
    .expect(201);
  return { site, sourceId: String(created.body.id) };
}

/** The connection test binds with the stored password: its `connect` step proves it decrypted to the right one. */
async function connectionTestPasses(site: Site, sourceId: string): Promise<boolean> {
  const res = await as(site, ADMIN.accountId).post(`/rest/v1/sources/${sourceId}/test`, {});
  return res.status === 200 && (res.body.steps as Array<{ step: string; ok: boolean }>).some((s) => s.step === 'connect' && s.ok);
}

/** A v1 value (AES-256-GCM without associated data), as Rollcall stored secrets before. */
function encryptV1(key: Buffer, plaintext: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

it('a source secret copied into another site\'s source does not decrypt there, nor does a shared secret copied to another site', async () => {
  await start({ ENCRYPTION_KEY: b64(KEY_A) });
  const victim = await siteWithLdapSource(ldap.ldap.reader.password);
  const attacker = await siteWithLdapSource('not-the-password');
  expect(await connectionTestPasses(victim.site, victim.sourceId)).toBe(true);

  // Someone who can write the database (not read the key) moves the victim's ciphertext to their own source...
  const stolen = (await DataSource.findByPk(victim.sourceId))!.secretsEncrypted;
  await DataSource.update({ secretsEncrypted: stolen }, { where: { id: attacker.sourceId } });
  const box = new SecretBox(KEY_A);
  const moved = (await DataSource.findByPk(attacker.sourceId))!;
  expect(() => readSecrets(moved, box)).toThrow(/moved from another place/);
  // ...and the attacker's connection test does not bind with the victim's password.
  expect(await connectionTestPasses(attacker.site, attacker.sourceId)).toBe(false);

  // A tenant's shared secret copied to another tenant: tokens signed with it are refused there.
  const victimTenant = await Tenant.findOne({ where: { clientKey: victim.site.host.clientKey } });
  await Tenant.update({ sharedSecretEncrypted: victimTenant!.sharedSecretEncrypted }, { where: { clientKey: attacker.site.host.clientKey } });
  const forged = attacker.site.host.contextToken(ADMIN.accountId, { secret: victim.site.host.sharedSecret });
  const me = await request(app!.url).get('/rest/v1/me').set('Authorization', `JWT ${forged}`);
  expect(me.status).not.toBe(200);
});

it('rotates the key end to end: A, then B with A as previous (everything re-encrypted), then B alone', async () => {
  await start({ ENCRYPTION_KEY: b64(KEY_A) });
  const { site, sourceId } = await siteWithLdapSource(ldap.ldap.reader.password);
  // A value from before associated data (v1) is read too, and upgraded with the rest.
  await DataSource.update({ secretsEncrypted: encryptV1(KEY_A, JSON.stringify({ bindPassword: ldap.ldap.reader.password })) }, { where: { id: sourceId } });
  expect(await connectionTestPasses(site, sourceId)).toBe(true);
  await app!.close();

  await start({ ENCRYPTION_KEY: b64(KEY_B), ENCRYPTION_KEY_PREVIOUS: b64(KEY_A) });
  const tenant = (await Tenant.findOne({ where: { clientKey: site.host.clientKey } }))!;
  const source = (await DataSource.findByPk(sourceId))!;
  // Start-up re-encrypted both under B: B alone reads them in their places.
  const onlyB = new SecretBox(KEY_B);
  expect(onlyB.decrypt(tenant.sharedSecretEncrypted!, secretPlace.tenantSharedSecret(site.host.clientKey))).toBe(site.host.sharedSecret);
  expect(readSecrets(source, onlyB)).toEqual({ bindPassword: ldap.ldap.reader.password });
  await as(site, ADMIN.accountId).get('/rest/v1/me').expect(200);
  expect(await connectionTestPasses(site, sourceId)).toBe(true);
  await app!.close();

  await start({ ENCRYPTION_KEY: b64(KEY_B) });
  await as(site, ADMIN.accountId).get('/rest/v1/me').expect(200);
  expect(await connectionTestPasses(site, sourceId)).toBe(true);
});

it('without the previous key, secrets under the old key stay unreadable (and the start-up says so)', async () => {
  await start({ ENCRYPTION_KEY: b64(KEY_A) });
  const { site } = await siteWithLdapSource(ldap.ldap.reader.password);
  await app!.close();
  await start({ ENCRYPTION_KEY: b64(crypto.randomBytes(32)) });
  // The run's database may hold other suites' sites under other keys: the warning counts them all.
  const warning = app!.logs.map((l) => JSON.parse(l) as { msg: string; count?: number }).find((l) => l.msg.startsWith('stored secrets that neither ENCRYPTION_KEY'));
  expect(warning?.count).toBeGreaterThanOrEqual(2);
  const res = await as(site, ADMIN.accountId).get('/rest/v1/me');
  expect(res.status).not.toBe(200);
});
