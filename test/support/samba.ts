import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Attribute, Client } from 'ldapts';

/**
 * A throwaway Samba Active Directory domain controller for the test suite: provisioned once per
 * `npm test` by the jest globalSetup (like slapd), in its own temporary directory, listening on a
 * loopback address of its own (127.x.y.z, ports 389 and 636: Samba cannot move them) and stopped
 * by the globalTeardown. Tests find it through `ROLLCALL_TEST_AD` ({@link adFromEnv}).
 *
 * What the DC is like (as a real AD out of the box):
 * - simple binds over plain ldap:// are refused (`ldap server require strong auth`): the suite
 *   binds over LDAPS, with a private CA's certificate for the DC (written to private/tls, where
 *   Samba keeps its own; the CA is in {@link SambaConnectionInfo.caCertificate});
 * - `OU=people,OU=rollcall,<base>` holds the tests' people (each test its own OU below it);
 * - `rollcall-reader` is a plain domain user (reads what Authenticated Users read, writes nothing);
 *   `rollcall-writer` has been delegated Write Property on telephoneNumber and thumbnailPhoto of
 *   the user objects below OU=people (and nothing else), as an admin would with the Delegation
 *   of Control wizard.
 */

/** How to bind as one account, in the three forms AD accepts for a simple bind. */
export interface AdAccount {
  /** `CN=…,CN=Users,DC=…` */
  dn: string;
  /** `name@corp.rollcall.test` */
  upn: string;
  /** `CORP\name` */
  downLevel: string;
  password: string;
}

/** What tests need to reach the DC (JSON in ROLLCALL_TEST_AD). */
export interface SambaConnectionInfo {
  /** `ldaps://127.x.y.z:636` */
  url: string;
  /** `ldap://127.x.y.z:389` (simple binds refused there: strongAuthRequired) */
  plainUrl: string;
  host: string;
  /** `corp.rollcall.test` */
  realm: string;
  /** `CORP` */
  domain: string;
  /** `DC=corp,DC=rollcall,DC=test` */
  baseDn: string;
  /** `OU=people,OU=rollcall,<baseDn>`: the delegated OU, empty at start. */
  peopleDn: string;
  /** The PEM of the CA that signed the DC's LDAPS certificate. */
  caCertificate: string;
  admin: AdAccount;
  reader: AdAccount;
  writer: AdAccount;
  /** The DC's database (private/sam.ldb): `ldbadd -H` on it adds in bulk, several times faster than LDAP adds. */
  samLdb: string;
}

export interface SambaHandle extends SambaConnectionInfo {
  dataDir: string;
  /** Seconds spent provisioning, starting and loading the base entries (for the log). */
  startupSeconds: number;
  stop(): Promise<void>;
}

const ENV_VAR = 'ROLLCALL_TEST_AD';
const REALM = 'corp.rollcall.test';
const DOMAIN = 'CORP';
const BASE_DN = 'DC=corp,DC=rollcall,DC=test';
const ROLLCALL_OU = `OU=rollcall,${BASE_DN}`;
const PEOPLE_DN = `OU=people,${ROLLCALL_OU}`;
const DIR_PREFIX = 'rollcall-samba-';
const OWNER_FILE = 'owner.json';
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const OUTPUT_LIMIT = 64 * 1024;
/** The user class and the attributes delegated to the writer, by lDAPDisplayName. */
const DELEGATED_ATTRIBUTES = ['telephoneNumber', 'thumbnailPhoto'];

const execFileAsync = promisify(execFile);

const PACKAGES = ['samba', 'samba-ad-dc', 'samba-ad-provision', 'ldb-tools'];
const INSTALL_HINT =
  'Samba (samba, samba-tool) is needed by the Active Directory tests but was not found. Install it:\n' +
  `  Debian/Ubuntu: sudo apt-get install --no-install-recommends ${PACKAGES.join(' ')}\n` +
  'then run the tests again.';

/** Samba's tdb databases skip fsync with this set (as Samba's own selftest does): a throwaway DC needs no durability. */
export const SAMBA_ENV = { ...process.env, TDB_NO_FSYNC: '1' };

