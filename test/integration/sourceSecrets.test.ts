import { DataSource } from '../../src/db/models';
import { startTestApp, type TestApp } from '../support/app';
import { httpsRecorder, makeCertificates, tcpRecorder, type HttpsRecorder, type TestCertificates } from '../support/listeners';
import { ldapFromEnv, type SlapdConnectionInfo } from '../support/slapd';
import { ADMIN, installSite, type Site } from '../support/sites';

/**
 * Issue #13, item 2: a stored secret goes only where the admin entered it. Changing where a
 * source connects (or as whom) drops the stored password unless the same request sends one; a
 * simple bind over plain ldap:// is flagged, and refused when the operator says so.
 */

let app: TestApp;
let strict: TestApp;
let certificates: TestCertificates;
let ldap: SlapdConnectionInfo;
const sites: Site[] = [];

beforeAll(async () => {
  ldap = ldapFromEnv();
  certificates = await makeCertificates();
  app = await startTestApp({ env: { XML_CA_FILE: certificates.caFile } });
  strict = await startTestApp({ env: { LDAP_REFUSE_PLAIN_BIND: 'true' } });
});
afterAll(async () => {
  await Promise.all(sites.map((s) => s.close()));
  await app?.close();
  await strict?.close();
  certificates?.remove();
});

async function adminOf(on: TestApp) {
  const site = await installSite(on);
  sites.push(site);
  return { site, admin: site.as(ADMIN.accountId) };
}
type Admin = Awaited<ReturnType<typeof adminOf>>['admin'];

const ldapSettings = (overrides: object = {}) => ({
  url: ldap.url,
  bindDn: ldap.reader.dn,
  baseDn: ldap.baseDn,
  userFilter: '(objectClass=inetOrgPerson)',
  connectTimeoutMs: 2000,
  operationTimeoutMs: 2000,
  ...overrides,
});

async function ldapSource(admin: Admin, settings: object = ldapSettings(), bindPassword: string | undefined = ldap.reader.password) {
  const created = await admin.post('/rest/v1/sources', { kind: 'ldap', name: `LDAP ${Math.random()}`, settings, ...(bindPassword ? { bindPassword } : {}) }).expect(201);
  return created.body as { id: string; settings: Record<string, unknown>; hasBindPassword: boolean; warnings: unknown[] };
}

