import { ldapFromEnv, type SlapdConnectionInfo } from '../support/slapd';
import { startTestApp, type TestApp } from '../support/app';
import { httpsRecorder, makeCertificates, tcpRecorder, type HttpsRecorder, type TcpRecorder, type TestCertificates } from '../support/listeners';
import { ADMIN, installSite, type Site } from '../support/sites';

/**
 * SSRF (issue #13, item 1): a site admin's LDAP URL or XML HTTPS URL must not reach the app
 * server's loopback, private network or the cloud metadata service, in any notation of the
 * address, unless the operator's OUTBOUND_ALLOW permits it. One app runs without the allow-list,
 * one with it (127.0.0.0/8 and ::1, as every other test app).
 */

let refusing: TestApp;
let allowing: TestApp;
let certificates: TestCertificates;
let canary: TcpRecorder;
let xmlServer: HttpsRecorder;
let ldap: SlapdConnectionInfo;
const sites: Site[] = [];

const XML = Buffer.from('<identities><identity><mail>ada@example.com</mail><department>Engines</department></identity></identities>');

beforeAll(async () => {
  ldap = ldapFromEnv();
  certificates = await makeCertificates();
  canary = await tcpRecorder();
  xmlServer = await httpsRecorder(certificates, XML);
  refusing = await startTestApp({ env: { OUTBOUND_ALLOW: '', XML_CA_FILE: certificates.caFile } });
  allowing = await startTestApp({ env: { XML_CA_FILE: certificates.caFile } });
});
afterAll(async () => {
  await Promise.all(sites.map((s) => s.close()));
  await refusing?.close();
  await allowing?.close();
  await canary?.close();
  await xmlServer?.close();
  certificates?.remove();
});

async function adminOf(app: TestApp) {
  const site = await installSite(app);
  sites.push(site);
  return site.as(ADMIN.accountId);
}

type Admin = Awaited<ReturnType<typeof adminOf>>;

const ldapSource = (admin: Admin, url: string) =>
  admin
    .post('/rest/v1/sources', {
      kind: 'ldap',
      name: `LDAP ${url}`,
      settings: { url, bindDn: ldap.reader.dn, baseDn: ldap.baseDn, userFilter: '(objectClass=inetOrgPerson)', connectTimeoutMs: 2000, operationTimeoutMs: 2000 },
      bindPassword: ldap.reader.password,
    })
    .expect(201);

const xmlSource = (admin: Admin, url: string) =>
  admin.post('/rest/v1/sources', { kind: 'xml', name: `XML ${url}`, settings: { location: { kind: 'url', url, username: 'hr' } }, password: 'xml-secret' }).expect(201);

async function syncRun(app: TestApp, admin: Admin, sourceId: string) {
  const started = await admin.post(`/rest/v1/sources/${sourceId}/sync`, {}).expect(202);
  await app.sync.waitFor(started.body.runId);
  return (await admin.get(`/rest/v1/sync-runs/${started.body.runId}`).expect(200)).body;
}

/** Every notation of the loopback addresses, and two internal networks (no listener needed: nothing may be tried). */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '2130706433', '0x7f.1', '0x7f000001', '0177.0.0.1', '127.1', '[::1]', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]'];

