/**
 * The LDAP sync benchmark: `npm run bench:sync -- --users 100000` (see docs/PERFORMANCE.md).
 *
 * Builds a throwaway slapd holding N generated people (slapadd before slapd starts), a fresh
 * PostgreSQL database with one tenant, N Confluence accounts and an LDAP source with its field
 * mappings, then runs the sync engine as src/sync/runs/runner.ts does (minus refreshAccounts, which
 * talks to Confluence): a full run, and a second full run with nothing changed, which must write
 * no profile row (the script exits 1 if it writes any); then it modifies --incremental-percent of
 * the entries (ldapmodify as the rootdn) and runs the engine in incremental mode, with the mark and
 * filter SyncService computes (the entries' modifyTimestamp is backdated by a day or more in the
 * LDIF, so the 5-minute overlap does not re-read the whole freshly built directory). With
 * --source xml it writes the same people as an XML export (no photos) inside a temporary
 * XML_IMPORT_DIR and runs an XML source (location kind 'path') twice instead.
 *
 * In the same run it measures the floor (issue #14): ldapsearch paging through the same entries
 * with the same attributes (before the runs), plus "writes alone": what a first sync must store,
 * run 1's rows (entries, profiles, its audit event, pictures) written again by one INSERT … SELECT
 * per table into empty tables with the same indexes and foreign keys (after the runs, rolled
 * back). Target: full run 1 ≤ 2 × the floor at 100,000 people with photos. References, not part
 * of the floor: a COPY of N profile-like rows, and the same search with ldapts doing nothing with
 * the entries. The XML source's floor is read + decode + one parsing pass + the COPY. The
 * directory's build time is printed but is not part of the figures.
 *
 * Options: --source ldap|xml (default ldap), --users N (default 10000), --photo-percent P (default 10),
 * --incremental-percent P (default 1; 0 skips the incremental run), --page-size N (default 500),
 * --seed N, --keep (leave slapd running and the database in place, for a look; Ctrl-C ends),
 * --heap-snapshot (XML, under `node --expose-gc --import tsx`: a V8 heap snapshot after run 1's
 * last page, in the temporary directory). Under --expose-gc the XML runs also print the live heap
 * after a forced full GC at points of each run.
 * DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
 * the benchmark creates its own database there and drops it at the end.
 */
import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { createWriteStream, promises as fs, openSync, closeSync, type WriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import v8 from 'node:v8';
import { Client as LdapClient } from 'ldapts';
import pino from 'pino';
import { QueryTypes, Sequelize } from 'sequelize';
import sharp from 'sharp';
import { migrate } from '../src/db/migrator';
import { DataSource, FieldCategory, FieldMapping, ProfileField, SyncRun, Tenant, initModels, type SyncCounts } from '../src/db/models';
import { userSearchBase } from '../src/directory/ldap';
import { ensureDefaultFields } from '../src/profiles/defaults';
import { getRendition } from '../src/profiles/pictureStore';
import { runEngine } from '../src/sync/engine/engine';
import { requestedAttributes } from '../src/sync/readers/ldapReader';
import { buildMappers } from '../src/sync/readers/fieldMappers';
import { openSource, type OpenedSource } from '../src/sync/readers/openedSource';
import type { SourceReader } from '../src/sync/readers/sourceRecord';
import { incrementalOf, recordRunState } from '../src/sync/sources/sourceStore';
import { formatTimestamp } from '../src/sync/readers/timestamps';
import { siteImportDir, type XmlAccess } from '../src/sync/readers/xmlReader';
import { SecretBox, secretPlace } from '../src/secrets';
import { decodeXml, xmlRecords } from '../src/directory/xml';
import { ldapSettingsSchema, xmlSettingsSchema, type LdapSettings } from '../src/sync/sources/sourceSettings';
import { OutboundGuard } from '../src/net/outbound';
import { startSlapd, type SlapdHandle } from '../test/support/slapd';
import { mb, runWithCleanups, sec, throwawayDatabase, type Cleanups } from './benchSupport';

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
  /** 'ldap' (default) or 'xml': which kind of source the benchmark runs. */
  source: 'ldap' | 'xml';
  /** LDAP: the share of entries modified before the incremental run (0 skips it). */
  incrementalPercent: number;
  /** XML under --expose-gc: write a V8 heap snapshot after run 1's last page. */
  heapSnapshot: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    users: 10_000,
    photoPercent: 10,
    pageSize: 500,
    seed: 42,
    keep: false,
    source: 'ldap',
    incrementalPercent: 1,
    heapSnapshot: false,
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
    else if (flag === '--heap-snapshot') options.heapSnapshot = true;
    else if (flag === '--incremental-percent') options.incrementalPercent = value();
    else if (flag === '--source') {
      const v = inline ?? argv[++i];
      if (v !== 'ldap' && v !== 'xml') usage('--source must be ldap or xml');
      options.source = v;
    }
    else if (flag === '--help' || flag === '-h') usage();
    else usage(`unknown option ${argv[i]}`);
  }
  if (options.users < 2) usage('--users must be at least 2');
  if (options.photoPercent > 100) usage('--photo-percent must be 0..100');
  if (options.pageSize < 1 || options.pageSize > 5000) usage('--page-size must be 1..5000');
  if (options.incrementalPercent > 100) usage('--incremental-percent must be 0..100');
  return options;
}

