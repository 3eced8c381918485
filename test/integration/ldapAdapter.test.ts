import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { inspect, promisify } from 'node:util';
import { Attribute, Client } from 'ldapts';
import {
  countEntries,
  detectIdAttribute,
  LdapStepError,
  normalizeDn,
  openLdapSession as openGuardedSession,
  readEntry,
  readRootDse,
  searchPages,
  userSearchBase,
  withLdapSession as withGuardedSession,
  type LdapConnectOptions,
  type LdapConnectionSettings,
  type LdapRecord,
  type LdapSession,
  type SearchPagesOptions,
} from '../../src/directory/ldap';
import { OutboundGuard } from '../../src/net/outbound';
import { ldapFromEnv, type LdapCredentials, type SlapdConnectionInfo } from '../support/slapd';

/** slapd and this file's test servers listen on loopback: the operator's allow-list lets sessions reach them. */
const LOOPBACK: LdapConnectOptions = { guard: new OutboundGuard(['127.0.0.0/8', '::1']) };
const openLdapSession = (settings: LdapConnectionSettings, password: string | undefined) => openGuardedSession(settings, password, LOOPBACK);
const withLdapSession = <T>(settings: LdapConnectionSettings, password: string | undefined, use: (session: LdapSession) => Promise<T>) =>
  withGuardedSession(settings, password, LOOPBACK, use);

const execFileAsync = promisify(execFile);

let ldap: SlapdConnectionInfo;
/** This file's own OU, relative to the base DN (the "additional user DN"). */
let ouRelative: string;
let ouDn: string;

const ZOE_CN = 'Zoë Åström';
const JANE_CN = 'Doe, Jane';
/** JPEG start and end markers: not UTF-8, so ldapts would hand it over as bytes anyway. */
const JANE_PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x00, 0xff, 0xd9]);
/** Valid UTF-8 that starts with a byte-order mark: survives only if it is read as bytes from the start. */
const ZOE_PHOTO = Buffer.from([0xef, 0xbb, 0xbf, 0x41, 0x42, 0x43]);

beforeAll(async () => {
  ldap = ldapFromEnv();
  const ou = `adapter-${randomBytes(4).toString('hex')}`;
  ouRelative = `ou=${ou},ou=people`;
  ouDn = `ou=${ou},${ldap.peopleDn}`;
  await asAdmin(async (client) => {
    await client.add(ouDn, { objectClass: ['organizationalUnit'], ou });
    await client.add(`cn=${ZOE_CN},${ouDn}`, person(ZOE_CN, 'p1', { mail: ['zoe@example.test', 'zoe.astrom@example.test'], jpegPhoto: [ZOE_PHOTO] }));
    const janeExtra = { telephoneNumber: ['+1 555 0100', '+44 20 7946 0000'], jpegPhoto: [JANE_PHOTO] };
    await client.add(`cn=Doe\\, Jane,${ouDn}`, person(JANE_CN, 'p2', janeExtra));
    for (const uid of ['p3', 'p4', 'p5']) await client.add(`uid=${uid},${ouDn}`, person(`Person ${uid}`, uid));
    // Not people: the user filter leaves them out.
    for (const cn of ['Front Desk', 'Mail Room']) await client.add(`cn=${cn},${ouDn}`, { objectClass: ['organizationalRole'], cn });
  });
});

/** Settings for this file's OU, bound as the reader; `overrides` win. */
function settingsFor(overrides: Partial<LdapConnectionSettings> = {}): LdapConnectionSettings {
  return {
    url: ldap.url,
    startTls: false,
    bindDn: ldap.reader.dn,
    baseDn: ldap.baseDn,
    additionalUserDn: ouRelative,
    userFilter: '(objectClass=inetOrgPerson)',
    pageSize: 500,
    connectTimeoutMs: 5_000,
    operationTimeoutMs: 10_000,
    ...overrides,
  };
}

