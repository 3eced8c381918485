import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'ldapts';

/** A DN and the cleartext password to simple-bind with it. */
export interface LdapCredentials {
  dn: string;
  password: string;
}

/** A running throwaway slapd, as returned by {@link startSlapd}. */
export interface SlapdHandle {
  /** `ldap://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** `dc=rollcall,dc=test` */
  baseDn: string;
  /** `ou=people,dc=rollcall,dc=test`: empty at start, tests add their own people. */
  peopleDn: string;
  /** `ou=groups,dc=rollcall,dc=test`: empty at start. */
  groupsDn: string;
  /** The database rootdn (`cn=admin,dc=rollcall,dc=test`): bypasses every ACL. */
  admin: LdapCredentials;
  /**
   * `cn=rollcall-writer,ou=system,dc=rollcall,dc=test`: reads everything except password hashes
   * outside ou=people, and may add, modify, rename and delete entries below ou=people; carLicense
   * there it may write but not read (a write-only attribute).
   */
  writer: LdapCredentials;
  /** `cn=rollcall-reader,ou=system,dc=rollcall,dc=test`: reads everything except password hashes (and carLicense), writes nothing. */
  reader: LdapCredentials;
  /** The temporary directory holding slapd.conf and the database; removed by stop(). */
  dataDir: string;
  /** Stops slapd (SIGTERM, SIGKILL after 5 s) and removes dataDir. Safe to call more than once. */
  stop(): Promise<void>;
}

/** Options for {@link startSlapd}. */
export interface StartSlapdOptions {
  /**
   * slapd debug level passed to `-d` (e.g. `'stats'`, `'acl'`, `'-1'`). Default `'none'`, which
   * prints only errors; `'0'` would silence even those, leaving startup failures unexplained.
   * The output is kept in memory and only shown when startup fails.
   */
  logLevel?: string;
  /**
   * An LDIF file to load with `slapadd` before slapd starts, for bulk data (a benchmark's
   * 100,000 people): far faster than adding entries over LDAP. The base entries (the suffix,
   * ou=people, ou=groups, ou=system and the two service accounts) are loaded first, the same way,
   * so the file holds only entries below them, parents before children. slapadd adds entryUUID,
   * entryCSN, createTimestamp and modifyTimestamp as slapd would. The database's map size grows
   * with the file (it is a sparse file: the size costs nothing on disk). Unset: slapd starts
   * empty and the base entries are added over LDAP, as always.
   */
  preloadLdif?: string;
}

/** What {@link ldapFromEnv} returns: the handle without the parts that cannot cross processes. */
export type SlapdConnectionInfo = Omit<SlapdHandle, 'stop' | 'dataDir'>;

const ENV_VAR = 'ROLLCALL_TEST_LDAP';
const BASE_DN = 'dc=rollcall,dc=test';
const PEOPLE_DN = `ou=people,${BASE_DN}`;
const GROUPS_DN = `ou=groups,${BASE_DN}`;
const SYSTEM_DN = `ou=system,${BASE_DN}`;
const ADMIN_DN = `cn=admin,${BASE_DN}`;
const WRITER_DN = `cn=rollcall-writer,${SYSTEM_DN}`;
const READER_DN = `cn=rollcall-reader,${SYSTEM_DN}`;
const DIR_PREFIX = 'rollcall-slapd-';
const OWNER_FILE = 'owner.json';
const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;
const OUTPUT_LIMIT = 64 * 1024;
const PORT_ATTEMPTS = 3;
const DEFAULT_MAP_SIZE = 1024 ** 3;

const execFileAsync = promisify(execFile);

const INSTALL_HINT =
  'OpenLDAP slapd is needed by the test suite but was not found (looked on PATH and in /usr/sbin, ' +
  '/usr/local/sbin, /usr/libexec and Homebrew). Install it:\n' +
  '  Debian/Ubuntu: sudo apt-get install slapd ldap-utils\n' +
  '  Fedora/RHEL:   sudo dnf install openldap-servers openldap-clients\n' +
  '  Alpine:        apk add openldap openldap-back-mdb\n' +
  '  macOS:         brew install openldap  (slapd lands in $(brew --prefix openldap)/libexec)\n' +
  'then run the tests again.';