function usage(problem?: string): never {
  if (problem) console.error(`bench-sync: ${problem}`);
  console.error('usage: npm run bench:sync -- [--source ldap|xml] [--users N] [--photo-percent P] [--incremental-percent P] [--page-size N] [--seed N] [--keep] [--heap-snapshot]');
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

/**
 * When the generated entries were last modified: a day ago and earlier (spread over 30 days), as in
 * a directory that was not built minutes before the sync. Without it every entry would carry
 * slapadd's time, within the incremental run's overlap window (see docs/PERFORMANCE.md).
 */
function backdatedTimestamp(i: number, now: number): string {
  return formatTimestamp(new Date(now - 86_400_000 - (i % 720) * 3_600_000), 'yyyyMMddHHmmssZ');
}

async function writeLdif(file: string, company: Company, photos: string[]): Promise<void> {
  const out = createWriteStream(file);
  const now = Date.now();
  for (const i of company.order) {
    const p = company.person(i);
    let entry = `dn: ${p.dn}\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: inetOrgPerson\n`;
    entry += `uid: ${p.uid}\n` + ldifLine('cn', `${p.given} ${p.sn}`) + ldifLine('sn', p.sn) + ldifLine('givenName', p.given);
    entry += ldifLine('displayName', `${p.given} ${p.sn}`) + `mail: ${p.mail}\n` + ldifLine('title', p.title) + ldifLine('departmentNumber', p.department);
    for (const phone of p.phones) entry += `telephoneNumber: ${phone}\n`;
    entry += ldifLine('l', p.city) + 'employeeType: employee\n';
    if (p.manager !== null) entry += `manager: ${company.dnOf(p.manager)}\n`;
    if (p.photo !== null) entry += `jpegPhoto:: ${photos[p.photo]}\n`;
    const stamp = backdatedTimestamp(i, now);
    entry += `createTimestamp: ${stamp}\nmodifyTimestamp: ${stamp}\n`;
    await write(out, `${entry}\n`);
  }
  await close(out);
}

const xmlText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The same people as an HR export (no photos): identities/identity records matched by mail, managers by email. */
async function writeXml(file: string, company: Company): Promise<void> {
  const out = createWriteStream(file);
  await write(out, '<?xml version="1.0" encoding="UTF-8"?>\n<identities>\n');
  for (const i of company.order) {
    const p = company.person(i);
    let record = `  <identity>\n    <uid>${p.uid}</uid>\n    <mail>${xmlText(p.mail)}</mail>\n    <givenName>${xmlText(p.given)}</givenName>\n    <sn>${xmlText(p.sn)}</sn>\n`;
    record += `    <displayName>${xmlText(`${p.given} ${p.sn}`)}</displayName>\n    <title>${xmlText(p.title)}</title>\n    <department>${xmlText(p.department)}</department>\n`;
    for (const phone of p.phones) record += `    <phone>${phone}</phone>\n`;
    record += `    <city>${xmlText(p.city)}</city>\n    <employeeType>employee</employeeType>\n`;
    if (p.manager !== null) record += `    <manager>${xmlText(company.person(p.manager).email)}</manager>\n`;
    await write(out, `${record}  </identity>\n`);
  }
  await write(out, '</identities>\n');
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
    [/^(SELECT count\(\*\)::int AS known|UPDATE directory_entries e SET gone_at)/, 'entries: mark gone'],
    [/^SELECT account_id(, lower\(email\) AS email_key)? FROM accounts/, 'accounts: match'],
    [/^INSERT INTO pending_profiles/, 'profiles: pending add'],
    [/pending_profiles/, 'profiles: pending read, remove'],
    [/^(SET LOCAL|SELECT pg_advisory_xact_lock|SELECT set_config)/, 'transactions'],
    [/^SELECT e\.account_id/, 'profiles: read entries'],
    [/^SELECT lower\(dn\)/, 'profiles: resolve managers'],
    [/^SELECT account_id, "values", value_sources\b/, 'profiles: read current'],
    [/^INSERT INTO profiles/, 'profiles: upsert'],
    [/^(INSERT INTO|UPDATE) audit_events/, 'profiles: audit'],
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
  /** openSource: LDAP bind and id detection; XML: reading, decoding and scanning the file. */
  openMs: number;
  /** The reader's highest modifyTimestamp (LDAP). */
  highest: Date | null;
  counts: SyncCounts;
  profilesWritten: number;
  rssBefore: number;
  rssPeak: number;
  atPeak: NodeJS.MemoryUsage;
  maxRssKiB: number;
  /** XML under `node --expose-gc`: the heap after a forced full GC at points of the run (see liveHeap). */
  live: LiveHeap[];
  readMs: number;
  sql: Array<[string, { count: number; ms: number }]>;
  sqlMs: number;
  sharp: { busyMs: number; wallMs: number; operations: number };
  cpu: { node: number; nodeMain: number; nodeThreads: number; slapd: number; postgres: number };
}

/** What is live at one point of a run: V8 heap used, and memory outside it (the file's Buffer), after a full GC. */
interface LiveHeap {
  at: string;
  heapUsed: number;
  external: number;
}

/**
 * The memory a run retains, as opposed to garbage V8 has not collected yet: a forced full GC, then
 * `heapUsed` and `external`. Only when the script runs under `node --expose-gc --import tsx`; each
 * probe costs a full collection (tens of ms), so the RSS figures of such a run are lower than
 * without it and are not the ones to quote.
 */
function liveHeap(at: string): LiveHeap | undefined {
  if (!global.gc) return undefined;
  global.gc();
  const { heapUsed, external } = process.memoryUsage();
  return { at, heapUsed, external };
}

// ---------------------------------------------------------------------------------------------

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
  return runWithCleanups((cleanups) => bench(options, cleanups), options.keep ? { message: '--keep: slapd and the database stay until Ctrl-C.' } : undefined);
}