function person(cn: string, uid: string, extra: Record<string, Array<string | Buffer>> = {}): Attribute[] {
  const values: Record<string, Array<string | Buffer>> = {
    objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
    cn: [cn],
    sn: [cn.split(/[ ,]+/)[0] ?? cn],
    uid: [uid],
    ...extra,
  };
  return Object.entries(values).map(([type, v]) => new Attribute({ type, values: v as string[] | Buffer[] }));
}

async function asAdmin<T>(use: (client: Client) => Promise<T>): Promise<T> {
  return asUser(ldap.admin, use);
}

async function asUser<T>(credentials: LdapCredentials, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ url: ldap.url, timeout: 10_000 });
  try {
    await client.bind(credentials.dn, credentials.password);
    return await use(client);
  } finally {
    await client.unbind();
  }
}

/** The error `promise` rejects with, asserted to be an LdapStepError. */
async function stepError(promise: Promise<unknown>): Promise<LdapStepError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LdapStepError);
  return error as LdapStepError;
}

/** A search for the people of the session's settings, two per page; `overrides` win. */
function peopleSearch(session: LdapSession, overrides: Partial<SearchPagesOptions> = {}): SearchPagesOptions {
  return {
    base: userSearchBase(session.settings),
    filter: session.settings.userFilter,
    idAttribute: 'entryUUID',
    attributes: ['cn'],
    pageSize: 2,
    ...overrides,
  };
}

async function allPages(session: LdapSession, overrides: Partial<SearchPagesOptions> = {}): Promise<LdapRecord[][]> {
  const pages: LdapRecord[][] = [];
  for await (const page of searchPages(session, peopleSearch(session, overrides))) pages.push(page);
  return pages;
}

