/**
 * The People Directory benchmark: `npm run bench:directory -- --people 100000` (docs/PERFORMANCE.md).
 *
 * Builds a throwaway PostgreSQL database with one tenant: 10 categories (2 restricted to a group),
 * 20 profile fields (the 6 default ones and 14 more: selects, a multi-select, a user field, a date,
 * a number, texts), N accounts and N profiles with generated, realistic values (2 % of the people
 * left the directory, 1 % of the accounts are deactivated). Writing them goes through the
 * `people_search` triggers, as a sync's writes do: the load time is printed (not a target).
 *
 * Then it runs a fixed mix of queries through `searchDirectory` — the function behind
 * `GET /rest/v1/directory`: compile for the viewer, the page, the total and the facets (department
 * and location) — as a member of the restricted categories' group and as a non-member, each query
 * --repeat times after one warm-up, cold (the site's data version bumped first, so the counts are
 * computed) and warm (the counts from the process's cache, as for the next pages of a result or the
 * same query again), and prints p50/p95/p99 per viewer and mode (targets at 100,000 people:
 * p95 ≤ 50 ms, p99 ≤ 150 ms), each query's median and p95, and the plans (EXPLAIN ANALYZE,
 * BUFFERS) of the slowest statement of the three slowest queries (cold).
 *
 * Options: --people N (default 10000), --repeat N (default 15), --seed N, --keep (leave the
 * database for a look; Ctrl-C ends). DATABASE_URL names the PostgreSQL server (default
 * postgres://postgres@127.0.0.1:5432/postgres); the benchmark creates its own database there and
 * drops it at the end.
 */
import os from 'node:os';
import { QueryTypes, Sequelize } from 'sequelize';
import { POSTGRES_SESSION_OPTIONS } from '../src/db/database';
import { migrate } from '../src/db/migrator';
import { FieldCategory, ProfileField, Tenant, initModels } from '../src/db/models';
import { ensureDefaultFields } from '../src/profiles/defaults';
import type { Viewer } from '../src/profiles/policy';
import { searchDirectory } from '../src/peopleDirectory/search/search';
import { writeDirectorySettings } from '../src/peopleDirectory/settings';
import { runWithCleanups, sec, throwawayDatabase } from './benchSupport';

interface Options {
  people: number;
  repeat: number;
  seed: number;
  keep: boolean;
  adminUrl: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { people: 10_000, repeat: 15, seed: 42, keep: false, adminUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || !/^\d+$/.test(v)) usage(`${flag} needs a whole number`);
      return Number(v);
    };
    if (flag === '--people') options.people = value();
    else if (flag === '--repeat') options.repeat = value();
    else if (flag === '--seed') options.seed = value();
    else if (flag === '--keep') options.keep = true;
    else if (flag === '--help' || flag === '-h') usage();
    else usage(`unknown option ${argv[i]}`);
  }
  if (options.people < 100) usage('--people must be at least 100');
  if (options.repeat < 1) usage('--repeat must be at least 1');
  return options;
}

function usage(problem?: string): never {
  if (problem) console.error(`bench-directory: ${problem}`);
  console.error('usage: npm run bench:directory -- [--people N] [--repeat N] [--seed N] [--keep]');
  process.exit(problem ? 2 : 0);
}

// ---------------------------------------------------------------------------------------------
// The generated company