/**
 * Finds samba and samba-tool; when missing and this process is root on Debian/Ubuntu, installs
 * them with apt-get (updating the package lists once when the first attempt fails).
 */
export async function ensureSambaInstalled(): Promise<{ samba: string; sambaTool: string }> {
  const found = await findSamba();
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !(await exists('/etc/debian_version'))) throw new Error(INSTALL_HINT);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => execFileAsync('apt-get', ['install', '-y', '--no-install-recommends', ...PACKAGES], { env, maxBuffer: 64 * 1024 * 1024 });
  try {
    await install();
  } catch {
    try {
      await execFileAsync('apt-get', ['update'], { env, maxBuffer: 64 * 1024 * 1024 });
      await install();
    } catch (error) {
      throw new Error(`Samba is missing and installing it with apt-get failed: ${describeExecError(error)}\n\n${INSTALL_HINT}`);
    }
  }
  const installed = await findSamba();
  if (!installed) throw new Error(`apt-get installed Samba but samba or samba-tool is still missing.\n\n${INSTALL_HINT}`);
  return installed;
}

/**
 * Provisions a new domain (`samba-tool domain provision --use-rfc2307 --dns-backend=NONE`, about
 * 6 s), starts `samba` in the foreground (single process, only the LDAP service) on a random
 * loopback address, and adds the OUs and the two service accounts. The caller must `stop()` it.
 */