const SLAPD_CANDIDATES = [
  '/usr/sbin/slapd',
  '/usr/local/sbin/slapd',
  '/usr/libexec/slapd',
  '/usr/libexec/openldap/slapd',
  '/opt/homebrew/opt/openldap/libexec/slapd',
  '/usr/local/opt/openldap/libexec/slapd',
];

const SCHEMA_DIR_CANDIDATES = [
  '/etc/ldap/schema',
  '/etc/openldap/schema',
  '/usr/local/etc/openldap/schema',
  '/opt/homebrew/etc/openldap/schema',
];

const MODULE_DIR_CANDIDATES = [
  '/usr/lib/ldap',
  '/usr/lib64/openldap',
  '/usr/lib/openldap',
  '/usr/libexec/openldap',
  '/usr/local/libexec/openldap',
  '/opt/homebrew/opt/openldap/libexec/openldap',
  '/usr/local/opt/openldap/libexec/openldap',
];

const SCHEMAS = ['core', 'cosine', 'inetorgperson', 'nis'];

/**
 * Finds the slapd binary and returns its absolute path. Looks on PATH, then in the usual sbin,
 * libexec and Homebrew locations (sbin is often not on a normal user's PATH).
 *
 * When slapd is missing and this process is root on Debian/Ubuntu, installs it with
 * `apt-get install -y slapd ldap-utils` (running `apt-get update` and retrying once if that
 * fails, e.g. in a fresh container without package lists). Otherwise throws an Error that says
 * how to install it.
 */
export async function ensureSlapdInstalled(): Promise<string> {
  const found = await findSlapd();
  if (found) return found;

  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !(await exists('/etc/debian_version'))) throw new Error(INSTALL_HINT);

  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    execFileAsync('apt-get', ['install', '-y', 'slapd', 'ldap-utils'], { env, maxBuffer: 64 * 1024 * 1024 });
  try {
    await install();
  } catch (firstError) {
    try {
      await execFileAsync('apt-get', ['update'], { env, maxBuffer: 64 * 1024 * 1024 });
      await install();
    } catch (secondError) {
      throw new Error(
        `slapd is missing and installing it with apt-get failed.\n` +
          `First attempt: ${describeExecError(firstError)}\n` +
          `After apt-get update: ${describeExecError(secondError)}\n\n${INSTALL_HINT}`,
      );
    }
  }
  const installed = await findSlapd();
  if (!installed) throw new Error(`apt-get installed slapd but no slapd binary was found.\n\n${INSTALL_HINT}`);
  return installed;
}

/**
 * Starts a private slapd on a free loopback port, with a fresh mdb database for
 * dc=rollcall,dc=test holding ou=people, ou=groups, ou=system and the writer/reader service
 * accounts (random passwords per call). Nothing is registered globally: the caller must call
 * `stop()` on the result.
 *
 * Access rules: anonymous clients may only bind (and read the root DSE and schema); any bound
 * user reads everything but password hashes; the writer also adds/modifies/deletes below
 * ou=people; bound users have no server size/time limit, so paged searches over any number of
 * entries complete.
 */