async function bench(options: Options, cleanups: Cleanups): Promise<number> {
  const n = options.users;
  const xml = options.source === 'xml';
  if (xml) options.photoPercent = 0; // an HR export carries no photos
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rollcall-bench-'));
  cleanups.push(() => fs.rm(workDir, { recursive: true, force: true }));

  const [pgVersion] = (await execFileAsync('psql', [options.adminUrl, '-XAtc', 'SHOW server_version'])).stdout.trim().split(' ');
  const slapdVersion = (await execFileAsync('/usr/sbin/slapd', ['-VV']).catch((e: { stderr?: string }) => ({ stderr: e.stderr ?? '' }))).stderr.match(/slapd ([\d.]+)/)?.[1] ?? '?';
  console.log(
    xml
      ? `Rollcall XML source benchmark: ${num(n)} people (no photos), the engine's page size 500`
      : `Rollcall LDAP sync benchmark: ${num(n)} people, ${options.photoPercent}% with a photo, page size ${options.pageSize}, then ${options.incrementalPercent}% modified for an incremental run`,
  );
  console.log(
    `machine: ${os.cpus()[0]?.model ?? '?'} × ${os.availableParallelism()}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB; ` +
      `Node ${process.version}, PostgreSQL ${pgVersion}, OpenLDAP ${slapdVersion}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}); ` +
      `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${new Date().toISOString()}`,
  );

  // ---- The directory (not measured) --------------------------------------------------------
  console.log('\ndirectory (not part of the figures):');
  const buildStarted = performance.now();
  const company = new Company(n, PEOPLE_DN, options.seed, options.photoPercent, PHOTO_VARIANTS);
  let done: () => number;
  let slapd: SlapdHandle | undefined;
  let slapdPid = 0;
  const importDir = path.join(workDir, 'import');
  let xmlFile = path.join(importDir, 'people.xml');
  let xmlBytes = 0;
  if (xml) {
    await fs.mkdir(importDir);
    done = step(`XML export (${num(n)} identities, the LDAP generator's people without photos)`);
    await emit(['xml', xmlFile, String(n), '0', String(options.seed)]);
    done();
    xmlBytes = (await fs.stat(xmlFile)).size;
    console.log(`  ${xmlFile}: ${num(xmlBytes)} bytes (${mb(xmlBytes)})`);
  } else {
    done = step(`photos and LDIF (${num(company.photoCount)} people with one of ${PHOTO_VARIANTS} photos; modifyTimestamp backdated by 1–31 days)`);
    const ldif = path.join(workDir, 'people.ldif');
    const photoInfo = await emit(['ldif', ldif, String(n), String(options.photoPercent), String(options.seed)]);
    done();
    console.log(`  photo sizes ${photoInfo}`);
    done = step(`slapadd ${mb((await fs.stat(ldif)).size)} and start slapd`);
    const started = await startSlapd({ preloadLdif: ldif });
    slapd = started;
    cleanups.push(() => started.stop());
    done();
    await fs.rm(ldif);
    slapdPid = (JSON.parse(await fs.readFile(path.join(slapd.dataDir, 'owner.json'), 'utf8')) as { slapdPid: number }).slapdPid;
    console.log(`  directory ready in ${sec(performance.now() - buildStarted)}`);
  }

  // ---- The database (not measured) ---------------------------------------------------------
  console.log('\ndatabase (not part of the figures):');
  const { name: dbName, url: dbUrl } = await throwawayDatabase(options.adminUrl, cleanups);
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
  if (xml) {
    // A site reads files by path from its own directory in the import directory.
    const siteDir = siteImportDir(importDir, tenantId);
    await fs.mkdir(siteDir);
    await fs.rename(xmlFile, path.join(siteDir, 'people.xml'));
    xmlFile = path.join(siteDir, 'people.xml');
  }
  await ensureDefaultFields(tenantId);
  const work = await FieldCategory.findOne({ where: { tenantId, name: 'Work' } });
  await ProfileField.create({ tenantId, key: 'manager', label: 'Manager', type: 'user', categoryId: String(work!.id), position: 3, orgChartSuperior: true });
  const secrets = new SecretBox(crypto.randomBytes(32));
  // The benchmark's slapd runs on loopback.
  const guard = new OutboundGuard(['127.0.0.0/8', '::1']);
  const xmlAccess: XmlAccess = { importDir, maxBytes: 200_000_000, guard };
  const settings: LdapSettings = ldapSettingsSchema.parse({
    url: slapd?.url ?? 'ldap://127.0.0.1:1',
    bindDn: slapd?.reader.dn ?? 'cn=unused',
    baseDn: slapd?.baseDn ?? 'dc=unused',
    additionalUserDn: 'ou=people',
    userFilter: '(objectClass=inetOrgPerson)',
    pictureAttribute: 'jpegPhoto',
    pageSize: options.pageSize,
  });
  // As the sources API stores them: the bind password encrypted, incremental sync on (overlap: the default 5 minutes).
  const source = xml
    ? await DataSource.create({
        tenantId,
        kind: 'xml',
        name: 'HR export',
        priority: 1,
        settings: xmlSettingsSchema.parse({ location: { kind: 'path', path: 'people.xml' }, recordPath: 'identities/identity', matchPath: 'mail', matchBy: 'email' }) as unknown as Record<string, unknown>,
        secretsEncrypted: null,
        schedule: null,
      })
    : await DataSource.create({
        tenantId,
        kind: 'ldap',
        name: 'Company LDAP',
        priority: 1,
        settings: settings as unknown as Record<string, unknown>,
        secretsEncrypted: null,
        schedule: null,
        incremental: { enabled: true },
      });
  if (!xml) await source.update({ secretsEncrypted: secrets.encrypt(JSON.stringify({ bindPassword: slapd!.reader.password }), secretPlace.sourceSecrets(tenantId, String(source.id))) });
  const sourceId = String(source.id);
  await FieldMapping.bulkCreate(
    (xml
      ? [
          ['position', 'title'],
          ['department', 'department'],
          ['phone', 'phone'],
          ['location', 'city'],
          ['manager', 'manager'],
        ]
      : [
          ['position', 'title'],
          ['department', 'departmentNumber'],
          ['phone', 'telephoneNumber'],
          ['location', 'l'],
          ['manager', 'manager'],
        ]
    ).map(([fieldKey, attribute]) => ({ tenantId, sourceId, fieldKey, attribute })),
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
  let ldapsearchMs = 0;
  let ldapsearchSlapdCpu = 0;
  if (slapd) {
    const { text, binary } = requestedAttributes({ settings, idAttribute: 'entryUUID', timestampAttribute: 'modifyTimestamp', mappers: buildMappers(await FieldMapping.findAll({ where: { tenantId, sourceId } }), new Map((await ProfileField.findAll({ where: { tenantId } })).map((f) => [f.key, f])), 'dn') });
    const attributes = [...text, ...binary];
    const passwordFile = path.join(workDir, 'reader.pw');
    await fs.writeFile(passwordFile, slapd!.reader.password, { mode: 0o600 });
    done = step(`ldapsearch -E pr=${options.pageSize}/noprompt (${attributes.join(' ')}) > /dev/null`);
    const devNull = openSync('/dev/null', 'w');
    const ldapsearchArgs = ['-x', '-H', slapd!.url, '-D', slapd!.reader.dn, '-y', passwordFile, '-b', userSearchBase(settings), '-LLL', '-o', 'ldif-wrap=no', '-E', `pr=${options.pageSize}/noprompt`, settings.userFilter, ...attributes];
    const ldapsearchCpu0 = await cpuSecondsOf(slapdPid);
    await new Promise<void>((resolve, reject) => {
      const child = spawn('ldapsearch', ldapsearchArgs, { stdio: ['ignore', devNull, 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ldapsearch exited with ${code}: ${stderr}`))));
    });
    ldapsearchMs = done();
    ldapsearchSlapdCpu = (await cpuSecondsOf(slapdPid)) - ldapsearchCpu0;
    closeSync(devNull);

  }

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
  if (xml) console.log('  floor: the COPY, and parsing alone after the runs');
  else console.log(`  (slapd used ${ldapsearchSlapdCpu.toFixed(1)} CPU-s for the ldapsearch; the floor's other half, run 1's rows written alone, is measured after the runs)`);

  // ---- The sync ----------------------------------------------------------------------------
  const sharpTimes = new SharpTimes();
  sharpTimes.install();
  const logger = pino({ level: 'warn' }, pino.destination(2));

  let heapSnapshotWritten = false;
  const runOnce = async (label: string, mode: 'full' | 'incremental' = 'full', watermarks: { mark?: string; since?: string } = {}): Promise<RunFigures> => {
    const run = await SyncRun.create({ tenantId, sourceId, mode, watermarks, trigger: 'manual', status: 'running', finishedAt: null, message: null, startedBy: null, progress: { phase: 'starting', done: 0 } });
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

    // As src/sync/runs/runner.ts (SyncService.execute) runs a source, minus refreshAccounts (Confluence):
    // the accounts are in place. openSource opens the LDAP session (detecting the id attribute) or
    // reads, decodes and scans the whole XML file, inside the timed run as in the runner.
    const fresh = (await DataSource.findOne({ where: { id: sourceId, tenantId } }))!;
    const openStarted = performance.now();
    const opened: OpenedSource = await openSource(fresh, { mappings, fields, secrets, mode, since: watermarks.mark, xml: xmlAccess, ldap: { guard } });
    const openMs = performance.now() - openStarted;
    // XML: the live heap after the scan, at each quarter of the records and after the last page
    // (the engine's per-run state at its largest), and after the run. Time spent in the probes
    // is left out of readMs.
    const live: LiveHeap[] = [];
    const probe = (at: string) => {
      const sample = xml ? liveHeap(at) : undefined;
      if (sample) live.push(sample);
      if (sample && at === 'after the last page' && options.heapSnapshot && !heapSnapshotWritten) {
        heapSnapshotWritten = true;
        console.log(`\n  heap snapshot: ${v8.writeHeapSnapshot(path.join(os.tmpdir(), `rollcall-bench-xml-${n}-${Date.now()}.heapsnapshot`))}`);
      }
    };
    probe('after openSource');
    let quarter = 1;
    let records = 0;
    let result;
    let highest: Date | null = null;
    try {
      const reader = opened.reader;
      // Times the waits for pages (LDAP: the search, ldapts' parsing, mapping; XML: parsing the text, mapping).
      const timed: SourceReader = {
        async *pages() {
          const pages = reader.pages()[Symbol.asyncIterator]();
          for (;;) {
            const t = performance.now();
            const next = await pages.next();
            readMs += performance.now() - t;
            if (next.done) {
              probe('after the last page');
              return;
            }
            records += next.value.length;
            for (; quarter < 4 && records >= (quarter * n) / 4; quarter++) probe(`${quarter * 25}% of the records`);
            yield next.value;
          }
        },
        close: () => reader.close(),
      };
      if (opened.backfill) throw new Error('unexpected backfill reader: no field was mapped since the last full run');
      result = await runEngine({ tenantId, source: fresh, run, mode, reader: timed, matchBy: opened.matchBy, goneThresholdPercent: opened.goneThresholdPercent, logger });
      highest = reader.highestTimestamp?.() ?? null;
    } finally {
      await opened.reader.close();
    }
    // SyncService.recordSuccess: the mark moves to the newest timestamp read (never backwards in an incremental run).
    const current = incrementalOf((await DataSource.findOne({ where: { id: sourceId, tenantId } }))!);
    const previous = current.lastSyncAt ? new Date(current.lastSyncAt) : null;
    const lastSyncAt = mode === 'full' ? (highest ?? previous) : highest && (!previous || highest > previous) ? highest : previous;
    await recordRunState(fresh, { lastSyncAt: lastSyncAt?.toISOString() ?? null, pendingFields: current.pendingFields, ...(mode === 'full' ? { lastFullRunAt: new Date().toISOString() } : {}) });
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
    const maxRssKiB = process.resourceUsage().maxRSS;
    probe('after the run');
    process.stdout.write(`${sec(wallMs)}\n`);
    return {
      wallMs,
      openMs,
      highest,
      counts: result.counts,
      profilesWritten: result.profilesWritten,
      rssBefore,
      rssPeak,
      atPeak,
      maxRssKiB,
      live,
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
                (SELECT count(*) FROM audit_events WHERE tenant_id = :tenantId AND action = 'profile.synced')::int AS synced_events,
                (SELECT count(*) FROM audit_events WHERE tenant_id = :tenantId AND action = 'profiles.created')::int AS created_events,
                (SELECT coalesce(sum((details ->> 'created')::int), 0) FROM audit_events WHERE tenant_id = :tenantId AND action = 'profiles.created')::int AS created_total,
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

  // ---- Incremental (LDAP): modify a share of the entries, then run as the runner's incremental mode does
  let incremental: RunFigures | undefined;
  let afterIncremental: Awaited<ReturnType<typeof snapshot>> | undefined;
  let changed = 0;
  let incrementalFilter = '';
  if (slapd && options.incrementalPercent > 0) {
    changed = Math.max(1, Math.round((n * options.incrementalPercent) / 100));
    console.log(`\nincremental (the mark from run 2's highest modifyTimestamp, minus the source's overlap):`);
    let changes = '';
    for (let j = 0; j < changed; j++) {
      const i = 1 + Math.floor((j * (n - 1)) / changed);
      changes += `dn: ${company.dnOf(i)}\nchangetype: modify\nreplace: title\ntitle: Principal Engineer\n-\n\n`;
    }
    const changesFile = path.join(workDir, 'changes.ldif');
    const adminPasswordFile = path.join(workDir, 'admin.pw');
    await fs.writeFile(changesFile, changes);
    await fs.writeFile(adminPasswordFile, slapd.admin.password, { mode: 0o600 });
    done = step(`ldapmodify ${num(changed)} entries (title), as the rootdn over the network (not measured)`);
    await execFileAsync('ldapmodify', ['-x', '-H', slapd.url, '-D', slapd.admin.dn, '-y', adminPasswordFile, '-f', changesFile], { maxBuffer: 64 * 1024 * 1024 });
    done();
    await new Promise((resolve) => setTimeout(resolve, 1100)); // modifyTimestamp has one-second resolution
    // SyncService.start → markOf: the last mark minus the overlap, as the timestamp pattern writes it.
    const state = incrementalOf((await DataSource.findOne({ where: { id: sourceId, tenantId } }))!);
    const since = new Date(new Date(state.lastSyncAt!).getTime() - state.overlapMinutes * 60_000);
    const mark = formatTimestamp(since, state.timestampPattern);
    incrementalFilter = `(&${settings.userFilter}(${state.timestampAttribute}>=${mark}))`;
    console.log(`  last mark ${state.lastSyncAt} (run 2's highest modifyTimestamp), overlap ${state.overlapMinutes} min → filter ${incrementalFilter}`);
    incremental = await runOnce('incremental run', 'incremental', { mark, since: since.toISOString() });
    afterIncremental = await snapshot();
  }

  // ---- ldapts alone (not part of the floor) ------------------------------------------------------
  // The same search with ldapts, the JavaScript client the adapter is built on, doing nothing with
  // the entries: what no sync on this client can go below. After the runs, so that its garbage
  // does not count in their peak RSS.
  let ldaptsMs = 0;
  if (slapd) {
    console.log('\nldapts alone (not part of the floor):');
    const { text, binary } = requestedAttributes({ settings, idAttribute: 'entryUUID', timestampAttribute: 'modifyTimestamp', mappers: buildMappers(await FieldMapping.findAll({ where: { tenantId, sourceId } }), new Map((await ProfileField.findAll({ where: { tenantId } })).map((f) => [f.key, f])), 'dn') });
    done = step('the same paged search with ldapts, entries decoded and dropped');
    const client = new LdapClient({ url: slapd.url });
    await client.bind(slapd.reader.dn, slapd.reader.password);
    let decoded = 0;
    for await (const page of client.searchPaginated(userSearchBase(settings), {
      scope: 'sub',
      filter: settings.userFilter,
      attributes: text,
      explicitBufferAttributes: binary,
      paged: { pageSize: options.pageSize },
    })) {
      decoded += page.searchEntries.length;
    }
    await client.unbind();
    ldaptsMs = done();
    if (decoded !== n) throw new Error(`ldapts read ${decoded} entries, expected ${n}`);
  }

  // ---- What the writes alone cost (not part of the floor) --------------------------------------
  // Run 1's rows (its entries, profiles, audit events and pictures) copied with INSERT … SELECT
  // into empty tables shaped like the real ones (same indexes, same foreign keys): PostgreSQL's
  // cheapest way to write what a first sync must write, with nothing to parse, look up or commit
  // page by page, one table after another: a reference for any engine on this schema; rolled back.
  const bulk = await (async () => {
    const transaction = await sequelize.transaction();
    try {
      const q = (text: string) => sequelize.query(text, { bind: text.includes('$1') ? [tenantId] : [], transaction });
      await q(`SELECT set_config('jit', 'off', true), $1::bigint`);
      const timed = async (table: string, references: string, select: string) => {
        await q(`CREATE TABLE bound_${table} (LIKE ${table} INCLUDING ALL, ${references})`);
        const started = performance.now();
        await q(`INSERT INTO bound_${table} ${select}`);
        return performance.now() - started;
      };
      const tenant = 'FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE';
      const run1 = `(SELECT min(id) FROM sync_runs WHERE tenant_id = $1)::text`;
      return {
        entries: await timed('directory_entries', `${tenant}, FOREIGN KEY (source_id) REFERENCES data_sources (id) ON DELETE CASCADE`, 'SELECT * FROM directory_entries WHERE tenant_id = $1'),
        profiles: await timed('profiles', tenant, 'SELECT * FROM profiles WHERE tenant_id = $1'),
        audit: await timed('audit_events', tenant, `SELECT * FROM audit_events WHERE tenant_id = $1 AND details ->> 'runId' = ${run1}`),
        pictures: await timed('profile_pictures', tenant, 'SELECT * FROM profile_pictures WHERE tenant_id = $1'),
      };
    } finally {
      await transaction.rollback();
    }
  })();
  const bulkMs = bulk.entries + bulk.profiles + bulk.audit + bulk.pictures;
  console.log('\nwrites alone (the floor\'s second half): run 1\'s rows by INSERT … SELECT into empty tables with the same indexes and foreign keys');
  console.log(`  entries ${sec(bulk.entries)}, profiles ${sec(bulk.profiles)}, audit events ${sec(bulk.audit)}, pictures ${sec(bulk.pictures)}: ${sec(bulkMs)}`);

  // ---- First views of pictures (not part of the runs) ------------------------------------------
  // The sync stores pictures as they came; a rendition is made on its first request. Measured
  // here through getRendition for up to 200 people: the 48 px and then the 128 px rendition.
  let firstViews: { count: number; ms48: number; ms128: number; cached128: number } | undefined;
  if (company.photoCount > 0) {
    const sample = (
      await sequelize.query<{ account_id: string }>('SELECT account_id FROM profile_pictures WHERE tenant_id = $1 ORDER BY account_id LIMIT 200', {
        bind: [tenantId],
        type: QueryTypes.SELECT,
      })
    ).map((r) => r.account_id);
    const timed = async (size: 48 | 128) => {
      const started = performance.now();
      for (const accountId of sample) await getRendition(tenantId, accountId, size, logger);
      return (performance.now() - started) / sample.length;
    };
    firstViews = { count: sample.length, ms48: await timed(48), ms128: await timed(128), cached128: await timed(128) };
  }

  // ---- Checks ------------------------------------------------------------------------------
  const problems: string[] = [];
  const expectFirst = { seen: n, added: n, updated: 0, unchanged: 0, unmatched: 0, failed: 0, removed: 0 };
  if (JSON.stringify(first.counts) !== JSON.stringify(expectFirst)) problems.push(`run 1 counts ${JSON.stringify(first.counts)}, expected ${JSON.stringify(expectFirst)}`);
  if (afterFirst.profiles !== n) problems.push(`run 1 left ${afterFirst.profiles} profiles, expected ${n}`);
  if (afterFirst.with_manager !== n - 1) problems.push(`run 1 resolved ${afterFirst.with_manager} managers, expected ${n - 1}`);
  if (afterFirst.pictures !== company.photoCount) problems.push(`run 1 stored ${afterFirst.pictures} pictures, expected ${company.photoCount}`);
  // A first import is audited as one event for the run with the created count, no event per profile.
  if (afterFirst.created_events !== 1 || afterFirst.created_total !== n || afterFirst.synced_events !== 0) {
    problems.push(`run 1 wrote ${afterFirst.created_events} profiles.created events (created ${afterFirst.created_total}) and ${afterFirst.synced_events} profile.synced events, expected one with ${n} and none`);
  }
  const expectSecond = { ...expectFirst, added: 0, unchanged: n };
  if (JSON.stringify(second.counts) !== JSON.stringify(expectSecond)) problems.push(`run 2 counts ${JSON.stringify(second.counts)}, expected ${JSON.stringify(expectSecond)}`);
  const secondWrites =
    second.profilesWritten +
    (afterSecond.versions as number) - (afterFirst.versions as number) +
    (afterSecond.profiles as number) - (afterFirst.profiles as number) +
    (afterSecond.last_update !== afterFirst.last_update ? 1 : 0);
  const secondAudits = (afterSecond.audits as number) - (afterFirst.audits as number);
  const secondPictures = afterSecond.last_picture !== afterFirst.last_picture;

  if (incremental && afterIncremental) {
    const c = incremental.counts;
    // Besides the modified entries, the overlap re-reads the entries stamped with the newest backdated time (i % 720 = 0), unchanged.
    const changedSet = new Set(Array.from({ length: changed }, (_, j) => 1 + Math.floor((j * (n - 1)) / changed)));
    let overlapped = 0;
    for (let i = 0; i < n; i += 720) if (!changedSet.has(i)) overlapped++;
    if (c.seen !== changed + overlapped || c.updated !== changed || c.unchanged !== overlapped || c.failed !== 0 || c.removed !== 0 || c.added !== 0) {
      problems.push(`incremental counts ${JSON.stringify(c)}, expected ${num(changed)} updated and ${num(overlapped)} unchanged (re-read by the overlap)`);
    }
    const versions = (afterIncremental.versions as number) - (afterSecond.versions as number);
    if (versions !== changed) problems.push(`the incremental run bumped ${versions} profile versions, expected ${changed}`);
    // Changes after the first import stay audited per profile.
    const synced = (afterIncremental.synced_events as number) - (afterSecond.synced_events as number);
    const audits = (afterIncremental.audits as number) - (afterSecond.audits as number);
    if (synced !== changed || audits !== changed) problems.push(`the incremental run wrote ${audits} audit events (${synced} profile.synced), expected ${changed} profile.synced`);
  }

  const xmlSummary = async (): Promise<number> => {
    // Parsing alone, after the runs (so it does not count in their figures): read + decode, and one
    // pass of the streaming parser over the text (the engine makes two: scanXml, then the reader).
    let t = performance.now();
    const text = decodeXml(await fs.readFile(xmlFile), { maxBytes: xmlAccess.maxBytes });
    const decodeMs = performance.now() - t;
    t = performance.now();
    let records = 0;
    for (const record of xmlRecords(text, 'identities/identity', { maxBytes: xmlAccess.maxBytes })) records += record.index > 0 ? 1 : 0;
    const parseMs = performance.now() - t;
    // The LDAP floor's shape (issue #14): reading the source + writing what a first sync must store.
    const writesFloor = decodeMs + parseMs + bulkMs;
    const fileMiB = xmlBytes / 1048576;
    const peakMiB = Math.max(first.maxRssKiB, second.maxRssKiB) / 1024;
    const growth = Math.max(first.rssPeak - first.rssBefore, second.rssPeak - second.rssBefore) / 1048576;
    console.log('\nsummary:');
    console.log(`  N = ${num(n)} records; file ${num(xmlBytes)} bytes = ${fileMiB.toFixed(1)} MiB (the text in V8: ${text.length.toLocaleString('en-US')} UTF-16 code units)`);
    console.log(`  full run 1: ${sec(first.wallMs)}, ${num(Math.round(n / (first.wallMs / 1000)))} records/s; full run 2: ${sec(second.wallMs)}, ${num(Math.round(n / (second.wallMs / 1000)))} records/s`);
    console.log(`  parsing alone (after the runs): read + decode ${sec(decodeMs)}, one streaming pass ${sec(parseMs)} (${num(records)} records); floor = read + decode + one pass + COPY ${sec(copyMs)} = ${sec(decodeMs + parseMs + copyMs)}; run 1 / floor = ${(first.wallMs / (decodeMs + parseMs + copyMs)).toFixed(2)}`);
    console.log(`  as the LDAP floor: read + decode + one pass + writes alone ${sec(bulkMs)} = ${sec(writesFloor)}; run 1 / that = ${(first.wallMs / writesFloor).toFixed(2)}`);
    console.log(
      `  peak RSS (maxRSS, whole process) = ${peakMiB.toFixed(0)} MiB = ${(peakMiB / fileMiB).toFixed(1)} × the file; RSS before run 1 ${mb(first.rssBefore)}; growth during run 1 +${mb(first.rssPeak - first.rssBefore)} ` +
        `(${((first.rssPeak - first.rssBefore) / xmlBytes).toFixed(1)} × the file), run 2 +${mb(second.rssPeak - second.rssBefore)} (${((second.rssPeak - second.rssBefore) / xmlBytes).toFixed(1)} × the file); largest growth ${growth.toFixed(0)} MiB`,
    );
    console.log(`  run 2 wrote ${num(secondWrites)} profile rows, ${num(secondAudits)} audit events (target 0: ${secondWrites === 0 ? 'met' : 'MISSED'})`);
    if (secondWrites > 0) problems.push(`the second run wrote ${secondWrites} profile rows`);
    if (secondAudits > 0) problems.push('the second run wrote audit events');
    console.log(`  load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    if (problems.length > 0) {
      console.log(`\nFAILED:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
      return 1;
    }
    return 0;
  };

  // ---- Report ------------------------------------------------------------------------------
  const report = (label: string, r: RunFigures) => {
    console.log(`\n${label}: ${sec(r.wallMs)}, ${num(Math.round(r.counts.seen / (r.wallMs / 1000)))} entries/s; counts ${JSON.stringify(r.counts)}; profiles written ${num(r.profilesWritten)}`);
    console.log(`  CPU: node ${r.cpu.node.toFixed(1)} s (main thread ${r.cpu.nodeMain.toFixed(1)} s, other threads — sharp/libvips, GC — ${r.cpu.nodeThreads.toFixed(1)} s), slapd ${r.cpu.slapd.toFixed(1)} s, postgres backends ${r.cpu.postgres.toFixed(1)} s (of ${((r.wallMs / 1000) * os.availableParallelism()).toFixed(0)} core-s)`);
    if (r.live.length > 0) console.log(`  live after a full GC (heap used + external): ${r.live.map((l) => `${l.at} ${mb(l.heapUsed)} + ${mb(l.external)}`).join('; ')}`);
    if (xml) console.log(`  openSource (read ${mb(xmlBytes)}, decode, scan the whole file): ${sec(r.openMs)}; waiting for XML pages (parsing again, mapping): ${sec(r.readMs)} (${pct(r.readMs + r.openMs, r.wallMs)} of wall together)`);
    else console.log(`  openSource (bind, id attribute, the match-key scan: one more paged search): ${sec(r.openMs)}; waiting for LDAP pages: ${sec(r.readMs)} (${pct(r.readMs + r.openMs, r.wallMs)} of wall together)`);
    console.log(`  SQL (summed per statement, call to result): ${sec(r.sqlMs)} (${pct(r.sqlMs, r.wallMs)} of wall); ` + r.sql.map(([kind, t]) => `${kind} ${sec(t.ms)}/${num(t.count)}`).join(', '));
    console.log(`  pictures (sharp): ${num(r.sharp.operations)} operations, ${sec(r.sharp.busyMs)} busy, in flight ${sec(r.sharp.wallMs)} (${pct(r.sharp.wallMs, r.wallMs)} of wall)`);
    console.log(`  RSS: ${mb(r.rssBefore)} before, ${mb(r.rssPeak)} peak (+${mb(r.rssPeak - r.rssBefore)} during the run); process peak (maxRSS) ${mb(r.maxRssKiB * 1024)}; at the peak: V8 heap ${mb(r.atPeak.heapUsed)} used of ${mb(r.atPeak.heapTotal)}, external ${mb(r.atPeak.external)}`);
  };
  report('full run 1', first);
  report('full run 2', second);
  if (incremental) report('incremental run', incremental);
  if (xml) return xmlSummary();

  // The floor (issue #14): reading the directory with ldapsearch + writing what a first sync must store.
  const floorMs = ldapsearchMs + bulkMs;
  const ratio = first.wallMs / floorMs;
  const withoutPictures = (first.wallMs - first.sharp.wallMs) / floorMs;
  const peakMiB = Math.max(first.maxRssKiB, second.maxRssKiB) / 1024;
  const targetSetting = n >= 100_000 && options.photoPercent > 0 ? '' : ' — the target is set at 100,000 people with photos: this run is not that setting';
  console.log('\nsummary:');
  console.log(`  N = ${num(n)}; floor = ldapsearch ${sec(ldapsearchMs)} + writes alone ${sec(bulkMs)} = ${sec(floorMs)}`);
  console.log(`  full run 1: ${sec(first.wallMs)}, ${num(Math.round(n / (first.wallMs / 1000)))} entries/s; full run 2: ${sec(second.wallMs)}, ${num(Math.round(n / (second.wallMs / 1000)))} entries/s`);
  console.log(`  full run 1 / floor = ${ratio.toFixed(2)} (target ≤ 2: ${ratio <= 2 ? 'met' : 'missed'}${targetSetting})`);
  console.log(
    `    ldapts alone (the paged search with the JavaScript client, entries dropped) took ${sec(ldaptsMs)} = ${(ldaptsMs / ldapsearchMs).toFixed(1)} × ldapsearch, ` +
      `${(ldaptsMs / floorMs).toFixed(2)} × the floor`,
  );
  console.log(`    COPY of ${num(n)} profile-like rows alone (the floor's write half before issue #14): ${sec(copyMs)} = ${(copyMs / floorMs).toFixed(2)} × the floor`);
  if (first.sharp.wallMs > 0) console.log(`    without the time pictures were in flight in sharp = ${withoutPictures.toFixed(2)} (sharp in flight ${sec(first.sharp.wallMs)}, ${pct(first.sharp.wallMs, first.wallMs)} of run 1)`);
  if (firstViews) {
    console.log(
      `    pictures: ${num(company.photoCount)} stored as they came; renditions are made on first view: ` +
        `${firstViews.ms48.toFixed(1)} ms for a 48 px one, ${firstViews.ms128.toFixed(1)} ms for a 128 px one, ${firstViews.cached128.toFixed(1)} ms once made (getRendition, ${firstViews.count} people, one at a time)`,
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
  if (incremental) {
    const share = incremental.wallMs / first.wallMs;
    console.log(
      `  incremental run (${num(changed)} of ${num(n)} entries modified, ${options.incrementalPercent}%): ${sec(incremental.wallMs)}; entries read ${num(incremental.counts.seen)}, updated ${num(incremental.counts.updated)}, ` +
        `profiles written ${num(incremental.profilesWritten)}; ${(share * 100).toFixed(1)}% of full run 1 (target ≤ 5%: ${share <= 0.05 ? 'met' : 'missed'}), ${((incremental.wallMs / second.wallMs) * 100).toFixed(1)}% of full run 2`,
    );
  }
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
  else if (kind === 'xml') await writeXml(file, company);
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