export async function startSamba(): Promise<SambaHandle> {
  const started = Date.now();
  const { samba, sambaTool } = await ensureSambaInstalled();
  await assertPrivilegedPortsAllowed();
  await sweepStaleDirs();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), DIR_PREFIX));
  let child: ChildProcess | undefined;
  try {
    await fs.writeFile(path.join(dataDir, OWNER_FILE), JSON.stringify({ ownerPid: process.pid }));
    // 127.0.0.0/8 is all loopback on Linux: an address of our own keeps 389/636 clear of anything on 127.0.0.1.
    const host = `127.${randomInt(100, 250)}.${randomInt(1, 250)}.${randomInt(2, 250)}`;
    await fs.mkdir(path.join(dataDir, 'run'));
    const tlsDir = path.join(dataDir, 'tls');
    const caCertificate = await makeDcCertificate(tlsDir, host);
    const passwords = { admin: newPassword(), reader: newPassword(), writer: newPassword() };
    const conf = path.join(dataDir, 'etc', 'smb.conf');
    try {
      await execFileAsync(
        sambaTool,
        [
          'domain', 'provision',
          `--realm=${REALM.toUpperCase()}`, `--domain=${DOMAIN}`, '--server-role=dc', '--dns-backend=NONE', '--use-rfc2307',
          '--host-name=dc1', `--host-ip=${host}`, `--adminpass=${passwords.admin}`, `--targetdir=${dataDir}`,
          // An address with a mask is taken as it is ("user knows best"): Samba listens on it alone.
          `--option=interfaces=${host}/8`, '--option=bind interfaces only=yes',
          '--option=server services=ldap',
          `--option=tls keyfile=${path.join(tlsDir, 'key.pem')}`, `--option=tls certfile=${path.join(tlsDir, 'cert.pem')}`,
          `--option=tls cafile=${path.join(tlsDir, 'ca.pem')}`,
          `--option=log file=${path.join(dataDir, 'log.samba')}`,
          // Its own pid file: another samba on the machine (a system service, a DC a killed run
          // left behind) must not stop this one ("samba is already running").
          `--option=pid directory=${path.join(dataDir, 'run')}`,
        ],
        { env: SAMBA_ENV, maxBuffer: 64 * 1024 * 1024 },
      );
    } catch (error) {
      throw new Error(`samba-tool domain provision failed: ${describeExecError(error)}`, { cause: error });
    }

    const server = spawnSamba(samba, conf);
    child = server.child;
    await fs.writeFile(path.join(dataDir, OWNER_FILE), JSON.stringify({ ownerPid: process.pid, sambaPid: child.pid }));
    const admin = account('Administrator', passwords.admin);
    const url = `ldaps://${host}:636`;
    await waitUntilReady(server, url, caCertificate, admin);

    const info: SambaConnectionInfo = {
      url,
      plainUrl: `ldap://${host}:389`,
      host,
      realm: REALM,
      domain: DOMAIN,
      baseDn: BASE_DN,
      peopleDn: PEOPLE_DN,
      caCertificate,
      admin,
      reader: account('rollcall-reader', passwords.reader),
      writer: account('rollcall-writer', passwords.writer),
      samLdb: path.join(dataDir, 'private', 'sam.ldb'),
    };
    const writerSid = await loadBaseStructure(info);
    await delegate(sambaTool, conf, info.samLdb, writerSid, info);

    const running = server;
    return {
      ...info,
      dataDir,
      startupSeconds: (Date.now() - started) / 1000,
      stop: once(async () => {
        await stopChild(running.child);
        await fs.rm(dataDir, { recursive: true, force: true });
      }),
    };
  } catch (error) {
    if (child) await stopChild(child);
    await fs.rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** The DC's details stored by the globalSetup in ROLLCALL_TEST_AD. */
export function adFromEnv(): SambaConnectionInfo {
  const raw = process.env[ENV_VAR];
  if (!raw) {
    throw new Error(`${ENV_VAR} is not set: the jest globalSetup (test/support/globalSetup.ts) starts the Samba DC and sets it; are you running this test outside jest?`);
  }
  return JSON.parse(raw) as SambaConnectionInfo;
}

/** Serialises a handle for ROLLCALL_TEST_AD. */
export function adEnvValue(handle: SambaHandle): string {
  const { stop: _stop, dataDir: _dataDir, startupSeconds: _seconds, ...info } = handle;
  return JSON.stringify(info);
}

export const AD_ENV_VAR = ENV_VAR;

// ---------------------------------------------------------------------------------------------

/**
 * Samba listens on 389 and 636 whatever smb.conf says, so it needs root (CI and the dev machines
 * run the suite as root) or a kernel that lets anyone bind ports that low.
 */
async function assertPrivilegedPortsAllowed(): Promise<void> {
  if (process.getuid?.() === 0) return;
  const lowest = Number(await fs.readFile('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').catch(() => '1024'));
  if (lowest <= 389) return;
  throw new Error(
    'The Active Directory tests start a Samba domain controller, which listens on ports 389 and 636: run the suite as root, ' +
      'or allow unprivileged low ports (sudo sysctl net.ipv4.ip_unprivileged_port_start=389), or leave those tests out ' +
      '(npx jest --testPathIgnorePatterns activeDirectory).',
  );
}

function account(name: string, password: string): AdAccount {
  return { dn: `CN=${name},CN=Users,${BASE_DN}`, upn: `${name}@${REALM}`, downLevel: `${DOMAIN}\\${name}`, password };
}

/** AD's password policy wants three character classes and 7+ characters. */
function newPassword(): string {
  return `Rc-${randomBytes(15).toString('base64url')}9a`;
}

/** `"password"` as UTF-16LE: how AD takes a password (unicodePwd), over an encrypted connection only. */
export function unicodePwd(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}

/** An LDAPS client bound as `who`, trusting the DC's CA. */
export async function adClient(info: Pick<SambaConnectionInfo, 'url' | 'caCertificate'>, who: { dn: string; password: string }): Promise<Client> {
  const client = new Client({ url: info.url, tlsOptions: { ca: [info.caCertificate] }, timeout: 30_000, connectTimeout: 5_000 });
  await client.bind(who.dn, who.password);
  return client;
}

/** A private CA and a certificate for the DC's address and name, where Samba keeps its own (private/tls). */
async function makeDcCertificate(dir: string, host: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const openssl = (...args: string[]) => execFileAsync('openssl', args, { cwd: dir });
  const newKey = ['-newkey', 'rsa:2048', '-nodes'];
  await openssl('req', '-x509', ...newKey, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Rollcall Test AD CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  await openssl('req', ...newKey, '-keyout', 'key.pem', '-out', 'dc.csr', '-subj', `/CN=dc1.${REALM}`);
  await fs.writeFile(path.join(dir, 'san.ext'), `subjectAltName=IP:${host},DNS:dc1.${REALM}\nextendedKeyUsage=serverAuth\n`);
  await openssl('x509', '-req', '-in', 'dc.csr', '-out', 'cert.pem', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'san.ext');
  // Samba refuses a key file others may read.
  await fs.chmod(path.join(dir, 'key.pem'), 0o600);
  return fs.readFile(path.join(dir, 'ca.pem'), 'utf8');
}

interface Started {
  child: ChildProcess;
  output(): string;
  exited: Promise<void>;
}

function spawnSamba(binary: string, conf: string): Started {
  // -i: foreground, not a daemon; -M single: one process, one pid to stop.
  const child = spawn(binary, ['-i', '-M', 'single', '--debug-stdout', '-d', '0', '-s', conf], { stdio: ['ignore', 'pipe', 'pipe'], env: SAMBA_ENV });
  let buffered = '';
  const collect = (chunk: Buffer) => {
    buffered = (buffered + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      spawnError = error;
      resolve();
    });
  });
  return { child, exited, output: () => (spawnError ? `${String(spawnError)}\n` : '') + (buffered.trim() || '(no output)') };
}