export async function startSlapd(options: StartSlapdOptions = {}): Promise<SlapdHandle> {
  const slapdPath = await ensureSlapdInstalled();
  const logLevel = options.logLevel ?? 'none';
  await sweepStaleDirs();

  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), DIR_PREFIX));
  let child: ChildProcess | undefined;
  try {
    await fs.writeFile(path.join(dataDir, OWNER_FILE), JSON.stringify({ ownerPid: process.pid }));
    await fs.mkdir(path.join(dataDir, 'db'));

    const passwords = { admin: newPassword(), writer: newPassword(), reader: newPassword() };
    const confPath = path.join(dataDir, 'slapd.conf');
    const preload = options.preloadLdif ? await preloadPlan(options.preloadLdif) : undefined;
    await fs.writeFile(confPath, await buildConfig(dataDir, slapdPath, passwords.admin, preload?.mapSize), { mode: 0o600 });
    const binary = await unconfinedBinary(slapdPath, dataDir);
    if (preload) await slapadd(binary, confPath, dataDir, preload.ldif, passwords);

    // Another process can grab the port between our probe and slapd's bind, so retry on EADDRINUSE.
    let launched: { port: number; url: string; slapd: Started } | undefined;
    for (let attempt = 1; !launched; attempt++) {
      const port = await freePort();
      const url = `ldap://127.0.0.1:${port}`;
      const slapd = spawnSlapd(binary, confPath, url, logLevel);
      child = slapd.child;
      await fs.writeFile(path.join(dataDir, OWNER_FILE), JSON.stringify({ ownerPid: process.pid, slapdPid: child.pid }));
      const outcome = await waitUntilReady(slapd, url, passwords.admin);
      if (outcome === 'ready') {
        launched = { port, url, slapd };
      } else if (outcome !== 'address-in-use' || attempt >= PORT_ATTEMPTS) {
        throw new Error(
          outcome === 'timeout'
            ? `slapd did not accept a bind on ${url} within ${READY_TIMEOUT_MS / 1000} s. slapd output:\n${slapd.output()}`
            : `slapd exited during startup (${describeExit(slapd.child)}). slapd output:\n${slapd.output()}`,
        );
      }
    }
    const { port, url, slapd } = launched;

    const handle: SlapdHandle = {
      url,
      port,
      baseDn: BASE_DN,
      peopleDn: PEOPLE_DN,
      groupsDn: GROUPS_DN,
      admin: { dn: ADMIN_DN, password: passwords.admin },
      writer: { dn: WRITER_DN, password: passwords.writer },
      reader: { dn: READER_DN, password: passwords.reader },
      dataDir,
      stop: once(async () => {
        await stopChild(slapd.child);
        await fs.rm(dataDir, { recursive: true, force: true });
      }),
    };
    try {
      if (!preload) await loadBaseStructure(handle);
    } catch (error) {
      await handle.stop();
      throw new Error(`slapd started but loading the base entries failed: ${String(error)}\nslapd output:\n${slapd.output()}`, {
        cause: error,
      });
    }
    return handle;
  } catch (error) {
    if (child) await stopChild(child);
    await fs.rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Reads the connection details that the jest globalSetup stored in `ROLLCALL_TEST_LDAP` (see
 * {@link ldapEnvValue}). Throws when the variable is missing or malformed.
 */
export function ldapFromEnv(): SlapdConnectionInfo {
  const raw = process.env[ENV_VAR];
  if (!raw) {
    throw new Error(
      `${ENV_VAR} is not set. The jest globalSetup (test/support/globalSetup.ts) must start slapd with ` +
        `startSlapd() and set process.env.${ENV_VAR} = ldapEnvValue(handle); are you running this test ` +
        `outside jest or with --globalSetup disabled?`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new Error(`${ENV_VAR} is not valid JSON: ${String(error)}`);
  }
  const problem = connectionInfoProblem(parsed);
  if (problem) throw new Error(`${ENV_VAR} does not describe a slapd: ${problem}`);
  return parsed as SlapdConnectionInfo;
}

/** Serialises a handle for `ROLLCALL_TEST_LDAP`, in the shape {@link ldapFromEnv} reads back. */
export function ldapEnvValue(handle: SlapdHandle): string {
  const info: SlapdConnectionInfo = {
    url: handle.url,
    port: handle.port,
    baseDn: handle.baseDn,
    peopleDn: handle.peopleDn,
    groupsDn: handle.groupsDn,
    admin: handle.admin,
    writer: handle.writer,
    reader: handle.reader,
  };
  return JSON.stringify(info);
}

// ---------------------------------------------------------------------------------------------

interface Started {
  child: ChildProcess;
  output(): string;
  exited: Promise<void>;
}

type ReadyOutcome = 'ready' | 'exited' | 'address-in-use' | 'timeout';

async function findSlapd(): Promise<string | undefined> {
  const onPath = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, 'slapd'));
  for (const candidate of [...onPath, ...SLAPD_CANDIDATES]) {
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

async function buildConfig(dataDir: string, slapdPath: string, adminPassword: string, mapSize = DEFAULT_MAP_SIZE): Promise<string> {
  const schemaDir = await firstDir(schemaDirCandidates(slapdPath), (dir) => exists(path.join(dir, 'core.schema')));
  if (!schemaDir) {
    throw new Error(`Found ${slapdPath} but no OpenLDAP schema directory (looked for core.schema in ${schemaDirCandidates(slapdPath).join(', ')}).`);
  }
  // back_mdb is a loadable module on Debian/Fedora but compiled in on Homebrew; loading a built-in
  // backend is an error, so only load it when the module file exists.
  const moduleDir = await firstDir(MODULE_DIR_CANDIDATES, async (dir) =>
    (await exists(path.join(dir, 'back_mdb.la'))) || (await exists(path.join(dir, 'back_mdb.so'))),
  );
  const q = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const people = q(PEOPLE_DN);
  const writer = q(WRITER_DN);
  return [
    ...SCHEMAS.map((name) => `include ${q(path.join(schemaDir, `${name}.schema`))}`),
    ...(moduleDir ? [`modulepath ${q(moduleDir)}`, 'moduleload back_mdb'] : []),
    `pidfile ${q(path.join(dataDir, 'slapd.pid'))}`,
    `argsfile ${q(path.join(dataDir, 'slapd.args'))}`,
    '',
    // Frontend rules: discovery (supportedControl, schema) stays anonymous like on real servers.
    'access to dn.base="" by * read',
    'access to dn.base="cn=Subschema" by * read',
    '',
    'database mdb',
    `suffix ${q(BASE_DN)}`,
    `rootdn ${q(ADMIN_DN)}`,
    `rootpw ${ssha(adminPassword)}`,
    `directory ${q(path.join(dataDir, 'db'))}`,
    // Sparse file: 1 GiB costs nothing on disk, and bulk tests never hit MDB_MAP_FULL.
    `maxsize ${mapSize}`,
    // A throwaway database needs no durability; skipping fsync keeps bulk adds fast.
    'dbnosync',
    'index objectClass eq',
    'index entryUUID eq',
    'index modifyTimestamp eq',
    'index cn,uid,mail eq,sub',
    // Without this the default 500-entry limit would cut off large (paged) searches by the sync.
    'limits users size=unlimited time=unlimited',
    '',
    // Binds are always evaluated as anonymous, so "anonymous auth" is what lets anyone log in.
    `access to dn.children=${people} attrs=userPassword`,
    `  by dn.exact=${writer} write`,
    '  by anonymous auth',
    '  by * none',
    'access to attrs=userPassword',
    '  by anonymous auth',
    '  by * none',
    // Adding or deleting a person needs write on the parent's "children" pseudo-attribute.
    `access to dn.exact=${people} attrs=children`,
    `  by dn.exact=${writer} write`,
    '  by users read',
    '  by * none',
    // A write-only attribute: the writer may replace carLicense but not read it (the write-access
    // test must never replace what it cannot read: it would delete it).
    `access to dn.children=${people} attrs=carLicense`,
    `  by dn.exact=${writer} =w`,
    '  by * none',
    `access to dn.children=${people}`,
    `  by dn.exact=${writer} write`,
    '  by users read',
    '  by anonymous auth',
    '  by * none',
    'access to *',
    '  by users read',
    '  by anonymous auth',
    '  by * none',
    '',
  ].join('\n');
}

function schemaDirCandidates(slapdPath: string): string[] {
  // Homebrew keeps schemas in <prefix>/etc/openldap/schema next to <prefix>/opt/openldap/libexec/slapd.
  const prefix = path.resolve(path.dirname(slapdPath), '..', '..', '..');
  return [...SCHEMA_DIR_CANDIDATES, path.join(prefix, 'etc', 'openldap', 'schema')];
}

/**
 * Ubuntu's AppArmor profile for /usr/sbin/slapd only lets it open files below /etc/ldap,
 * /var/lib/ldap and friends, so a config in the temp dir fails with "Permission denied". The
 * profile attaches by path, so a copy of the binary runs unconfined.
 */
async function unconfinedBinary(slapdPath: string, dataDir: string): Promise<string> {
  const confined =
    (await exists('/etc/apparmor.d/usr.sbin.slapd')) &&
    (await fs.readFile('/sys/module/apparmor/parameters/enabled', 'utf8').then((v) => v.trim() === 'Y', () => false)) &&
    (await fs.realpath(slapdPath).catch(() => slapdPath)) === '/usr/sbin/slapd';
  if (!confined) return slapdPath;
  const copy = path.join(dataDir, 'slapd');
  await fs.copyFile(slapdPath, copy);
  await fs.chmod(copy, 0o755);
  return copy;
}

function spawnSlapd(binary: string, confPath: string, url: string, logLevel: string): Started {
  // -d keeps slapd in the foreground (attached to us) and sends its log to stderr.
  const child = spawn(binary, ['-f', confPath, '-h', `${url}/`, '-d', logLevel], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffered = '';
  const collect = (chunk: Buffer) => {
    // Keep draining for the whole run: a full pipe would block slapd's logging thread.
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
  return {
    child,
    exited,
    output: () => (spawnError ? `${String(spawnError)}\n` : '') + (buffered.trim() || '(no output)'),
  };
}

async function waitUntilReady(started: Started, url: string, adminPassword: string): Promise<ReadyOutcome> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let hasExited = false;
  void started.exited.then(() => {
    hasExited = true;
  });
  while (Date.now() < deadline) {
    if (hasExited) return /Address already in use/i.test(started.output()) ? 'address-in-use' : 'exited';
    const client = new Client({ url, connectTimeout: 1000, timeout: 2000 });
    try {
      await client.bind(ADMIN_DN, adminPassword);
      return 'ready';
    } catch {
      // Not listening yet (ECONNREFUSED) or still initialising; poll again.
    } finally {
      await client.unbind().catch(() => undefined);
    }
    await Promise.race([sleep(25), started.exited]);
  }
  return 'timeout';
}

async function stopChild(child: ChildProcess): Promise<void> {
  const done = () => child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
  if (!done()) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), STOP_GRACE_MS);
    });
    const outcome = await Promise.race([exited.then(() => 'exited' as const), graceOver]);
    // A pending 5 s timer would keep jest from exiting promptly.
    clearTimeout(timer);
    if (outcome === 'timeout' && !done()) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  child.stdout?.destroy();
  child.stderr?.destroy();
}