describe('a changed server drops the stored LDAP bind password', () => {
  it('PATCHing only settings.url to another server: the old password never arrives there', async () => {
    const { admin } = await adminOf(app);
    const capture = await tcpRecorder();
    try {
      const source = await ldapSource(admin);
      expect(source.hasBindPassword).toBe(true);
      const patched = await admin.patch(`/rest/v1/sources/${source.id}`, { settings: { ...source.settings, url: `ldap://127.0.0.1:${capture.port}` } }).expect(200);
      expect(patched.body.hasBindPassword).toBe(false);
      const test = await admin.post(`/rest/v1/sources/${source.id}/test`).expect(200);
      expect(test.body.ok).toBe(false);
      expect(test.body.error.message).toMatch(/bind DN without a password/);
      expect(capture.received().includes(Buffer.from(ldap.reader.password))).toBe(false);
      // A sync does not send it either.
      const started = await admin.post(`/rest/v1/sources/${source.id}/sync`, {}).expect(202);
      await app.sync.waitFor(started.body.runId);
      expect(capture.received().includes(Buffer.from(ldap.reader.password))).toBe(false);
    } finally {
      await capture.close();
    }
  });

  it('a password sent in the same request is kept, and goes to the new server', async () => {
    const { admin } = await adminOf(app);
    const capture = await tcpRecorder();
    try {
      const source = await ldapSource(admin);
      const patched = await admin.patch(`/rest/v1/sources/${source.id}`, { settings: { ...source.settings, url: `ldap://127.0.0.1:${capture.port}` }, bindPassword: 'meant-for-the-new-one' }).expect(200);
      expect(patched.body.hasBindPassword).toBe(true);
      await admin.post(`/rest/v1/sources/${source.id}/test`).expect(200);
      expect(capture.received().toString('latin1')).toContain('meant-for-the-new-one');
    } finally {
      await capture.close();
    }
  });

  it.each([
    ['the host', (url: string) => ({ url: url.replace('127.0.0.1', 'localhost') })],
    ['the port', () => ({ url: 'ldap://127.0.0.1:1389' })],
    ['the scheme (ldaps)', (url: string) => ({ url: url.replace('ldap:', 'ldaps:') })],
    ['StartTLS', () => ({ startTls: true })],
    ['the bind DN', () => ({ bindDn: 'cn=someone-else,dc=rollcall,dc=test' })],
  ])('changing %s drops it', async (_what, change) => {
    const { admin } = await adminOf(app);
    const source = await ldapSource(admin);
    const patched = await admin.patch(`/rest/v1/sources/${source.id}`, { settings: { ...source.settings, ...change(String(source.settings.url)) } }).expect(200);
    expect(patched.body.hasBindPassword).toBe(false);
  });

  it('changing the CA certificate drops it', async () => {
    const { admin } = await adminOf(app);
    const source = await ldapSource(admin, ldapSettings({ startTls: true }));
    const ca = (await import('node:fs')).readFileSync(certificates.caFile, 'utf8');
    const patched = await admin.patch(`/rest/v1/sources/${source.id}`, { settings: { ...source.settings, caCertificate: ca } }).expect(200);
    expect(patched.body.hasBindPassword).toBe(false);
  });

  it('changes that do not move the password keep it: name, filter, page size, the default port written out', async () => {
    const { admin } = await adminOf(app);
    const source = await ldapSource(admin, ldapSettings({ url: 'ldap://127.0.0.1' }));
    const patched = await admin
      .patch(`/rest/v1/sources/${source.id}`, { name: 'Renamed', settings: { ...source.settings, url: 'ldap://127.0.0.1:389', userFilter: '(objectClass=person)', pageSize: 50 } })
      .expect(200);
    expect(patched.body.hasBindPassword).toBe(true);
  });
});

describe('a changed URL or user drops the stored XML password', () => {
  let origin: HttpsRecorder;
  let capture: HttpsRecorder;
  const XML = Buffer.from('<identities><identity><mail>ada@example.com</mail></identity></identities>');
  beforeAll(async () => {
    origin = await httpsRecorder(certificates, XML);
    capture = await httpsRecorder(certificates, XML);
  });
  afterAll(async () => {
    await origin?.close();
    await capture?.close();
  });

  async function xmlSource(admin: Admin) {
    const location = { kind: 'url', url: `https://localhost:${origin.port}/identities.xml`, username: 'hr' };
    const created = await admin.post('/rest/v1/sources', { kind: 'xml', name: `XML ${Math.random()}`, settings: { location }, password: 'xml-secret' }).expect(201);
    expect(created.body.hasPassword).toBe(true);
    return created.body as { id: string; settings: { location: Record<string, string> } };
  }

  it('PATCHing only the URL: the old password never arrives at the new one', async () => {
    const { admin } = await adminOf(app);
    const source = await xmlSource(admin);
    const location = { ...source.settings.location, url: `https://localhost:${capture.port}/stolen.xml` };
    const patched = await admin.patch(`/rest/v1/sources/${source.id}`, { settings: { ...source.settings, location } }).expect(200);
    expect(patched.body.hasPassword).toBe(false);
    await admin.post(`/rest/v1/sources/${source.id}/test`).expect(200);
    expect(capture.requests).toHaveLength(1);
    const sent = Buffer.from((capture.requests[0].authorization ?? 'Basic ').slice(6), 'base64').toString();
    expect(sent).toBe('hr:');
    expect(sent).not.toContain('xml-secret');
  });

  it('changing the user drops it; the same URL and user keep it', async () => {
    const { admin } = await adminOf(app);
    const source = await xmlSource(admin);
    const same = await admin.patch(`/rest/v1/sources/${source.id}`, { settings: { ...source.settings, matchPath: 'mail' } }).expect(200);
    expect(same.body.hasPassword).toBe(true);
    const user = await admin.patch(`/rest/v1/sources/${source.id}`, { settings: { ...source.settings, location: { ...source.settings.location, username: 'other' } } }).expect(200);
    expect(user.body.hasPassword).toBe(false);
  });
});