async function waitUntilReady(started: Started, url: string, caCertificate: string, admin: AdAccount): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let hasExited = false;
  void started.exited.then(() => (hasExited = true));
  let last: unknown;
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`samba exited during startup. Its output:\n${started.output()}`);
    try {
      const client = await adClient({ url, caCertificate }, admin);
      await client.unbind();
      return;
    } catch (error) {
      last = error;
    }
    await Promise.race([sleep(100), started.exited]);
  }
  throw new Error(`samba did not accept an LDAPS bind on ${url} within ${READY_TIMEOUT_MS / 1000} s (last error: ${String(last)}). Its output:\n${started.output()}`);
}

/** OU=rollcall, OU=people below it, and the two service accounts; returns the writer's SID. */
async function loadBaseStructure(info: SambaConnectionInfo): Promise<string> {
  const client = await adClient(info, info.admin);
  try {
    await client.add(ROLLCALL_OU, { objectClass: ['top', 'organizationalUnit'], ou: 'rollcall' });
    await client.add(PEOPLE_DN, { objectClass: ['top', 'organizationalUnit'], ou: 'people' });
    for (const [who, description] of [
      [info.reader, 'Rollcall service account: reads, writes nothing'],
      [info.writer, 'Rollcall service account: delegated telephoneNumber and thumbnailPhoto below OU=people'],
    ] as const) {
      const name = who.upn.split('@')[0]!;
      await client.add(who.dn, [
        new Attribute({ type: 'objectClass', values: ['top', 'person', 'organizationalPerson', 'user'] }),
        new Attribute({ type: 'cn', values: [name] }),
        new Attribute({ type: 'sAMAccountName', values: [name] }),
        new Attribute({ type: 'userPrincipalName', values: [who.upn] }),
        new Attribute({ type: 'description', values: [description] }),
        new Attribute({ type: 'unicodePwd', values: [unicodePwd(who.password)] }),
        // NORMAL_ACCOUNT | DONT_EXPIRE_PASSWORD
        new Attribute({ type: 'userAccountControl', values: [String(0x200 | 0x10000)] }),
      ]);
    }
    const { searchEntries } = await client.search(info.writer.dn, { scope: 'base', attributes: ['objectSid'], explicitBufferAttributes: ['objectSid'] });
    return sidString(searchEntries[0]!.objectSid as Buffer);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/**
 * The Delegation of Control wizard's "write telephoneNumber and thumbnailPhoto of descendant user
 * objects": object ACEs on OU=people, inherited by user objects only, set with `samba-tool dsacl`
 * on the DC's database (the DC runs; ldb locks). The attributes' schemaIDGUIDs are read from the schema.
 */
async function delegate(sambaTool: string, conf: string, samLdb: string, writerSid: string, info: SambaConnectionInfo): Promise<void> {
  const client = await adClient(info, info.admin);
  const guids = new Map<string, string>();
  try {
    for (const name of [...DELEGATED_ATTRIBUTES, 'user']) {
      const { searchEntries } = await client.search(`CN=Schema,CN=Configuration,${BASE_DN}`, {
        scope: 'one',
        filter: `(lDAPDisplayName=${name})`,
        attributes: ['schemaIDGUID'],
        explicitBufferAttributes: ['schemaIDGUID'],
      });
      guids.set(name, guidString(searchEntries[0]!.schemaIDGUID as Buffer));
    }
  } finally {
    await client.unbind().catch(() => undefined);
  }
  const aces = DELEGATED_ATTRIBUTES.map((name) => `(OA;CIIO;WP;${guids.get(name)};${guids.get('user')};${writerSid})`).join('');
  try {
    await execFileAsync(sambaTool, ['dsacl', 'set', '-s', conf, '-H', samLdb, `--objectdn=${PEOPLE_DN}`, `--sddl=${aces}`], { env: SAMBA_ENV });
  } catch (error) {
    throw new Error(`samba-tool dsacl set failed: ${describeExecError(error)}`, { cause: error });
  }
}

/** A binary SID (objectSid) as S-1-5-21-…. */
export function sidString(bytes: Buffer): string {
  const count = bytes[1]!;
  const authority = bytes.readUIntBE(2, 6);
  const subs = Array.from({ length: count }, (_, i) => bytes.readUInt32LE(8 + 4 * i));
  return `S-${bytes[0]}-${authority}${subs.map((s) => `-${s}`).join('')}`;
}

/** A binary GUID in its string form (first three groups little-endian). */
export function guidString(bytes: Buffer): string {
  const hex = (start: number, end: number, reverse = false) => {
    const part = Buffer.from(bytes.subarray(start, end));
    return (reverse ? part.reverse() : part).toString('hex');
  };
  return [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10), hex(10, 16)].join('-');
}

async function findSamba(): Promise<{ samba: string; sambaTool: string } | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin'];
  const find = async (name: string) => {
    for (const dir of dirs) if (await exists(path.join(dir, name))) return path.join(dir, name);
    return undefined;
  };
  const samba = await find('samba');
  const sambaTool = await find('samba-tool');
  // samba-tool without the schema files of samba-ad-provision cannot provision a domain.
  const schema = await exists('/usr/share/samba/setup/ad-schema');
  return samba && sambaTool && schema ? { samba, sambaTool } : undefined;
}