/** The file to preload and the map size it needs: ample room for the entries and their indexes. */
async function preloadPlan(ldif: string): Promise<{ ldif: string; mapSize: number }> {
  const { size } = await fs.stat(ldif);
  return { ldif: path.resolve(ldif), mapSize: Math.max(DEFAULT_MAP_SIZE, Math.ceil((size * 8) / DEFAULT_MAP_SIZE) * DEFAULT_MAP_SIZE) };
}

/**
 * Loads the base entries and then `ldif` into the (not yet running) database with slapd's
 * slapadd tool mode (`-T add`, so the unconfined copy of the binary serves too), in quick mode
 * (`-q`: no consistency checks, for a throwaway database).
 */
async function slapadd(
  binary: string,
  confPath: string,
  dataDir: string,
  ldif: string,
  passwords: { admin: string; writer: string; reader: string },
): Promise<void> {
  const base = path.join(dataDir, 'base.ldif');
  await fs.writeFile(base, baseStructureLdif(passwords), { mode: 0o600 });
  for (const file of [base, ldif]) {
    try {
      await execFileAsync(binary, ['-T', 'add', '-q', '-f', confPath, '-l', file], { maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      throw new Error(`slapadd could not load ${file}: ${describeExecError(error)}`, { cause: error });
    }
  }
}

/** The entries {@link loadBaseStructure} adds, as LDIF for slapadd. */
function baseStructureLdif(passwords: { writer: string; reader: string }): string {
  const entry = (dn: string, lines: string[]) => [`dn: ${dn}`, ...lines, ''].join('\n');
  return [
    entry(BASE_DN, ['objectClass: top', 'objectClass: dcObject', 'objectClass: organization', 'dc: rollcall', 'o: Rollcall test directory']),
    ...[
      [PEOPLE_DN, 'people'],
      [GROUPS_DN, 'groups'],
      [SYSTEM_DN, 'system'],
    ].map(([dn, ou]) => entry(dn, ['objectClass: top', 'objectClass: organizationalUnit', `ou: ${ou}`])),
    ...[
      [WRITER_DN, passwords.writer, 'Rollcall service account: reads everything, writes ou=people'],
      [READER_DN, passwords.reader, 'Rollcall service account: reads everything, writes nothing'],
    ].map(([dn, password, description]) =>
      entry(dn, [
        'objectClass: top',
        'objectClass: organizationalRole',
        'objectClass: simpleSecurityObject',
        `cn: ${dn.slice(3, dn.indexOf(','))}`,
        `description: ${description}`,
        `userPassword: ${ssha(password)}`,
      ]),
    ),
  ].join('\n');
}

async function loadBaseStructure(handle: SlapdHandle): Promise<void> {
  const client = new Client({ url: handle.url, timeout: 5000 });
  try {
    await client.bind(handle.admin.dn, handle.admin.password);
    await client.add(BASE_DN, {
      objectClass: ['top', 'dcObject', 'organization'],
      dc: 'rollcall',
      o: 'Rollcall test directory',
    });
    for (const [dn, ou] of [
      [PEOPLE_DN, 'people'],
      [GROUPS_DN, 'groups'],
      [SYSTEM_DN, 'system'],
    ]) {
      await client.add(dn, { objectClass: ['top', 'organizationalUnit'], ou });
    }
    for (const [account, description] of [
      [handle.writer, 'Rollcall service account: reads everything, writes ou=people'],
      [handle.reader, 'Rollcall service account: reads everything, writes nothing'],
    ] as const) {
      await client.add(account.dn, {
        objectClass: ['top', 'organizationalRole', 'simpleSecurityObject'],
        cn: account.dn.slice(3, account.dn.indexOf(',')),
        description,
        userPassword: ssha(account.password),
      });
    }
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/**
 * Removes temp dirs left by runs that were killed before stop() (e.g. Ctrl-C on jest), and the
 * slapd they orphaned. A dir is stale only when the process that created it is gone; the slapd
 * pid is checked against /proc/<pid>/cmdline so a recycled pid is never killed.
 */
async function sweepStaleDirs(): Promise<void> {
  const tmp = os.tmpdir();
  const names = await fs.readdir(tmp).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name.startsWith(DIR_PREFIX))
      .map(async (name) => {
        const dir = path.join(tmp, name);
        try {
          const stat = await fs.stat(dir);
          if (!stat.isDirectory() || (process.getuid && stat.uid !== process.getuid())) return;
          const owner = await fs
            .readFile(path.join(dir, OWNER_FILE), 'utf8')
            .then((text) => JSON.parse(text) as { ownerPid?: number; slapdPid?: number })
            .catch(() => undefined);
          if (!owner) {
            // No owner file yet may mean another run is between mkdtemp and writing it.
            if (Date.now() - stat.mtimeMs < 60 * 60 * 1000) return;
          } else {
            if (typeof owner.ownerPid === 'number' && isAlive(owner.ownerPid)) return;
            if (typeof owner.slapdPid === 'number' && isAlive(owner.slapdPid)) {
              const cmdline = await fs.readFile(`/proc/${owner.slapdPid}/cmdline`, 'utf8').catch(() => '');
              if (cmdline.includes(dir)) process.kill(owner.slapdPid, 'SIGKILL');
            }
          }
          await fs.rm(dir, { recursive: true, force: true });
        } catch {
          // Best effort: a dir we cannot inspect or remove is not worth failing the test run for.
        }
      }),
  );
}

function connectionInfoProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'expected a JSON object';
  const record = value as Record<string, unknown>;
  for (const key of ['url', 'baseDn', 'peopleDn', 'groupsDn']) {
    if (typeof record[key] !== 'string') return `"${key}" must be a string`;
  }
  if (typeof record.port !== 'number') return '"port" must be a number';
  for (const key of ['admin', 'writer', 'reader']) {
    const creds = record[key] as Record<string, unknown> | undefined;
    if (typeof creds?.dn !== 'string' || typeof creds.password !== 'string') {
      return `"${key}" must be { dn: string, password: string }`;
    }
  }
  return undefined;
}

/** {SSHA}: base64(SHA1(password + salt) + salt), which slapd verifies natively. */
function ssha(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash('sha1').update(password, 'utf8').update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

function newPassword(): string {
  return randomBytes(18).toString('base64url');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not determine a free port'))));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the pid exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return false;
    await fs.access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function firstDir(candidates: string[], accept: (dir: string) => Promise<boolean>): Promise<string | undefined> {
  for (const dir of candidates) {
    if (await accept(dir)) return dir;
  }
  return undefined;
}

function describeExit(child: ChildProcess): string {
  if (child.signalCode) return `signal ${child.signalCode}`;
  if (child.exitCode !== null) return `exit code ${child.exitCode}`;
  return 'did not start';
}

function describeExecError(error: unknown): string {
  const e = error as { message?: string; stderr?: string };
  const stderr = (e.stderr ?? '').trim().split('\n').slice(-10).join('\n');
  return `${e.message ?? String(error)}${stderr ? `\n${stderr}` : ''}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