const GIVEN = ['Anna', 'Ben', 'Chloé', 'David', 'Emma', 'François', 'Grace', 'Hannah', 'Ian', 'Jonas', 'Katarzyna', 'Lars', 'María', 'Noah', 'Olivia', 'Pål', 'Quentin', 'Renée', 'Sofia', 'Thomas', 'Ursula', 'Viktor', 'Wei', 'Xavier', 'Yusuf', 'Zoë', 'Åsa', 'Łukasz', 'José', 'Siobhán', 'Priya', 'Hiroshi'];
const SURNAMES = ['Müller', 'Smith', 'García', 'Johansson', 'Nowak', 'Rossi', 'Dubois', 'Jensen', 'Kowalski', 'Svensson', 'Brown', 'Martin', "O'Brien", 'Fernández', 'Schröder', 'Lefèvre', 'Åström', 'Nagy', 'Popescu', 'Yılmaz', 'Kim', 'Tanaka', 'Patel', 'Okafor', 'Wang', 'Novák', 'Weiß', 'Haddad', 'Costa', 'Silva'];
const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'Operations', 'Human Resources', 'Legal', 'Customer Success', 'Research'];
const TITLES = ['Software Engineer', 'Senior Software Engineer', 'Analyst', 'Account Executive', 'Designer', 'Consultant', 'Specialist', 'Accountant', 'Support Engineer', 'Researcher', 'Technician', 'Coordinator', 'Manager'];
const CITIES = ['Zürich', 'München', 'São Paulo', 'Kraków', 'Malmö', 'Montréal', 'Berlin', 'Bern', 'London', 'New York', 'Tokyo', 'Bengaluru', 'Lagos', 'Reykjavík', 'Wien'];
const OFFICES = CITIES.flatMap((c) => [`R&D (${c})`, `Sales (${c})`]);
const TEAMS = Array.from({ length: 50 }, (_, i) => `Team ${String.fromCharCode(65 + (i % 26))}${Math.floor(i / 26) + 1}`);
const SKILLS = ['TypeScript', 'Java', 'Go', 'Python', 'SQL', 'Kubernetes', 'Negotiation', 'Design', 'Accounting', 'German', 'French', 'Japanese', 'Leadership', 'Public speaking', 'Excel', 'Rust', 'C++', 'Marketing', 'Sales', 'Support'];

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