describe('a simple bind over plain ldap://', () => {
  it('is flagged in the source list and the connection test (plain_bind); StartTLS, ldaps:// and anonymous are not', async () => {
    const { admin } = await adminOf(app);
    const plain = await ldapSource(admin);
    const anonymous = await ldapSource(admin, ldapSettings({ bindDn: '' }), undefined);
    const startTls = await ldapSource(admin, ldapSettings({ startTls: true }));
    const warning = { id: 'plain_bind', message: expect.stringMatching(/in clear/) };
    expect(plain.warnings).toEqual([warning]);
    const list = (await admin.get('/rest/v1/sources').expect(200)).body.sources as Array<{ id: string; warnings: unknown[] }>;
    expect(Object.fromEntries(list.map((s) => [s.id, s.warnings]))).toEqual({ [plain.id]: [warning], [anonymous.id]: [], [startTls.id]: [] });
    const test = await admin.post(`/rest/v1/sources/${plain.id}/test`).expect(200);
    expect(test.body.steps[0]).toMatchObject({ step: 'connect', ok: true });
    expect(test.body.warnings).toEqual([warning]);
  });

  describe('with LDAP_REFUSE_PLAIN_BIND=true', () => {
    it('is refused when saved (400 plain_bind_refused); StartTLS and anonymous sources are not', async () => {
      const { admin } = await adminOf(strict);
      const refused = await admin.post('/rest/v1/sources', { kind: 'ldap', name: 'Plain', settings: ldapSettings(), bindPassword: ldap.reader.password }).expect(400);
      expect(refused.body).toMatchObject({ error: 'plain_bind_refused', message: expect.stringMatching(/plain ldap:\/\//), details: [{ path: 'settings.startTls' }] });
      const secure = await ldapSource(admin, ldapSettings({ startTls: true }));
      await ldapSource(admin, ldapSettings({ bindDn: '' }), undefined);
      const downgrade = await admin.patch(`/rest/v1/sources/${secure.id}`, { settings: { ...secure.settings, startTls: false }, bindPassword: ldap.reader.password }).expect(400);
      expect(downgrade.body.error).toBe('plain_bind_refused');
    });

    it('a source stored before the switch is refused at connect time: test and sync answer 400, a run started anyway fails without connecting', async () => {
      const { admin, site } = await adminOf(strict);
      const capture = await tcpRecorder();
      try {
        const source = await ldapSource(admin, ldapSettings({ startTls: true }));
        // As if saved before the operator turned the switch on.
        await DataSource.update({ settings: { ...source.settings, url: `ldap://127.0.0.1:${capture.port}`, startTls: false } }, { where: { id: source.id, tenantId: site.tenantId } });
        expect((await admin.post(`/rest/v1/sources/${source.id}/test`).expect(400)).body.error).toBe('plain_bind_refused');
        expect((await admin.post(`/rest/v1/sources/${source.id}/sync`, {}).expect(400)).body.error).toBe('plain_bind_refused');
        // It can still be disabled.
        await admin.patch(`/rest/v1/sources/${source.id}`, { enabled: false }).expect(200);
        // The scheduler's way in: the session refuses before connecting.
        const run = await strict.sync.start(site.tenantId, source.id, { mode: 'full', trigger: 'manual', startedBy: null });
        await strict.sync.waitFor(String(run.id));
        await run.reload();
        expect(run.status).toBe('failed');
        expect(run.message).toMatch(/simple bind over plain ldap:\/\/ is refused/);
        expect(capture.connections).toBe(0);
      } finally {
        await capture.close();
      }
    });
  });
});
