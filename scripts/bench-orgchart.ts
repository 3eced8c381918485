/**
 * The org chart benchmark (issue #18): N people (default 100,000) in a hierarchy about 10 levels
 * deep (each person has three reports, breadth first) where one manager also has 2,000 direct
 * reports, on a throwaway PostgreSQL database with every migration applied. It times
 * `chartAround` (the chain up plus the direct reports with their counts: what
 * `GET /rest/v1/org-chart/people/{accountId}` runs after the caller's groups are known) for
 * random people, and for the heavy cases one by one (the 2,000-report manager, the top with
 * everyone below, a middle manager); then `chartRoots` and the admins' quality report.
 *
 *   npm run bench:orgchart                      # 100,000 people, 1,000 random people timed
 *   npm run bench:orgchart -- --people 20000 --samples 300
 *   npm run bench:orgchart -- --keep            # keep the database for a look (Ctrl-C drops it)
 *
 * `DATABASE_URL` names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
 * the database `rollcall_bench_<random>` is created there and dropped at the end. Exit 1 when a
 * check of the answers fails (never for a time: the figures go to docs/PERFORMANCE.md).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { QueryTypes, Sequelize } from 'sequelize';
import { FieldCategory, ProfileField, Tenant, initModels } from '../src/db/models';
import { migrate } from '../src/db/migrator';
import { ensureDefaultFields } from '../src/profiles/defaults';
import { chartAround, chartRoots } from '../src/profiles/orgChart';
import { chartQuality } from '../src/profiles/orgChartQuality';
import type { Viewer } from '../src/profiles/policy';
import { runWithCleanups, throwawayDatabase } from './benchSupport';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    samples: { type: 'string', default: '1000' },
    'big-team': { type: 'string', default: '2000' },
    seed: { type: 'string', default: '18' },
    keep: { type: 'boolean', default: false },
  },
});
const PEOPLE = Number(args.people);
const SAMPLES = Number(args.samples);
const BIG_TEAM = Number(args['big-team']);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A small deterministic generator (mulberry32), so runs pick the same people. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const id = (i: number) => `acc-${i}`;
/** The manager with the big team: a person three levels down. */
const BIG_MANAGER = 13;
/** Person i's superior: three reports each, breadth first; the last BIG_TEAM people report to the big team's manager. */
const superiorOf = (i: number) => (i === 0 ? null : i >= PEOPLE - BIG_TEAM ? BIG_MANAGER : Math.floor((i - 1) / 3));
const depthOf = (i: number) => {
  let depth = 0;
  for (let at: number | null = i; at !== null && at !== 0; at = superiorOf(at)) depth++;
  return depth;
};

const ms = (ns: bigint) => Number(ns) / 1e6;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const fmt = (n: number) => `${n.toFixed(1)} ms`;

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { ms: ms(process.hrtime.bigint() - start), result };
}

