/**
 * The LDAP sync benchmark: `npm run bench:sync -- --users 100000` (see docs/PERFORMANCE.md).
 *
 * Builds a throwaway slapd holding N generated people (slapadd before slapd starts), a fresh
 * PostgreSQL database with one tenant, N Confluence accounts and an LDAP source with its field
 * mappings, then runs the sync engine as src/sync/runner.ts does (minus refreshAccounts, which
 * talks to Confluence): a full run, and a second full run with nothing changed, which must write
 * no profile row (the script exits 1 if it writes any). In the same run it measures the floor:
 * ldapsearch paging through the same entries with the same attributes, and a COPY of N
 * profile-like rows. The directory's build time is printed but is not part of the figures.
 *
 * Options: --users N (default 10000), --photo-percent P (default 10), --page-size N (default 500),
 * --seed N, --keep (leave slapd running and the database in place, for a look; Ctrl-C ends).
 * DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
 * the benchmark creates its own database there and drops it at the end.
 */
import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { createWriteStream, promises as fs, openSync, closeSync, type WriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import pino from 'pino';
import { QueryTypes, Sequelize } from 'sequelize';
import sharp from 'sharp';
import { migrate } from '../src/db/migrator';
import { DataSource, FieldCategory, FieldMapping, ProfileField, SyncRun, Tenant, initModels, type SyncCounts } from '../src/db/models';
import { detectIdAttribute, openLdapSession, userSearchBase } from '../src/directory/ldap';
import { ensureDefaultFields } from '../src/profiles/defaults';
import { runEngine } from '../src/sync/engine';
import { ldapReader, requestedAttributes } from '../src/sync/ldapReader';
import { buildMappers } from '../src/sync/mapping';
import type { SourceReader } from '../src/sync/records';
import { ldapSettingsSchema, type LdapSettings } from '../src/sync/sourceSettings';
import { startSlapd, type SlapdHandle } from '../test/support/slapd';

const execFileAsync = promisify(execFile);

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  users: number;
  photoPercent: number;
  pageSize: number;
  seed: number;
  keep: boolean;
  adminUrl: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    users: 10_000,
    photoPercent: 10,
    pageSize: 500,
    seed: 42,
    keep: false,
    adminUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || !/^\d+$/.test(v)) usage(`${flag} needs a whole number`);
      return Number(v);
    };
    if (flag === '--users') options.users = value();
    else if (flag === '--photo-percent') options.photoPercent = value();
    else if (flag === '--page-size') options.pageSize = value();
    else if (flag === '--seed') options.seed = value();
    else if (flag === '--keep') options.keep = true;
    else if (flag === '--help' || flag === '-h') usage();
    else usage(`unknown option ${argv[i]}`);
  }
  if (options.users < 2) usage('--users must be at least 2');
  if (options.photoPercent > 100) usage('--photo-percent must be 0..100');
  if (options.pageSize < 1 || options.pageSize > 5000) usage('--page-size must be 1..5000');
  return options;
}

function usage(problem?: string): never {
  if (problem) console.error(`bench-sync: ${problem}`);
  console.error('usage: npm run bench:sync -- [--users N] [--photo-percent P] [--page-size N] [--seed N] [--keep]');
  process.exit(problem ? 2 : 0);
}

// ---------------------------------------------------------------------------------------------
// The generated company

const GIVEN = [
  'Anna', 'Ben', 'Chloé', 'David', 'Emma', 'François', 'Grace', 'Hannah', 'Ian', 'Jonas', 'Katarzyna', 'Lars', 'María', 'Noah',
  'Olivia', 'Pål', 'Quentin', 'Renée', 'Sofia', 'Thomas', 'Ursula', 'Viktor', 'Wei', 'Xavier', 'Yusuf', 'Zoë', 'Åsa', 'Łukasz',
  'Øyvind', 'José', 'Siobhán', 'Đorđe', 'Dmitrij', 'Ayşe', 'Mārtiņš', 'Hiroshi', 'Priya', 'Chidi', 'Nguyễn', 'Søren',
];
const SURNAMES = [
  'Müller', 'Smith', 'García', 'Johansson', 'Nowak', 'Rossi', 'Dubois', 'Jensen', 'Kowalski', 'Svensson', 'Brown', 'Martin',
  "O'Brien", 'Fernández', 'Schröder', 'Lefèvre', 'Åström', 'Nagy', 'Popescu', 'Yılmaz', 'Ivanović', 'Kim', 'Tanaka', 'Patel',
  'Okafor', 'Wang', 'Novák', 'Horváth', 'Þórsson', 'Čapek', 'Ødegaard', 'Weiß', 'Ng', 'Haddad', 'Costa', 'Silva',
];
const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'Operations', 'Human Resources', 'Legal', 'Customer Success', 'Research'];
const IC_TITLES = ['Software Engineer', 'Senior Software Engineer', 'Analyst', 'Account Executive', 'Designer', 'Consultant', 'Specialist', 'Accountant', 'Support Engineer', 'Researcher', 'Technician', 'Coordinator'];
const CITIES = ['Zürich', 'München', 'São Paulo', 'Kraków', 'Malmö', 'Montréal', 'Berlin', 'London', 'New York', 'Tokyo', 'Bengaluru', 'Lagos', 'Reykjavík', 'Wien'];