/** A free loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP server that accepts connections and never says a word. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('opening a session', () => {
  it('connects and binds as the reader, and close() closes the socket', async () => {
    const session = await openLdapSession(settingsFor(), ldap.reader.password);
    expect(session.client.isBound).toBe(true);
    await session.close();
    expect(session.client.isConnected).toBe(false);
    await session.close(); // twice is fine
  });

  it('a wrong password fails at the bind step with invalidCredentials (49), and the password appears nowhere in the error', async () => {
    const password = `Wr0ng-${randomBytes(6).toString('hex')}`;
    const error = await stepError(openLdapSession(settingsFor(), password));
    expect(error).toMatchObject({ step: 'bind', kind: 'result', resultCode: 49, resultName: 'invalidCredentials' });
    expect(error.message).toMatch(/^bind failed: invalidCredentials \(49\)/);
    expect(error.usualCauses.join(' ')).toMatch(/bind DN or password/);
    for (const text of [error.message, error.stack ?? '', inspect(error, { depth: 5 }), JSON.stringify(error)]) {
      expect(text).not.toContain(password);
    }
  });

  it('a bind DN without a password is refused before connecting, as an unauthenticated bind would pass for anonymous', async () => {
    const error = await stepError(openLdapSession(settingsFor({ url: `ldap://127.0.0.1:${await closedPort()}` }), ''));
    expect(error).toMatchObject({ step: 'bind', kind: 'configuration' });
    expect(error.usualCauses.join(' ')).toMatch(/unauthenticated bind/);
  });

  it('a port nobody listens on fails fast at the connect step with network causes', async () => {
    const port = await closedPort();
    const started = Date.now();
    const error = await stepError(openLdapSession(settingsFor({ url: `ldap://127.0.0.1:${port}`, connectTimeoutMs: 1_000 }), ldap.reader.password));
    expect(Date.now() - started).toBeLessThan(2_000);
    // The socket's code is kept for the log; the admin reads no socket text.
    expect(error).toMatchObject({ step: 'connect', kind: 'network', transportCode: 'ECONNREFUSED' });
    expect(error.message).toBe(`connect failed: The directory at 127.0.0.1:${port} could not be reached`);
    expect(error.message).not.toMatch(/ECONNREFUSED/);
    expect(error.usualCauses.join(' ')).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}.*port|firewall`, 'i'));
  });

  it('a refused, a silent, a resetting and a non-TLS port read the same: the errors map no open ports', async () => {
    const silent = await silentServer();
    const resetting = net.createServer((socket) => socket.resetAndDestroy());
    await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
    try {
      const ports = { refused: await closedPort(), silent: silent.port, resetting: (resetting.address() as net.AddressInfo).port, plain: ldap.port };
      const failures = await Promise.all([
        stepError(openLdapSession(settingsFor({ url: `ldap://127.0.0.1:${ports.refused}` }), ldap.reader.password)),
        stepError(openLdapSession(settingsFor({ url: `ldaps://127.0.0.1:${ports.silent}`, connectTimeoutMs: 300 }), ldap.reader.password)),
        stepError(openLdapSession(settingsFor({ url: `ldaps://127.0.0.1:${ports.resetting}` }), ldap.reader.password)),
        stepError(openLdapSession(settingsFor({ url: `ldaps://127.0.0.1:${ports.plain}` }), ldap.reader.password)),
      ]);
      const [refused, ...others] = failures.map((error, i) => ({
        message: error.message.replace(String(Object.values(ports)[i]), '<port>'),
        causes: error.usualCauses.map((c) => c.replace(String(Object.values(ports)[i]), '<port>')),
      }));
      expect(refused.message).toBe('connect failed: The directory at 127.0.0.1:<port> could not be reached');
      for (const other of others) expect(other).toEqual(refused);
      expect(failures.map((e) => e.kind)).toEqual(['network', 'timeout', 'network', 'tls']);
    } finally {
      await silent.close();
      await new Promise((resolve) => resetting.close(resolve));
    }
  });

  it('a TLS handshake that never completes times out at the connect step after connectTimeoutMs', async () => {
    const silent = await silentServer();
    try {
      const started = Date.now();
      const settings = settingsFor({ url: `ldaps://127.0.0.1:${silent.port}`, connectTimeoutMs: 300 });
      const error = await stepError(openLdapSession(settings, ldap.reader.password));
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(error).toMatchObject({ step: 'connect', kind: 'timeout' });
      expect(error.message).toBe(`connect failed: The directory at 127.0.0.1:${silent.port} could not be reached`);
      expect(error.usualCauses.join(' ')).toMatch(/firewall/i);
    } finally {
      await silent.close();
    }
  });

  it('a server that never answers the bind times out at the bind step after operationTimeoutMs', async () => {
    const silent = await silentServer();
    try {
      const started = Date.now();
      const error = await stepError(openLdapSession(settingsFor({ url: `ldap://127.0.0.1:${silent.port}`, operationTimeoutMs: 300 }), 'secret-pw'));
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(error).toMatchObject({ step: 'bind', kind: 'timeout' });
      expect(error.message).toBe('bind failed: no answer within 300 ms');
    } finally {
      await silent.close();
    }
  });

  it('StartTLS against a server without TLS fails at the starttls step and says the server does not offer it', async () => {
    const error = await stepError(openLdapSession(settingsFor({ startTls: true }), ldap.reader.password));
    expect(error).toMatchObject({ step: 'starttls', kind: 'result', resultCode: 2, resultName: 'protocolError' });
    expect(error.message).toMatch(/^starttls failed: protocolError \(2\)/);
    expect(error.usualCauses[0]).toMatch(/does not offer StartTLS/);
  });

  it('ldaps:// against a plain LDAP port fails the TLS handshake at the connect step and suggests the LDAPS port', async () => {
    const error = await stepError(openLdapSession(settingsFor({ url: `ldaps://127.0.0.1:${ldap.port}` }), ldap.reader.password));
    expect(error).toMatchObject({ step: 'connect', kind: 'tls' });
    expect(error.usualCauses.join(' ')).toMatch(/636/);
  });

  it('an anonymous session opens without a bind, and the search it may not do fails with insufficientAccessRights (50)', async () => {
    await withLdapSession(settingsFor({ bindDn: undefined }), undefined, async (session) => {
      expect((await readRootDse(session)).namingContexts).toEqual([ldap.baseDn]);
      expect(session.client.isBound).toBe(false);
      const error = await stepError(countEntries(session, userSearchBase(session.settings), session.settings.userFilter));
      expect(error).toMatchObject({ step: 'count', resultCode: 50, resultName: 'insufficientAccessRights' });
      expect(error.usualCauses[0]).toMatch(/Anonymous.*set a bind DN/);
    });
  });

  it('withLdapSession closes the session when the work throws', async () => {
    let used: LdapSession | undefined;
    await expect(
      withLdapSession(settingsFor(), ldap.reader.password, async (session) => {
        used = session;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(used?.client.isConnected).toBe(false);
  });

  it('a closed session never reconnects: operations fail with kind closed', async () => {
    const session = await openLdapSession(settingsFor(), ldap.reader.password);
    await session.close();
    const error = await stepError(readRootDse(session));
    expect(error).toMatchObject({ step: 'rootDse', kind: 'closed' });
    expect(error.message).toMatch(/session is closed/);
  });
});

describe('reading the directory', () => {
  let session: LdapSession;
  beforeAll(async () => {
    session = await openLdapSession(settingsFor(), ldap.reader.password);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('the root DSE announces paged results and names the naming context', async () => {
    const rootDse = await readRootDse(session);
    expect(rootDse.pagedResults).toBe(true);
    expect(rootDse.supportedControls).toContain('1.2.840.113556.1.4.319');
    expect(rootDse.namingContexts).toEqual([ldap.baseDn]);
    expect(rootDse.supportedLdapVersions).toContain('3');
    expect(rootDse.isActiveDirectory).toBe(false);
  });

  it('detects entryUUID as the stable id attribute', async () => {
    expect(await detectIdAttribute(session, userSearchBase(session.settings), session.settings.userFilter)).toBe('entryUUID');
    expect(await detectIdAttribute(session, userSearchBase(session.settings), '(uid=nobody-has-this)')).toBeUndefined();
  });

  it('counts only the entries the filter matches', async () => {
    const base = userSearchBase(session.settings);
    expect(await countEntries(session, base, '(objectClass=inetOrgPerson)')).toBe(5);
    expect(await countEntries(session, base, '(&(objectClass=inetOrgPerson)(!(uid=p3)))')).toBe(4);
    expect(await countEntries(session, base, '(objectClass=*)')).toBe(8); // the OU, five people, two roles
  });

  it('a base DN that does not exist fails with noSuchObject (32) and names the base DN', async () => {
    const settings = settingsFor({ baseDn: 'dc=nowhere,dc=test', additionalUserDn: undefined });
    const error = await stepError(countEntries({ ...session, settings }, userSearchBase(settings), settings.userFilter));
    expect(error).toMatchObject({ step: 'count', kind: 'result', resultCode: 32, resultName: 'noSuchObject' });
    expect(error.usualCauses[0]).toMatch(/"dc=nowhere,dc=test" does not exist: check the base DN/);
  });

  it('an additional user DN that repeats the base DN fails with noSuchObject (32) and says not to repeat it', async () => {
    const settings = settingsFor({ additionalUserDn: `${ouRelative},${ldap.baseDn}` });
    const error = await stepError(countEntries({ ...session, settings }, userSearchBase(settings), settings.userFilter));
    expect(error.resultCode).toBe(32);
    expect(error.usualCauses.join(' ')).toMatch(/below the base DN.*do not repeat|repeats the base DN/);
  });

  it('an invalid filter fails at the search step before anything is sent', async () => {
    const error = await stepError(allPages(session, { filter: '(&(objectClass=person)' }));
    expect(error).toMatchObject({ step: 'search', kind: 'configuration' });
    expect(error.message).toMatch(/unbalanced parenthesis: the '\(' at column 1 is never closed/);
  });

  describe('searchPages', () => {
    let pages: LdapRecord[][];
    let uuids: Map<string, string>;
    beforeAll(async () => {
      pages = await allPages(session, {
        attributes: ['CN', 'Mail', 'telephoneNumber', 'title', 'modifyTimestamp'],
        binaryAttributes: ['JPEGPHOTO'],
      });
      uuids = await asAdmin(async (client) => {
        const { searchEntries } = await client.search(ouDn, { filter: '(objectClass=inetOrgPerson)', attributes: ['entryUUID'] });
        return new Map(searchEntries.map((e) => [normalizeDn(e.dn), String(e.entryUUID)]));
      });
    });
    const records = () => pages.flat();
    const byCn = (cn: string) => records().find((r) => r.attributes.cn?.[0] === cn) as LdapRecord;

    it('yields one array per server page: 5 people with a page size of 2 come as 2, 2 and 1, each once', () => {
      expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
      const dns = records().map((r) => normalizeDn(r.dn));
      expect(new Set(dns).size).toBe(5);
      expect(new Set(dns)).toEqual(new Set(uuids.keys()));
    });

    it('the external id is the entryUUID', () => {
      for (const record of records()) expect(record.externalId).toBe(uuids.get(normalizeDn(record.dn)));
    });

    it('keys are lower-cased, missing attributes are absent, and non-ASCII values round-trip', () => {
      const zoe = byCn(ZOE_CN);
      expect(Object.keys(zoe.attributes).sort()).toEqual(['cn', 'entryuuid', 'mail', 'modifytimestamp']);
      expect(zoe.attributes.title).toBeUndefined();
      expect(zoe.dn).toBe(`cn=${ZOE_CN},${ouDn}`);
      expect(zoe.modifyTimestamp).toMatch(/^\d{14}Z$/);
    });

    it('multi-valued attributes keep every value in order', () => {
      expect(byCn(ZOE_CN).attributes.mail).toEqual(['zoe@example.test', 'zoe.astrom@example.test']);
      expect(byCn(JANE_CN).attributes.telephonenumber).toEqual(['+1 555 0100', '+44 20 7946 0000']);
    });

    it('a DN with an escaped comma comes back addressing the same entry', async () => {
      const jane = byCn(JANE_CN);
      expect(normalizeDn(jane.dn)).toBe(normalizeDn(`cn=Doe\\2C Jane,${ouDn}`));
      expect((await readEntry(session, jane.dn, ['cn']))?.attributes.cn).toEqual([JANE_CN]);
    });

    it('binary attributes come back byte for byte, whatever case they were asked for in', () => {
      expect(byCn(JANE_CN).binary.jpegphoto).toEqual([JANE_PHOTO]);
      // Valid UTF-8 with a byte-order mark: read as text it would lose its first three bytes.
      expect(byCn(ZOE_CN).binary.jpegphoto).toEqual([ZOE_PHOTO]);
      expect(byCn(ZOE_CN).attributes.jpegphoto).toBeUndefined();
      expect(byCn('Person p3').binary).toEqual({});
    });
  });

  it('stopping the iteration early ends the search and leaves the session usable for the next one', async () => {
    const seen: LdapRecord[][] = [];
    for await (const page of searchPages(session, peopleSearch(session))) {
      seen.push(page);
      break;
    }
    expect(seen.map((page) => page.length)).toEqual([2]);
    expect(session.client.isConnected).toBe(true);
    // A new paged search on the same connection starts from the beginning.
    expect((await allPages(session)).map((page) => page.length)).toEqual([2, 2, 1]);
  });

  it('stopping early inside withLdapSession closes the socket', async () => {
    let used: LdapSession | undefined;
    await withLdapSession(settingsFor(), ldap.reader.password, async (s) => {
      used = s;
      for await (const page of searchPages(s, peopleSearch(s))) {
        expect(page).toHaveLength(2);
        break;
      }
    });
    expect(used?.client.isConnected).toBe(false);
  });

  it('an abort signal between pages stops the search with the signal reason', async () => {
    const controller = new AbortController();
    const pageSizes: number[] = [];
    const iterate = async () => {
      for await (const page of searchPages(session, peopleSearch(session, { signal: controller.signal }))) {
        pageSizes.push(page.length);
        controller.abort();
      }
    };
    await expect(iterate()).rejects.toMatchObject({ name: 'AbortError' });
    expect(pageSizes).toEqual([2]);
    expect(session.client.isConnected).toBe(true);
  });

  it('readEntry reads one entry by DN, and gives null for a DN that does not exist', async () => {
    const jane = await readEntry(session, `cn=Doe\\, Jane,${ouDn}`, ['cn', 'telephoneNumber'], ['jpegPhoto']);
    expect(jane).toMatchObject({
      attributes: { cn: [JANE_CN], telephonenumber: ['+1 555 0100', '+44 20 7946 0000'] },
      binary: { jpegphoto: [JANE_PHOTO] },
    });
    // No id attribute configured: the first candidate the entry has is used.
    expect(jane?.externalId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await readEntry(session, `uid=nobody,${ouDn}`, ['cn'])).toBeNull();
  });
});

it('aborting while the server has not answered closes the session and throws the signal reason', async () => {
  const silent = await silentServer();
  try {
    // Anonymous: opening sends nothing, so it succeeds against a server that never answers.
    const session = await openLdapSession(settingsFor({ url: `ldap://127.0.0.1:${silent.port}`, bindDn: undefined }), undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const iterate = async () => {
      for await (const _page of searchPages(session, peopleSearch(session, { signal: controller.signal }))) {
        // never reached
      }
    };
    await expect(iterate()).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(session.client.isConnected).toBe(false);
  } finally {
    await silent.close();
  }
});

describe('ldaps:// through a TLS front end with a private CA', () => {
  let dir: string;
  let caPem: string;
  let front: { port: number; close(): Promise<void> };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rollcall-ldaps-'));
    caPem = await makeCertificates(dir);
    front = await tlsFrontEnd(
      { key: await fs.readFile(path.join(dir, 'server.key')), cert: await fs.readFile(path.join(dir, 'server.pem')) },
      ldap.port,
    );
  });
  afterAll(async () => {
    await front?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('without the CA certificate the handshake fails at the connect step and asks for the CA certificate', async () => {
    const error = await stepError(openLdapSession(settingsFor({ url: `ldaps://localhost:${front.port}` }), ldap.reader.password));
    expect(error).toMatchObject({ step: 'connect', kind: 'tls', transportCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(error.usualCauses[0]).toMatch(/add the CA certificate/);
  });

  it('with the CA certificate it connects, binds and reads', async () => {
    await withLdapSession(settingsFor({ url: `ldaps://localhost:${front.port}`, caCertificate: caPem }), ldap.reader.password, async (session) => {
      expect(await countEntries(session, userSearchBase(session.settings), session.settings.userFilter)).toBe(5);
    });
  });

  it('a host name the certificate does not name fails with a host name cause', async () => {
    const settings = settingsFor({ url: `ldaps://127.0.0.1:${front.port}`, caCertificate: caPem });
    const error = await stepError(openLdapSession(settings, ldap.reader.password));
    expect(error).toMatchObject({ step: 'connect', kind: 'tls', transportCode: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(error.usualCauses[0]).toMatch(/not issued for "127\.0\.0\.1"/);
  });
});

/** A private CA and a certificate for "localhost" it signed (openssl); returns the CA's PEM. */
async function makeCertificates(dir: string): Promise<string> {
  const openssl = (...args: string[]) => execFileAsync('openssl', args, { cwd: dir });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const caExtensions = ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'];
  await openssl('req', '-x509', ...newKey, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Rollcall Test CA', ...caExtensions);
  await openssl('req', ...newKey, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  // Names "localhost" only, so ldaps://127.0.0.1 is a host name mismatch.
  await fs.writeFile(path.join(dir, 'server.ext'), 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  const sign = ['-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'server.ext'];
  await openssl('x509', '-req', '-in', 'server.csr', '-out', 'server.pem', ...sign);
  return fs.readFile(path.join(dir, 'ca.pem'), 'utf8');
}

/** An LDAPS port in front of slapd: TLS terminated here, bytes passed on to slapd's plain port. */
async function tlsFrontEnd(options: tls.TlsOptions, upstreamPort: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = tls.createServer(options, (secure) => {
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    track(secure);
    track(upstream);
    secure.pipe(upstream).pipe(secure);
    secure.on('close', () => upstream.destroy());
    upstream.on('close', () => secure.destroy());
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