describe('without OUTBOUND_ALLOW', () => {
  let admin: Admin;
  // A fresh site per test: the connection test is rate-limited per admin and site (http/rateLimit.ts).
  beforeEach(async () => {
    admin = await adminOf(refusing);
  });
  afterAll(() => {
    // Not one of the attempts below got as far as a TCP connection.
    expect(canary.connections).toBe(0);
  });

  it.each(LOOPBACK_HOSTS)('an LDAP source at ldap://%s refuses to connect, in the connection test and in a sync', async (host) => {
    const source = await ldapSource(admin, `ldap://${host}:${canary.port}`);
    const test = await admin.post(`/rest/v1/sources/${source.body.id}/test`).expect(200);
    expect(test.body).toMatchObject({ ok: false, error: { step: 'connect' } });
    expect(test.body.error.message).toMatch(/^connect failed: That address is not allowed: it is internal \(/);
    // The admin learns nothing about the address a name resolved to.
    if (host === 'localhost') expect(JSON.stringify(test.body)).not.toMatch(/127\.0\.0\.1|::1/);
    const run = await syncRun(refusing, admin, source.body.id);
    expect(run).toMatchObject({ status: 'failed' });
    expect(run.message).toMatch(/That address is not allowed: it is internal/);
    expect(canary.connections).toBe(0);
  });

  it.each(['169.254.169.254', '10.0.0.1', '100.64.0.1', '[fd00::1]', '0'])('an LDAP source at ldap://%s (internal, metadata, CGNAT, ULA, unspecified) is refused', async (host) => {
    const source = await ldapSource(admin, `ldap://${host}:389`);
    const test = await admin.post(`/rest/v1/sources/${source.body.id}/test`).expect(200);
    expect(test.body.error.message).toMatch(/^connect failed: That address is not allowed: it is internal/);
  });

  it.each(LOOPBACK_HOSTS)('an XML source at https://%s refuses to download, in the test and in a sync', async (host) => {
    const source = await xmlSource(admin, `https://${host}:${xmlServer.port}/identities.xml`);
    const test = await admin.post(`/rest/v1/sources/${source.body.id}/test`).expect(200);
    expect(test.body).toMatchObject({ ok: false, error: { step: 'read', message: expect.stringMatching(/^That address is not allowed: it is internal \(/) } });
    expect(test.body.samples).toBeUndefined();
    const run = await syncRun(refusing, admin, source.body.id);
    expect(run).toMatchObject({ status: 'failed', message: expect.stringMatching(/^That address is not allowed: it is internal/) });
    expect(xmlServer.requests).toEqual([]);
  });

  it('an XML source at the cloud metadata address is refused', async () => {
    const source = await xmlSource(admin, 'https://169.254.169.254/latest/meta-data/');
    const test = await admin.post(`/rest/v1/sources/${source.body.id}/test`).expect(200);
    expect(test.body.error.message).toBe('That address is not allowed: it is internal (169.254.169.254).');
  });
});

describe('with OUTBOUND_ALLOW=127.0.0.0/8,::1', () => {
  let admin: Admin;
  beforeEach(async () => {
    admin = await adminOf(allowing);
  });

  it.each(['127.0.0.1', 'localhost', '0x7f.1'])('an LDAP source on loopback (ldap://%s) connects, binds and reads', async (host) => {
    const source = await ldapSource(admin, `ldap://${host}:${ldap.port}`);
    const test = await admin.post(`/rest/v1/sources/${source.body.id}/test`).expect(200);
    expect(test.body.steps.slice(0, 2)).toMatchObject([
      { step: 'connect', ok: true },
      { step: 'rootDse', ok: true },
    ]);
  });

  it('an XML source on loopback downloads with its user and password, in the test and in a sync', async () => {
    const before = xmlServer.requests.length;
    const source = await xmlSource(admin, `https://localhost:${xmlServer.port}/identities.xml`);
    const test = await admin.post(`/rest/v1/sources/${source.body.id}/test`).expect(200);
    expect(test.body).toMatchObject({ ok: true, records: 1, file: { name: 'identities.xml' } });
    const run = await syncRun(allowing, admin, source.body.id);
    expect(run).toMatchObject({ status: 'succeeded', counts: { seen: 1 } });
    expect(xmlServer.requests.slice(before)).toEqual([
      { path: '/identities.xml', authorization: `Basic ${Buffer.from('hr:xml-secret').toString('base64')}` },
      { path: '/identities.xml', authorization: `Basic ${Buffer.from('hr:xml-secret').toString('base64')}` },
    ]);
  });

  it('an unreachable port reads as unreachable, without the socket error, and a closed and a silent port read the same', async () => {
    const closed = await tcpRecorder();
    const closedPort = closed.port;
    await closed.close();
    const messages = [];
    for (const url of [`https://127.0.0.1:${closedPort}/x.xml`, `https://127.0.0.1:${canary.port}/x.xml`]) {
      const source = await xmlSource(admin, url);
      const test = await admin.post(`/rest/v1/sources/${source.body.id}/test`).expect(200);
      messages.push(test.body.error.message);
    }
    expect(messages).toEqual(['The server at 127.0.0.1 could not be reached.', 'The server at 127.0.0.1 could not be reached.']);
  });
});