/** A small, fast, seedable PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[Łł]/g, 'l')
    .replace(/[Øø]/g, 'o')
    .replace(/[Đđ]/g, 'd')
    .replace(/Þ/g, 'th')
    .replace(/ß/g, 'ss')
    .replace(/ı/g, 'i')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

interface Person {
  index: number;
  uid: string;
  dn: string;
  given: string;
  sn: string;
  /** The address as Confluence has it (lower case). */
  email: string;
  /** The address as the directory has it (a tenth differ in case). */
  mail: string;
  title: string;
  department: string;
  phones: string[];
  city: string;
  manager: number | null;
  photo: number | null;
  accountId: string;
}

/**
 * The company: a management tree (the CEO first; every manager has 2–12 reports, so about one in
 * seven people manages), departments inherited from the CEO's direct reports, entries written in
 * a shuffled order so that many people are read before their manager, as in real directories.
 */
class Company {
  readonly managers: Int32Array;
  readonly depth: Uint8Array;
  readonly branch: Int32Array;
  readonly hasReports: Uint8Array;
  readonly order: Int32Array;
  readonly photoCount: number;

  constructor(
    readonly size: number,
    readonly baseDn: string,
    private readonly seed: number,
    private readonly photoPercent: number,
    readonly photoVariants: number,
  ) {
    const random = prng(seed);
    this.managers = new Int32Array(size).fill(-1);
    this.depth = new Uint8Array(size);
    this.branch = new Int32Array(size);
    this.hasReports = new Uint8Array(size);
    let boss = 0;
    let slots = 2 + Math.floor(random() * 7);
    for (let i = 1; i < size; i++) {
      if (slots === 0) {
        boss++;
        slots = 2 + Math.floor(random() * 11);
      }
      this.managers[i] = boss;
      this.hasReports[boss] = 1;
      this.depth[i] = this.depth[boss] + 1;
      this.branch[i] = this.depth[i] === 1 ? i : this.branch[boss];
      slots--;
    }
    this.order = new Int32Array(size);
    for (let i = 0; i < size; i++) this.order[i] = i;
    for (let i = size - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [this.order[i], this.order[j]] = [this.order[j], this.order[i]];
    }
    this.photoCount = 0;
    for (let i = 0; i < size; i++) if (this.hasPhoto(i)) this.photoCount++;
  }

  private hasPhoto(i: number): boolean {
    return prng(this.seed * 7919 + i * 31 + 7)() * 100 < this.photoPercent;
  }

  dnOf(i: number): string {
    return `uid=u${String(i).padStart(7, '0')},${this.baseDn}`;
  }

  person(i: number): Person {
    const random = prng(this.seed * 1_000_003 + i);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const given = pick(GIVEN);
    const sn = pick(SURNAMES);
    const uid = `u${String(i).padStart(7, '0')}`;
    const email = `${ascii(given)}.${ascii(sn)}.${i}@corp.example`;
    const mail = random() < 0.1 ? email.replace(/^./, (c) => c.toUpperCase()).replace('@corp.example', '@Corp.Example') : email;
    const isManager = this.hasReports[i] === 1 || this.depth[i] < 3;
    const department = i === 0 ? 'Board' : DEPARTMENTS[this.branch[i] % DEPARTMENTS.length];
    const title =
      i === 0 ? 'Chief Executive Officer' : this.depth[i] === 1 ? `VP ${department}` : isManager ? `${this.depth[i] === 2 ? 'Director' : 'Manager'}, ${department}` : pick(IC_TITLES);
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
    const phones: string[] = [];
    const phoneDraw = random();
    if (phoneDraw > 0.05) phones.push(`+41 44 ${digits(3)} ${digits(2)} ${digits(2)}`);
    if (phoneDraw > 0.8) phones.push(`+41 79 ${digits(3)} ${digits(2)} ${digits(2)}`);
    const photo = this.hasPhoto(i) ? i % this.photoVariants : null;
    return {
      index: i,
      uid,
      dn: this.dnOf(i),
      given,
      sn,
      email,
      mail,
      title,
      department,
      phones,
      city: pick(CITIES),
      manager: this.managers[i] >= 0 ? this.managers[i] : null,
      photo,
      accountId: accountIdOf(i),
    };
  }
}

/** Atlassian-like account ids: 24 hex digits. */
function accountIdOf(i: number): string {
  return `5b${(Math.imul(i + 1, 2654435761) >>> 0).toString(16).padStart(8, '0')}${i.toString(16).padStart(14, '0')}`;
}