async function stopChild(child: ChildProcess): Promise<void> {
  const done = () => child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
  if (!done()) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), STOP_GRACE_MS)));
    const outcome = await Promise.race([exited.then(() => 'exited' as const), graceOver]);
    clearTimeout(timer);
    if (outcome === 'timeout' && !done()) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  child.stdout?.destroy();
  child.stderr?.destroy();
}

/** Removes directories (and the samba they orphaned) of runs killed before stop(); see slapd.ts. */
async function sweepStaleDirs(): Promise<void> {
  const tmp = os.tmpdir();
  const names = await fs.readdir(tmp).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith(DIR_PREFIX))) {
    const dir = path.join(tmp, name);
    try {
      const owner = await fs
        .readFile(path.join(dir, OWNER_FILE), 'utf8')
        .then((text) => JSON.parse(text) as { ownerPid?: number; sambaPid?: number })
        .catch(() => undefined);
      if (!owner) {
        const stat = await fs.stat(dir);
        if (Date.now() - stat.mtimeMs < 60 * 60 * 1000) continue;
      } else {
        if (typeof owner.ownerPid === 'number' && isAlive(owner.ownerPid)) continue;
        if (typeof owner.sambaPid === 'number' && isAlive(owner.sambaPid)) {
          // Samba renames its process ("samba: root process"): the title says it is one.
          const cmdline = await fs.readFile(`/proc/${owner.sambaPid}/cmdline`, 'utf8').catch(() => '');
          if (cmdline.includes(dir) || cmdline.startsWith('samba')) process.kill(owner.sambaPid, 'SIGKILL');
        }
      }
      await fs.rm(dir, { recursive: true, force: true });
    } catch {
      // Best effort.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

function describeExecError(error: unknown): string {
  const e = error as { message?: string; stderr?: string; stdout?: string };
  const tail = `${e.stderr ?? ''}\n${e.stdout ?? ''}`.trim().split('\n').slice(-15).join('\n');
  return `${e.message ?? String(error)}${tail ? `\n${tail}` : ''}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