const pct = (sortedMs: number[], p: number) => sortedMs[Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1)];
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  return runWithCleanups(async (cleanups) => {
    console.log(`bench-directory: ${options.people.toLocaleString('en')} people, ${options.repeat} runs per query and viewer; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const { url } = await throwawayDatabase(options.adminUrl, cleanups);
    // As src/db/database.ts opens PostgreSQL (its session options included).
    const sequelize = new Sequelize(url, { dialect: 'postgres', logging: false, benchmark: true, dialectOptions: { options: POSTGRES_SESSION_OPTIONS }, pool: { max: 10, min: 0, idle: 10_000 } });
    cleanups.push(() => sequelize.close());
    await migrate(sequelize);
    initModels(sequelize);
    const tenant = await Tenant.create({
      clientKey: `bench-directory-${Date.now()}`,
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

    // ---- Structure: 10 categories (2 restricted), 20 fields ----------------------------------
    await ensureDefaultFields(tenantId); // Contact, Work; phone, im, website, position, department, location
    const category = async (name: string, position: number, restricted = false) =>
      String((await FieldCategory.create({ tenantId, name, position, restrictedToGroups: restricted ? [{ id: 'g-hr', name: 'hr' }] : [] })).id);
    const field = async (categoryId: string, key: string, label: string, type: string, position: number, options: string[] = []) => {
      const f = await ProfileField.create({ tenantId, key, label, type, categoryId, position, options: options.map((l, i) => ({ id: `o${key}${i}`, label: l, retired: false })) });
      return f.options;
    };
    const names = ['Organisation', 'Location details', 'Skills', 'Employment', 'Contact extras', 'About', 'HR private', 'Finance'];
    const cats: string[] = [];
    for (const [i, n] of names.entries()) cats.push(await category(n, 2 + i, n === 'HR private' || n === 'Finance'));
    const offices = await field(cats[0], 'office', 'Office', 'select', 0, OFFICES);
    const teams = await field(cats[0], 'team', 'Team', 'select', 1, TEAMS);
    await field(cats[0], 'manager', 'Manager', 'user', 2);
    await field(cats[1], 'building', 'Building', 'text', 0);
    await field(cats[1], 'floor', 'Floor', 'number', 1);
    const skills = await field(cats[2], 'skills', 'Skills', 'multiselect', 0, SKILLS);
    await field(cats[3], 'start_date', 'Start date', 'date', 0);
    await field(cats[3], 'employee_id', 'Employee ID', 'text', 1);
    await field(cats[3], 'grade', 'Grade', 'number', 2);
    await field(cats[4], 'mobile', 'Mobile', 'phone', 0);
    await field(cats[5], 'about', 'About me', 'multiline', 0);
    await field(cats[6], 'salary_band', 'Salary band', 'text', 0);
    const ratings = await field(cats[6], 'rating', 'Rating', 'select', 1, ['Outstanding', 'Strong', 'Solid', 'Developing']);
    await field(cats[7], 'cost_centre', 'Cost centre', 'text', 0);
    await writeDirectorySettings(tenantId, { exportForUsers: false, facetFields: ['department', 'location', 'office'] });

    // ---- People ---------------------------------------------------------------------------
    const random = prng(options.seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const n = options.people;
    const accountId = (i: number) => `5b10a2844c20165700ede${String(i).padStart(6, '0')}`;
    let started = Date.now();
    const BATCH = 2000;
    for (let from = 0; from < n; from += BATCH) {
      const accounts = [];
      const profiles = [];
      for (let i = from; i < Math.min(n, from + BATCH); i++) {
        const given = pick(GIVEN);
        const surname = pick(SURNAMES);
        const city = pick(CITIES);
        accounts.push({ account_id: accountId(i), display_name: `${given} ${surname}`, email: `${given}.${surname}.${i}@example.com`.toLowerCase(), active: random() > 0.01 });
        const v: Record<string, unknown> = {
          position: pick(TITLES),
          department: pick(DEPARTMENTS),
          location: city,
          office: pick(offices).id,
          team: pick(teams).id,
          building: `${city} ${1 + Math.floor(random() * 5)}`,
          floor: Math.floor(random() * 12),
          skills: [...new Set([pick(skills).id, pick(skills).id, pick(skills).id])],
          start_date: `${2000 + Math.floor(random() * 26)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
          employee_id: `E${String(100000 + i)}`,
          grade: 1 + Math.floor(random() * 10),
          salary_band: `Band ${pick(['A', 'B', 'C', 'D'])}-${1 + Math.floor(random() * 9)}`,
          rating: pick(ratings).id,
          cost_centre: `CC-${1000 + Math.floor(random() * 400)}`,
        };
        if (random() < 0.7) v.phone = `+41 44 ${String(Math.floor(random() * 1e7)).padStart(7, '0')}`;
        if (random() < 0.3) v.mobile = `+41 79 ${String(Math.floor(random() * 1e7)).padStart(7, '0')}`;
        if (random() < 0.2) v.about = `${pick(SKILLS)} and ${pick(SKILLS)}; ${pick(TITLES)} in ${pick(CITIES)} since ${2000 + Math.floor(random() * 26)}.`;
        if (i > 0) v.manager = accountId(Math.floor(random() * Math.min(i, 1 + n / 20)));
        profiles.push({ account_id: accountId(i), values: v, left: random() < 0.02 });
      }
      await sequelize.query(
        `INSERT INTO accounts (tenant_id, account_id, display_name, email, account_type, active)
         SELECT :tenantId, a.account_id, a.display_name, a.email, 'atlassian', a.active FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS a(account_id text, display_name text, email text, active boolean)`,
        { replacements: { tenantId, rows: JSON.stringify(accounts) } },
      );
      await sequelize.query(
        `INSERT INTO profiles (tenant_id, account_id, "values", value_sources, left_directory_at)
         SELECT :tenantId, p.account_id, p."values", '{}', CASE WHEN p."left" THEN now() END FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS p(account_id text, "values" jsonb, "left" boolean)`,
        { replacements: { tenantId, rows: JSON.stringify(profiles) } },
      );
    }
    const loadMs = Date.now() - started;
    for (const table of ['people_search', 'accounts', 'profiles']) await sequelize.query(`VACUUM ANALYZE ${table}`);
    const [{ size }] = await sequelize.query<{ size: string }>(
      "SELECT pg_size_pretty(pg_total_relation_size('people_search')) AS size",
      { type: QueryTypes.SELECT },
    );
    console.log(`load: ${n.toLocaleString('en')} accounts and profiles through the people_search triggers in ${sec(loadMs)} (${Math.round(n / (loadMs / 1000)).toLocaleString('en')}/s); people_search with its indexes: ${size}`);

    // ---- The query mix ------------------------------------------------------------------------
    const member: Viewer = { accountId: accountId(1), isAdmin: false, groups: new Set(['g-hr', 'hr']) };
    const outsider: Viewer = { accountId: accountId(2), isAdmin: false, groups: new Set() };
    // A cursor 20 pages deep (by name, 50 a page), found beforehand.
    let deep: string | null = null;
    for (let page = 0; page < 20; page++) deep = (await searchDirectory(tenantId, outsider, { q: '', sort: { key: 'name', order: 'asc' }, cursor: deep, limit: 50 })).nextCursor;
    const bySkill = `skills:${SKILLS[0]}`;
    const MIX: Array<{ name: string; q: string; sort?: string; order?: 'asc' | 'desc'; cursor?: string | null; memberOnly?: boolean }> = [
      { name: 'everyone, by name', q: '' },
      { name: 'free text, common word', q: 'engineer' },
      { name: 'free text, a surname', q: 'müller' },
      { name: 'free text, two words', q: 'anna berlin' },
      { name: 'free text, short (2 letters)', q: 'wa' },
      { name: 'field term (text)', q: 'department:Engineering' },
      { name: 'select by label, parentheses', q: 'office:"R&D (Berlin)"' },
      { name: 'wildcard *', q: 'location:Ber*' },
      { name: 'wildcard ?', q: 'position:?nalyst' },
      { name: 'OR / NOT with parentheses', q: '(department:Sales OR department:Marketing) -location:London' },
      { name: '-has: and a field', q: '-has:phone department:Finance' },
      { name: 'date range', q: 'start_date:2015..2017' },
      { name: 'number comparison', q: 'grade:>=9 floor:<3' },
      { name: 'user field by name', q: 'manager:"Anna M*"' },
      { name: 'multi-select', q: bySkill },
      { name: 'is:left', q: 'is:left' },
      { name: 'sort by a select field, descending', q: 'department:Sales', sort: 'office', order: 'desc' },
      { name: 'deep page (page 21, by name)', q: '', cursor: deep },
      { name: 'restricted field (member)', q: 'salary_band:"Band C*" rating:Outstanding', memberOnly: true },
    ];
    // Cold: the site's data version bumped before each run (as after any write), so the counts
    // (total, facets) are computed; warm: the same query again, counts from the process's cache.
    const bump = () => sequelize.query('UPDATE people_search_versions SET version = version + 1 WHERE tenant_id = :tenantId', { replacements: { tenantId } });
    const results: Array<{ viewer: string; name: string; cold: number[]; warm: number[] }> = [];
    for (const [viewerName, viewer] of [['member', member], ['non-member', outsider]] as const) {
      for (const item of MIX) {
        if (item.memberOnly && viewer !== member) continue;
        const run = () => searchDirectory(tenantId, viewer, { q: item.q, sort: { key: item.sort ?? 'name', order: item.order ?? 'asc' }, cursor: item.cursor ?? null, limit: 50 });
        await run(); // warm-up
        const cold: number[] = [];
        const warm: number[] = [];
        for (let r = 0; r < options.repeat; r++) {
          await bump();
          started = performance.now();
          await run();
          cold.push(performance.now() - started);
          started = performance.now();
          await run();
          warm.push(performance.now() - started);
        }
        results.push({ viewer: viewerName, name: item.name, cold, warm });
      }
    }
    const sorted = (t: number[]) => [...t].sort((a, b) => a - b);
    const median = (t: number[]) => pct(sorted(t), 50);
    console.log('\nper query, median (p95) cold / warm, as member | non-member:');
    for (const item of MIX) {
      const [m, o] = ['member', 'non-member'].map((v) => results.find((r) => r.viewer === v && r.name === item.name));
      const cell = (r: typeof m) => (r ? `${ms(median(r.cold))} (${ms(pct(sorted(r.cold), 95))}) / ${ms(median(r.warm))} (${ms(pct(sorted(r.warm), 95))})` : '—');
      console.log(`  ${item.name.padEnd(38)} ${cell(m).padEnd(46)} | ${cell(o)}   q=${item.q}${item.sort ? ` sort=${item.sort}` : ''}`);
    }
    let failed = false;
    console.log('\nall queries (targets p95 ≤ 50 ms, p99 ≤ 150 ms):');
    for (const v of ['member', 'non-member']) {
      for (const mode of ['cold', 'warm'] as const) {
        const all = sorted(results.filter((r) => r.viewer === v).flatMap((r) => r[mode]));
        const [p50, p95, p99] = [50, 95, 99].map((p) => pct(all, p));
        console.log(`  ${v.padEnd(11)} ${mode}: ${all.length} runs: p50 ${ms(p50)}, p95 ${ms(p95)}, p99 ${ms(p99)}`);
        if (n >= 100_000 && (p95 > 50 || p99 > 150)) failed = true;
      }
    }

    // ---- The plans of the three slowest queries (by median, either viewer) ---------------------
    const slowest = [...results].sort((a, b) => median(b.cold) - median(a.cold)).slice(0, 3);
    for (const slow of slowest) {
      const item = MIX.find((m) => m.name === slow.name)!;
      const viewer = slow.viewer === 'member' ? member : outsider;
      const statements: Array<{ sql: string; bind: unknown[]; ms: number }> = [];
      await bump();
      // Sequelize reads its logging option at each query: capture this one search's statements.
      const settings = (sequelize as unknown as { options: { logging: unknown } }).options;
      settings.logging = (sql: string, timing?: number, opts?: { bind?: unknown[] }) => {
        if (opts?.bind) statements.push({ sql: sql.replace(/^Executed \([^)]*\): /, ''), bind: opts.bind, ms: timing ?? 0 });
      };
      await searchDirectory(tenantId, viewer, { q: item.q, sort: { key: item.sort ?? 'name', order: item.order ?? 'asc' }, cursor: item.cursor ?? null, limit: 50 });
      settings.logging = false;
      const worst = statements.sort((a, b) => b.ms - a.ms)[0];
      const plan = await sequelize.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${worst.sql}`, { bind: worst.bind, type: QueryTypes.SELECT });
      console.log(`\nplan: "${slow.name}" as ${slow.viewer} (q=${item.q}), cold, its slowest statement (${ms(worst.ms)}):`);
      console.log(plan.map((r) => `  ${r['QUERY PLAN']}`).join('\n'));
    }
    // ---- What a Profile Editor change costs: every open document of the site recomputed -------------
    started = Date.now();
    await ProfileField.update({ options: offices.map((o, i) => ({ ...o, label: i === 0 ? `${o.label} (renamed)` : o.label })) }, { where: { tenantId, key: 'office' } });
    console.log(`\nan option renamed in the Profile Editor: ${n.toLocaleString('en')} open documents recomputed in ${sec(Date.now() - started)} (the admin's request waits for it)`);
    console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    return failed ? 1 : 0;
  }, options.keep ? { message: 'kept the database; Ctrl-C to drop it' } : undefined);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