/** A few dozen distinct portrait-like JPEGs of about 20 KB: gradients, a head and shoulders, noise. */
async function makePhotos(count: number, seed: number): Promise<Buffer[]> {
  const photos: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const w = 240 + (i % 4) * 16;
    const h = Math.round(w * 1.25);
    const hue = (i * 37 + seed) % 360;
    const skin = (i * 53) % 40 + 10;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
      <defs>
        <linearGradient id="g" x1="0" y1="0" x2="${(i % 3) / 2}" y2="1"><stop offset="0" stop-color="hsl(${hue},40%,75%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360},35%,35%)"/></linearGradient>
        <radialGradient id="f" cx="0.45" cy="0.4" r="0.6"><stop offset="0" stop-color="hsl(${skin},45%,80%)"/><stop offset="1" stop-color="hsl(${skin},40%,45%)"/></radialGradient>
      </defs>
      <rect width="100%" height="100%" fill="url(#g)"/>
      <ellipse cx="${w / 2}" cy="${h * 1.05}" rx="${w * 0.45}" ry="${h * 0.35}" fill="hsl(${(hue + 180) % 360},30%,30%)"/>
      <ellipse cx="${w / 2 + ((i % 5) - 2) * 4}" cy="${h * 0.42}" rx="${w * 0.22}" ry="${h * 0.24}" fill="url(#f)"/>
    </svg>`;
    const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const random = prng(seed + i * 7919);
    for (let k = 0; k < data.length; k++) data[k] = Math.max(0, Math.min(255, data[k] + (random() - 0.5) * 34));
    photos.push(await sharp(data, { raw: info }).jpeg({ quality: 85 }).toBuffer());
  }
  return photos;
}

// ---------------------------------------------------------------------------------------------
// Files: the LDIF for slapadd, accounts and floor rows for psql's \copy

// RFC 2849 SAFE-STRING: values with anything else (non-ASCII, a leading space, colon or <) go base64.
// eslint-disable-next-line no-control-regex
const SAFE_LDIF = /^[\x01-\x09\x0b-\x0c\x0e-\x1f\x21-\x39\x3b\x3d-\x7f][\x01-\x09\x0b-\x0c\x0e-\x7f]*$/;

function ldifLine(attribute: string, value: string): string {
  return SAFE_LDIF.test(value) && !value.endsWith(' ') ? `${attribute}: ${value}\n` : `${attribute}:: ${Buffer.from(value, 'utf8').toString('base64')}\n`;
}

async function write(stream: WriteStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
}

async function close(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function writeLdif(file: string, company: Company, photos: string[]): Promise<void> {
  const out = createWriteStream(file);
  for (const i of company.order) {
    const p = company.person(i);
    let entry = `dn: ${p.dn}\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: inetOrgPerson\n`;
    entry += `uid: ${p.uid}\n` + ldifLine('cn', `${p.given} ${p.sn}`) + ldifLine('sn', p.sn) + ldifLine('givenName', p.given);
    entry += ldifLine('displayName', `${p.given} ${p.sn}`) + `mail: ${p.mail}\n` + ldifLine('title', p.title) + ldifLine('departmentNumber', p.department);
    for (const phone of p.phones) entry += `telephoneNumber: ${phone}\n`;
    entry += ldifLine('l', p.city) + 'employeeType: employee\n';
    if (p.manager !== null) entry += `manager: ${company.dnOf(p.manager)}\n`;
    if (p.photo !== null) entry += `jpegPhoto:: ${photos[p.photo]}\n`;
    await write(out, `${entry}\n`);
  }
  await close(out);
}

const csv = (value: string) => `"${value.replace(/"/g, '""')}"`;

async function writeAccountsCsv(file: string, company: Company, tenantId: string): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < company.size; i++) {
    const p = company.person(i);
    await write(out, `${tenantId},${p.accountId},${csv(`${p.given} ${p.sn}`)},${p.email},atlassian,t\n`);
  }
  await close(out);
}