void runWithCleanups(async (cleanups) => {
  console.log(`org chart benchmark: ${PEOPLE.toLocaleString('en')} people, one manager with ${BIG_TEAM.toLocaleString('en')} direct reports, ${SAMPLES} random people timed`);
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const { name, url } = await throwawayDatabase(adminUrl, cleanups);
  const sequelize = new Sequelize(url, { dialect: 'postgres', logging: false, pool: { max: 4, min: 0 } });
  cleanups.push(() => sequelize.close());
  await migrate(sequelize);
  initModels(sequelize);
  const tenant = await Tenant.create({
    clientKey: `bench-${name}`,
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

  // ---- The people (not measured) -----------------------------------------------------------
  const loadStart = Date.now();
  const BATCH = 10_000;
  for (let from = 0; from < PEOPLE; from += BATCH) {
    const ids: string[] = [];
    const names: string[] = [];
    const values: string[] = [];
    for (let i = from; i < Math.min(PEOPLE, from + BATCH); i++) {
      ids.push(id(i));
      names.push(`Person ${i}`);
      const superior = superiorOf(i);
      values.push(JSON.stringify({ position: `Position ${i % 97}`, department: `Department ${i % 31}`, ...(superior !== null ? { manager: id(superior) } : {}) }));
    }
    await sequelize.query(
      `INSERT INTO accounts (tenant_id, account_id, display_name, active, refreshed_at) SELECT $1, a, n, true, now() FROM unnest($2::text[], $3::text[]) AS t (a, n)`,
      { bind: [tenantId, ids, names] },
    );
    await sequelize.query(
      `INSERT INTO profiles (tenant_id, account_id, "values", value_sources) SELECT $1, a, v::jsonb, '{"manager":"user"}' FROM unnest($2::text[], $3::text[]) AS t (a, v)`,
      { bind: [tenantId, ids, values] },
    );
  }
  await sequelize.query('ANALYZE accounts, profiles');
  const maxDepth = Math.max(...[PEOPLE - BIG_TEAM - 1, PEOPLE - 1].map(depthOf));
  console.log(`loaded in ${((Date.now() - loadStart) / 1000).toFixed(1)} s; deepest chain ${maxDepth} levels`);

  const viewer: Viewer = { accountId: id(1), isAdmin: false, groups: new Set() };
  let failed = false;
  const check = (ok: boolean, what: string) => {
    if (!ok) {
      failed = true;
      console.error(`CHECK FAILED: ${what}`);
    }
  };

  // ---- Warm-up, then random people ---------------------------------------------------------
  const next = random(Number(args.seed));
  for (let i = 0; i < 50; i++) await chartAround(tenantId, viewer, id(Math.floor(next() * PEOPLE)));
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const who = Math.floor(next() * PEOPLE);
    const { ms: t, result } = await time(() => chartAround(tenantId, viewer, id(who)));
    times.push(t);
    if (i < 20) check(result.chain.length === depthOf(who), `chain of ${id(who)} has ${result.chain.length} people, expected ${depthOf(who)}`);
  }
  times.sort((a, b) => a - b);
  console.log(`\nchain + reports, ${SAMPLES} random people: p50 ${fmt(quantile(times, 0.5))}, p95 ${fmt(quantile(times, 0.95))}, p99 ${fmt(quantile(times, 0.99))}, max ${fmt(times[times.length - 1])} (target p95 ≤ 30 ms)`);

  // ---- The heavy cases, each the median of 5 --------------------------------------------------
  const heavy = async (label: string, fn: () => Promise<unknown>) => {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) runs.push((await time(fn)).ms);
    runs.sort((a, b) => a - b);
    console.log(`${label}: median ${fmt(runs[2])} (min ${fmt(runs[0])}, max ${fmt(runs[4])})`);
  };
  const big = await chartAround(tenantId, viewer, id(BIG_MANAGER));
  check(big.reports.length === BIG_TEAM + 3, `the big team's manager has ${big.reports.length} direct reports, expected ${BIG_TEAM + 3}`);
  await heavy(`the manager with ${(BIG_TEAM + 3).toLocaleString('en')} direct reports`, () => chartAround(tenantId, viewer, id(BIG_MANAGER)));
  const top = await chartAround(tenantId, viewer, id(0));
  check(top.reports.reduce((sum, r) => sum + 1 + (r.totalReports ?? 0), 0) === PEOPLE - 1, 'the top has everyone below');
  await heavy(`the top (${(PEOPLE - 1).toLocaleString('en')} people below, counted)`, () => chartAround(tenantId, viewer, id(0)));
  await heavy('a middle manager (level 5)', () => chartAround(tenantId, viewer, id(121)));
  await heavy('the roots', () => chartRoots(tenantId, viewer));
  const quality = await chartQuality(tenantId, { ...viewer, isAdmin: true });
  check(Object.values(quality.counts).every((c) => c === 0), 'no quality issue in a clean hierarchy');
  await heavy('the data quality report', () => chartQuality(tenantId, { ...viewer, isAdmin: true }));

  console.log(`\nload average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const [{ size }] = await sequelize.query<{ size: string }>(`SELECT pg_size_pretty(pg_relation_size('profiles_tenant_superior')) AS size`, { type: QueryTypes.SELECT });
  console.log(`index profiles_tenant_superior: ${size}`);
  if (args.keep) console.log(`database: ${url} (tenant ${tenantId})`);
  return failed ? 1 : 0;
}, args.keep ? { message: 'kept the database: Ctrl-C drops it' } : undefined).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