/** Rows shaped like the profiles the sync writes: the same fields, values and sources. */
async function writeFloorCsv(file: string, company: Company, tenantId: string, sourceId: string): Promise<void> {
  const out = createWriteStream(file);
  const from = `ldap:${sourceId}`;
  for (let i = 0; i < company.size; i++) {
    const p = company.person(i);
    const values: Record<string, string> = { position: p.title, department: p.department, location: p.city };
    if (p.phones[0]) values.phone = p.phones[0];
    if (p.manager !== null) values.manager = accountIdOf(p.manager);
    const sources = { position: from, department: from, phone: from, location: from, manager: from };
    await write(out, `${tenantId},${p.accountId},${csv(JSON.stringify(values))},${csv(JSON.stringify(sources))}\n`);
  }
  await close(out);
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** CPU seconds (user + system) of a process, from /proc; 0 when it is gone. */
async function cpuSecondsOf(pid: number, file = `/proc/${pid}/stat`): Promise<number> {
  try {
    const stat = await fs.readFile(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of this process's main thread (the event loop: JavaScript, parsing, hashing). */
function mainThreadCpuSeconds(): Promise<number> {
  return cpuSecondsOf(process.pid, `/proc/self/task/${process.pid}/stat`);
}

/**
 * Time spent in SQL statements, by kind: every sequelize.query() call (models use it too), from
 * the call until its promise settles, so it includes building the statement and reading the rows.
 * Statements that overlap (pictures stored while others render) are counted in full each.
 */
class SqlTimes {
  readonly byKind = new Map<string, { count: number; ms: number }>();
  private static readonly KINDS: Array<[RegExp, string]> = [
    [/^SELECT id, external_id/, 'entries: select stored'],
    [/^INSERT INTO directory_entries/, 'entries: upsert'],
    [/^UPDATE directory_entries SET last_seen_run_id/, 'entries: mark seen'],
    [/FROM "accounts"/, 'accounts: match'],
    [/^SELECT e\.account_id/, 'profiles: read entries'],
    [/^SELECT lower\(dn\)/, 'profiles: resolve managers'],
    [/^SELECT account_id, "values", value_sources FROM profiles/, 'profiles: read current'],
    [/^INSERT INTO profiles/, 'profiles: upsert'],
    [/^INSERT INTO audit_events/, 'profiles: audit'],
    [/profile_pictures/, 'pictures: store'],
    [/^UPDATE "sync_runs"/, 'progress'],
    [/^(START TRANSACTION|COMMIT|ROLLBACK|BEGIN)/, 'transactions'],
    [/^ANALYZE|FROM pg_class/, 'statistics (ANALYZE)'],
  ];

  /** Wraps `sequelize.query` (an own property shadows the prototype's method for every caller). */
  install(sequelize: Sequelize, active: () => boolean): void {
    const original = sequelize.query.bind(sequelize) as (...args: unknown[]) => Promise<unknown>;
    (sequelize as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
      if (!active()) return original(...args);
      const started = performance.now();
      const sql = args[0];
      const text = typeof sql === 'string' ? sql : String((sql as { query?: string })?.query ?? '');
      const result = original(...args);
      const done = () => this.record(text, performance.now() - started);
      result.then(done, done);
      return result;
    };
  }

  record(sql: string, ms: number): void {
    const text = sql.slice(0, 300).trimStart();
    const kind = SqlTimes.KINDS.find(([pattern]) => pattern.test(text))?.[1] ?? 'other';
    const entry = this.byKind.get(kind) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += ms;
    this.byKind.set(kind, entry);
  }

  reset(): void {
    this.byKind.clear();
  }

  total(): number {
    return [...this.byKind.values()].reduce((sum, e) => sum + e.ms, 0);
  }
}

/**
 * sharp's work, seen from outside the engine: every metadata() and toBuffer() promise, as the sum
 * of their durations and as the wall time during which at least one was in flight.
 */
class SharpTimes {
  busyMs = 0;
  wallMs = 0;
  operations = 0;
  private inFlight = 0;
  private since = 0;

  install(): void {
    const proto = (sharp as unknown as { prototype: Record<string, (...args: unknown[]) => unknown> }).prototype;
    for (const name of ['toBuffer', 'metadata']) {
      const original = proto[name];
      // eslint-disable-next-line @typescript-eslint/no-this-alias
      const times = this;
      proto[name] = function (this: unknown, ...args: unknown[]) {
        const result = original.apply(this, args);
        if (result instanceof Promise) {
          const started = performance.now();
          if (times.inFlight++ === 0) times.since = started;
          const settle = () => {
            const now = performance.now();
            times.busyMs += now - started;
            times.operations++;
            if (--times.inFlight === 0) times.wallMs += now - times.since;
          };
          result.then(settle, settle);
        }
        return result;
      };
    }
  }

  reset(): void {
    this.busyMs = 0;
    this.wallMs = 0;
    this.operations = 0;
  }
}

interface RunFigures {
  wallMs: number;
  counts: SyncCounts;
  profilesWritten: number;
  rssBefore: number;
  rssPeak: number;
  atPeak: NodeJS.MemoryUsage;
  maxRssKiB: number;
  readMs: number;
  sql: Array<[string, { count: number; ms: number }]>;
  sqlMs: number;
  sharp: { busyMs: number; wallMs: number; operations: number };
  cpu: { node: number; nodeMain: number; nodeThreads: number; slapd: number; postgres: number };
}

// ---------------------------------------------------------------------------------------------

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const num = (n: number) => n.toLocaleString('en-US');
const pct = (part: number, whole: number) => `${((part / whole) * 100).toFixed(0)}%`;

function step(label: string): () => number {
  process.stdout.write(`  ${label} … `);
  const started = performance.now();
  return () => {
    const ms = performance.now() - started;
    process.stdout.write(`${sec(ms)}\n`);
    return ms;
  };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const cleanups: Array<() => Promise<unknown>> = [];
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const fn of cleanups.reverse()) await fn().catch((error: unknown) => console.error(`cleanup: ${String(error)}`));
    })());
  const onSignal = () => {
    console.error('\ninterrupted: cleaning up');
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    return await bench(options, cleanups);
  } finally {
    if (!options.keep) await cleanup();
    else {
      console.log('\n--keep: slapd and the database stay until Ctrl-C.');
      await new Promise(() => undefined);
    }
  }
}

async function bench(options: Options, cleanups: Array<() => Promise<unknown>>): Promise<number> {
  const n = options.users;
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rollcall-bench-'));
  cleanups.push(() => fs.rm(workDir, { recursive: true, force: true }));

  const [pgVersion] = (await execFileAsync('psql', [options.adminUrl, '-XAtc', 'SHOW server_version'])).stdout.trim().split(' ');
  const slapdVersion = (await execFileAsync('/usr/sbin/slapd', ['-VV']).catch((e: { stderr?: string }) => ({ stderr: e.stderr ?? '' }))).stderr.match(/slapd ([\d.]+)/)?.[1] ?? '?';
  console.log(`Rollcall LDAP sync benchmark: ${num(n)} people, ${options.photoPercent}% with a photo, page size ${options.pageSize}`);
  console.log(
    `machine: ${os.cpus()[0]?.model ?? '?'} × ${os.availableParallelism()}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB; ` +
      `Node ${process.version}, PostgreSQL ${pgVersion}, OpenLDAP ${slapdVersion}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}); ` +
      `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${new Date().toISOString()}`,
  );

  // ---- The directory (not measured) --------------------------------------------------------
  console.log('\ndirectory (not part of the figures):');
  const buildStarted = performance.now();
  const company = new Company(n, PEOPLE_DN, options.seed, options.photoPercent, PHOTO_VARIANTS);
  let done = step(`photos and LDIF (${num(company.photoCount)} people with one of ${PHOTO_VARIANTS} photos)`);
  const ldif = path.join(workDir, 'people.ldif');
  const photoInfo = await emit(['ldif', ldif, String(n), String(options.photoPercent), String(options.seed)]);
  done();
  console.log(`  photo sizes ${photoInfo}`);
  done = step(`slapadd ${mb((await fs.stat(ldif)).size)} and start slapd`);
  const slapd: SlapdHandle = await startSlapd({ preloadLdif: ldif });
  cleanups.push(() => slapd.stop());
  done();
  await fs.rm(ldif);
  const slapdPid = (JSON.parse(await fs.readFile(path.join(slapd.dataDir, 'owner.json'), 'utf8')) as { slapdPid: number }).slapdPid;
  console.log(`  directory ready in ${sec(performance.now() - buildStarted)}`);

  // ---- The database (not measured) ---------------------------------------------------------
  console.log('\ndatabase (not part of the figures):');
  const dbName = `rollcall_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: options.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new Client({ connectionString: options.adminUrl });
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    } finally {
      await c.end();
    }
  });
  const url = new URL(options.adminUrl);
  url.pathname = `/${dbName}`;
  const dbUrl = url.toString();
  const psql = (command: string) => execFileAsync('psql', [dbUrl, '-X', '-v', 'ON_ERROR_STOP=1', '-qAtc', command], { env: { ...process.env, PGCLIENTENCODING: 'UTF8' } });

  const sqlTimes = new SqlTimes();
  let recordSql = false;
  // As src/db/database.ts opens PostgreSQL; statements are timed for the phase breakdown.
  const sequelize = new Sequelize(dbUrl, { dialect: 'postgres', logging: false, pool: { max: 10, min: 0, idle: 10_000 } });
  sqlTimes.install(sequelize, () => recordSql);
  cleanups.push(() => sequelize.close());
  done = step('migrations, tenant, fields, source');
  await migrate(sequelize);
  initModels(sequelize);
  const tenant = await Tenant.create({
    clientKey: `bench-${dbName}`,
    addonKey: 'rollcall',
    baseUrl: 'https://bench.atlassian.net/wiki',
    displayUrl: null,
    productType: 'confluence',
    description: 'benchmark',
    serverVersion: null,
    pluginsVersion: null,
    cloudId: null,
    oauthClientId: null,
    sharedSecretEncrypted: 'unused',
    uninstalledAt: null,
  });
  const tenantId = String(tenant.id);
  await ensureDefaultFields(tenantId);
  const work = await FieldCategory.findOne({ where: { tenantId, name: 'Work' } });
  await ProfileField.create({ tenantId, key: 'manager', label: 'Manager', type: 'user', categoryId: String(work!.id), position: 3, orgChartSuperior: true });
  const settings: LdapSettings = ldapSettingsSchema.parse({
    url: slapd.url,
    bindDn: slapd.reader.dn,
    baseDn: slapd.baseDn,
    additionalUserDn: 'ou=people',
    userFilter: '(objectClass=inetOrgPerson)',
    pictureAttribute: 'jpegPhoto',
    pageSize: options.pageSize,
  });
  const source = await DataSource.create({
    tenantId,
    kind: 'ldap',
    name: 'Company LDAP',
    priority: 1,
    settings: settings as unknown as Record<string, unknown>,
    secretsEncrypted: null,
    schedule: null,
  });
  const sourceId = String(source.id);
  await FieldMapping.bulkCreate(
    [
      ['position', 'title'],
      ['department', 'departmentNumber'],
      ['phone', 'telephoneNumber'],
      ['location', 'l'],
      ['manager', 'manager'],
    ].map(([fieldKey, attribute]) => ({ tenantId, sourceId, fieldKey, attribute })),
  );
  done();
  done = step(`${num(n)} accounts (\\copy)`);
  const accountsCsv = path.join(workDir, 'accounts.csv');
  await emit(['accounts', accountsCsv, String(n), String(options.photoPercent), String(options.seed), tenantId]);
  // Not analysed here: like refreshAccounts on a fresh install, the rows arrive just before the run.
  await psql(`\\copy accounts (tenant_id, account_id, display_name, email, account_type, active) FROM '${accountsCsv}' WITH (FORMAT csv)`);
  done();

  // ---- The floor ---------------------------------------------------------------------------
  console.log('\nfloor:');
  const { text, binary } = requestedAttributes({ settings, idAttribute: 'entryUUID', mappers: buildMappers(await FieldMapping.findAll({ where: { tenantId, sourceId } }), new Map((await ProfileField.findAll({ where: { tenantId } })).map((f) => [f.key, f])), 'dn') });
  const attributes = [...text, ...binary];
  const passwordFile = path.join(workDir, 'reader.pw');
  await fs.writeFile(passwordFile, slapd.reader.password, { mode: 0o600 });
  done = step(`ldapsearch -E pr=${options.pageSize}/noprompt (${attributes.join(' ')}) > /dev/null`);
  const devNull = openSync('/dev/null', 'w');
  const ldapsearchArgs = ['-x', '-H', slapd.url, '-D', slapd.reader.dn, '-y', passwordFile, '-b', userSearchBase(settings), '-LLL', '-o', 'ldif-wrap=no', '-E', `pr=${options.pageSize}/noprompt`, settings.userFilter, ...attributes];
  const ldapsearchCpu0 = await cpuSecondsOf(slapdPid);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('ldapsearch', ldapsearchArgs, { stdio: ['ignore', devNull, 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ldapsearch exited with ${code}: ${stderr}`))));
  });
  const ldapsearchMs = done();
  const ldapsearchSlapdCpu = (await cpuSecondsOf(slapdPid)) - ldapsearchCpu0;
  closeSync(devNull);

  const floorCsv = path.join(workDir, 'floor.csv');
  await emit(['floor', floorCsv, String(n), String(options.photoPercent), String(options.seed), tenantId, sourceId]);
  await psql(`CREATE TABLE floor_profiles (
      id BIGSERIAL PRIMARY KEY, tenant_id BIGINT NOT NULL, account_id TEXT NOT NULL, "values" JSONB NOT NULL DEFAULT '{}',
      value_sources JSONB NOT NULL DEFAULT '{}', version INTEGER NOT NULL DEFAULT 1, created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), left_directory_at TIMESTAMPTZ, UNIQUE (tenant_id, account_id))`);
  done = step(`COPY ${num(n)} profile-like rows (psql \\copy into a table shaped like profiles)`);
  await psql(`\\copy floor_profiles (tenant_id, account_id, "values", value_sources) FROM '${floorCsv}' WITH (FORMAT csv)`);
  const copyMs = done();
  await psql('DROP TABLE floor_profiles');
  await fs.rm(floorCsv);
  const floorMs = ldapsearchMs + copyMs;
  console.log(`  floor = ${sec(floorMs)} (slapd used ${ldapsearchSlapdCpu.toFixed(1)} CPU-s for the ldapsearch)`);

  // ---- The sync ----------------------------------------------------------------------------
  const sharpTimes = new SharpTimes();
  sharpTimes.install();
  const logger = pino({ level: 'warn' }, pino.destination(2));

  const runOnce = async (label: string): Promise<RunFigures> => {
    const run = await SyncRun.create({ tenantId, sourceId, mode: 'full', trigger: 'manual', status: 'running', finishedAt: null, message: null, startedBy: null, progress: { phase: 'starting', done: 0 } });
    const [mappings, fields] = await Promise.all([FieldMapping.findAll({ where: { tenantId, sourceId } }), ProfileField.findAll({ where: { tenantId } })]);
    global.gc?.();
    const rssBefore = process.memoryUsage.rss();
    let rssPeak = rssBefore;
    let atPeak = process.memoryUsage();
    const sampler = setInterval(() => {
      const rss = process.memoryUsage.rss();
      if (rss > rssPeak) {
        rssPeak = rss;
        atPeak = process.memoryUsage();
      }
    }, 50);
    sqlTimes.reset();
    sharpTimes.reset();
    const backendPids = async () =>
      (await sequelize.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()', { type: QueryTypes.SELECT })).map((r) => r.pid);
    const pgBefore = new Map<number, number>();
    for (const pid of await backendPids()) pgBefore.set(pid, await cpuSecondsOf(pid));
    const slapdCpu0 = await cpuSecondsOf(slapdPid);
    const nodeCpu0 = process.cpuUsage();
    const main0 = await mainThreadCpuSeconds();
    let readMs = 0;
    process.stdout.write(`  ${label} … `);
    const started = performance.now();
    recordSql = true;

    // As src/sync/runner.ts runs a source, minus refreshAccounts (Confluence): the accounts are in place.
    const session = await openLdapSession(settings, slapd.reader.password);
    let result;
    try {
      const idAttribute = settings.idAttribute ?? (await detectIdAttribute(session, userSearchBase(settings), settings.userFilter));
      if (!idAttribute) throw new Error('no stable id attribute');
      const reader = ldapReader({ session, settings, idAttribute, mappers: buildMappers(mappings, new Map(fields.map((f) => [f.key, f])), 'dn') });
      // Times the waits for LDAP pages (the search, ldapts' parsing, mapping to records).
      const timed: SourceReader = {
        async *pages() {
          const pages = reader.pages()[Symbol.asyncIterator]();
          for (;;) {
            const t = performance.now();
            const next = await pages.next();
            readMs += performance.now() - t;
            if (next.done) return;
            yield next.value;
          }
        },
        close: () => reader.close(),
      };
      result = await runEngine({ tenantId, source, run, mode: 'full', reader: timed, matchBy: settings.accountMatch.kind, goneThresholdPercent: settings.goneThresholdPercent, logger });
    } finally {
      await session.close();
    }
    await SyncRun.update({ status: 'succeeded', finishedAt: new Date(), counts: result.counts, progress: { phase: 'done', done: result.counts.seen, total: result.counts.seen } }, { where: { id: run.id, tenantId } });
    const wallMs = performance.now() - started;
    recordSql = false;
    const nodeCpu = process.cpuUsage(nodeCpu0);
    const main = (await mainThreadCpuSeconds()) - main0;
    const slapdCpu = (await cpuSecondsOf(slapdPid)) - slapdCpu0;
    let postgresCpu = 0;
    for (const pid of await backendPids()) postgresCpu += (await cpuSecondsOf(pid)) - (pgBefore.get(pid) ?? 0);
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    process.stdout.write(`${sec(wallMs)}\n`);
    return {
      wallMs,
      counts: result.counts,
      profilesWritten: result.profilesWritten,
      rssBefore,
      rssPeak,
      atPeak,
      maxRssKiB: process.resourceUsage().maxRSS,
      readMs,
      sql: [...sqlTimes.byKind.entries()].sort((a, b) => b[1].ms - a[1].ms),
      sqlMs: sqlTimes.total(),
      sharp: { busyMs: sharpTimes.busyMs, wallMs: sharpTimes.wallMs, operations: sharpTimes.operations },
      cpu: {
        node: (nodeCpu.user + nodeCpu.system) / 1e6,
        nodeMain: main,
        // The other threads (libvips and the libuv pool for sharp, GC helpers): threads that ended
        // during the run take their CPU time out of /proc/self/task, so this is total minus main.
        nodeThreads: (nodeCpu.user + nodeCpu.system) / 1e6 - main,
        slapd: slapdCpu,
        postgres: postgresCpu,
      },
    };
  };

  const snapshot = async () =>
    (
      await sequelize.query<Record<string, string | number | null>>(
        `SELECT (SELECT count(*) FROM profiles WHERE tenant_id = :tenantId)::int AS profiles,
                (SELECT coalesce(sum(version), 0) FROM profiles WHERE tenant_id = :tenantId)::int AS versions,
                (SELECT max(updated_at)::text FROM profiles WHERE tenant_id = :tenantId) AS last_update,
                (SELECT count(*) FROM profiles WHERE tenant_id = :tenantId AND "values" ? 'manager')::int AS with_manager,
                (SELECT count(*) FROM audit_events WHERE tenant_id = :tenantId)::int AS audits,
                (SELECT count(*) FROM profile_pictures WHERE tenant_id = :tenantId)::int AS pictures,
                (SELECT max(updated_at)::text FROM profile_pictures WHERE tenant_id = :tenantId) AS last_picture`,
        { replacements: { tenantId }, type: QueryTypes.SELECT },
      )
    )[0];

  console.log('\nsync (the engine as the runner calls it; Confluence accounts already in place):');
  const first = await runOnce('full run 1 (empty database)');
  const afterFirst = await snapshot();
  const second = await runOnce('full run 2 (nothing changed)');
  const afterSecond = await snapshot();

  // ---- Checks ------------------------------------------------------------------------------
  const problems: string[] = [];
  const expectFirst = { seen: n, added: n, updated: 0, unchanged: 0, unmatched: 0, failed: 0, removed: 0 };
  if (JSON.stringify(first.counts) !== JSON.stringify(expectFirst)) problems.push(`run 1 counts ${JSON.stringify(first.counts)}, expected ${JSON.stringify(expectFirst)}`);
  if (afterFirst.profiles !== n) problems.push(`run 1 left ${afterFirst.profiles} profiles, expected ${n}`);
  if (afterFirst.with_manager !== n - 1) problems.push(`run 1 resolved ${afterFirst.with_manager} managers, expected ${n - 1}`);
  if (afterFirst.pictures !== company.photoCount) problems.push(`run 1 stored ${afterFirst.pictures} pictures, expected ${company.photoCount}`);
  const expectSecond = { ...expectFirst, added: 0, unchanged: n };
  if (JSON.stringify(second.counts) !== JSON.stringify(expectSecond)) problems.push(`run 2 counts ${JSON.stringify(second.counts)}, expected ${JSON.stringify(expectSecond)}`);
  const secondWrites =
    second.profilesWritten +
    (afterSecond.versions as number) - (afterFirst.versions as number) +
    (afterSecond.profiles as number) - (afterFirst.profiles as number) +
    (afterSecond.last_update !== afterFirst.last_update ? 1 : 0);
  const secondAudits = (afterSecond.audits as number) - (afterFirst.audits as number);
  const secondPictures = afterSecond.last_picture !== afterFirst.last_picture;

  // ---- Report ------------------------------------------------------------------------------
  const report = (label: string, r: RunFigures) => {
    console.log(`\n${label}: ${sec(r.wallMs)}, ${num(Math.round(r.counts.seen / (r.wallMs / 1000)))} entries/s; counts ${JSON.stringify(r.counts)}; profiles written ${num(r.profilesWritten)}`);
    console.log(`  CPU: node ${r.cpu.node.toFixed(1)} s (main thread ${r.cpu.nodeMain.toFixed(1)} s, other threads — sharp/libvips, GC — ${r.cpu.nodeThreads.toFixed(1)} s), slapd ${r.cpu.slapd.toFixed(1)} s, postgres backends ${r.cpu.postgres.toFixed(1)} s (of ${((r.wallMs / 1000) * os.availableParallelism()).toFixed(0)} core-s)`);
    console.log(`  waiting for LDAP pages: ${sec(r.readMs)} (${pct(r.readMs, r.wallMs)} of wall)`);
    console.log(`  SQL (summed per statement, call to result): ${sec(r.sqlMs)} (${pct(r.sqlMs, r.wallMs)} of wall); ` + r.sql.map(([kind, t]) => `${kind} ${sec(t.ms)}/${num(t.count)}`).join(', '));
    console.log(`  pictures (sharp): ${num(r.sharp.operations)} operations, ${sec(r.sharp.busyMs)} busy, in flight ${sec(r.sharp.wallMs)} (${pct(r.sharp.wallMs, r.wallMs)} of wall)`);
    console.log(`  RSS: ${mb(r.rssBefore)} before, ${mb(r.rssPeak)} peak (+${mb(r.rssPeak - r.rssBefore)} during the run); process peak (maxRSS) ${mb(r.maxRssKiB * 1024)}; at the peak: V8 heap ${mb(r.atPeak.heapUsed)} used of ${mb(r.atPeak.heapTotal)}, external ${mb(r.atPeak.external)}`);
  };
  report('full run 1', first);
  report('full run 2', second);

  const ratio = first.wallMs / floorMs;
  const withoutPictures = (first.wallMs - first.sharp.wallMs) / floorMs;
  const peakMiB = Math.max(first.maxRssKiB, second.maxRssKiB) / 1024;
  console.log('\nsummary:');
  console.log(`  N = ${num(n)}; floor = ldapsearch ${sec(ldapsearchMs)} + COPY ${sec(copyMs)} = ${sec(floorMs)}`);
  console.log(`  full run 1: ${sec(first.wallMs)}, ${num(Math.round(n / (first.wallMs / 1000)))} entries/s; full run 2: ${sec(second.wallMs)}, ${num(Math.round(n / (second.wallMs / 1000)))} entries/s`);
  console.log(`  ratio sync / (ldapsearch + COPY) = ${ratio.toFixed(2)} (target ≤ 2: ${ratio <= 2 ? 'met' : 'missed'})`);
  console.log(`    without the time pictures were in flight in sharp = ${withoutPictures.toFixed(2)} (sharp in flight ${sec(first.sharp.wallMs)}, ${pct(first.sharp.wallMs, first.wallMs)} of run 1; an estimate: the rest overlaps it; --photo-percent 0 measures it)`);
  if (company.photoCount > 0) {
    const threads = first.cpu.nodeThreads;
    console.log(
      `    pictures: ${num(company.photoCount)} rendered; the threads beside the main one (sharp/libvips, GC) used ${threads.toFixed(0)} CPU-s, ` +
        `${pct(threads, first.cpu.node + first.cpu.slapd + first.cpu.postgres)} of the run's CPU, ~${((threads * 1000) / company.photoCount).toFixed(0)} ms per picture`,
    );
  }
  const peakMB = peakMiB * 1.048576;
  console.log(
    `  peak RSS (maxRSS, whole process) = ${peakMiB.toFixed(0)} MiB = ${peakMB.toFixed(0)} MB (target ≤ 300 MB: ${peakMB <= 300 ? 'met' : peakMiB <= 300 ? 'met only if MB means MiB' : 'missed'}); ` +
      `during run 1 +${mb(first.rssPeak - first.rssBefore)}, run 2 +${mb(second.rssPeak - second.rssBefore)} (the MB figures elsewhere are MiB)`,
  );
  console.log(`  run 2 wrote ${num(secondWrites)} profile rows, ${num(secondAudits)} audit events, ${secondPictures ? 'some' : 'no'} pictures (target 0: ${secondWrites === 0 ? 'met' : 'MISSED'})`);
  if (secondWrites > 0) problems.push(`the second run wrote ${secondWrites} profile rows`);
  if (secondAudits > 0 || secondPictures) problems.push('the second run wrote audit events or pictures');
  console.log(`  load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (problems.length > 0) {
    console.log(`\nFAILED:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// The generated files come from a child process, so that making them (100,000 people, photos)
// leaves no garbage-grown heap behind in this process, whose peak RSS is one of the figures.

const PEOPLE_DN = 'ou=people,dc=rollcall,dc=test';
const PHOTO_VARIANTS = 36;

/** Runs this script with `--emit …` in a child process (same Node flags, so tsx too); resolves with its last output line. */
async function emit(args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, [...process.execArgv, __filename, '--emit', ...args], { maxBuffer: 1024 * 1024 });
  return stdout.trim().split('\n').at(-1) ?? '';
}

async function emitMain(args: string[]): Promise<void> {
  const [kind, file, users, photoPercent, seed, tenantId, sourceId] = args;
  const company = new Company(Number(users), PEOPLE_DN, Number(seed), Number(photoPercent), PHOTO_VARIANTS);
  if (kind === 'ldif') {
    const photos = await makePhotos(PHOTO_VARIANTS, Number(seed));
    await writeLdif(file, company, photos.map((p) => p.toString('base64')));
    const sizes = photos.map((p) => p.length).sort((a, b) => a - b);
    console.log(`${(sizes[0] / 1024).toFixed(0)}–${(sizes.at(-1)! / 1024).toFixed(0)} KB (median ${(sizes[sizes.length >> 1] / 1024).toFixed(0)} KB)`);
  } else if (kind === 'accounts') await writeAccountsCsv(file, company, tenantId);
  else if (kind === 'floor') await writeFloorCsv(file, company, tenantId, sourceId);
  else throw new Error(`unknown --emit kind ${kind}`);
}

(process.argv[2] === '--emit' ? emitMain(process.argv.slice(3)).then(() => 0) : main()).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
