/**
 * The data lifecycle (src/privacy/): personal data reporting to Atlassian's API (played by the test
 * Forge platform, for Connect sites by their JWT and Forge installations by their system token),
 * erasure of closed accounts with a proof over every table, re-reading updated accounts, 429s and
 * failures, the cycle, retention of sync runs and audit events, and the purge of uninstalled sites
 * after their grace period. The clock is the time each round is given.
 */
import sharp from 'sharp';
import { QueryTypes } from 'sequelize';
import { Account, AuditEvent, Profile, Tenant, TenantSetting } from '../../src/db/models';
import { ERASED } from '../../src/privacy/erasure';
import { readState, REPORTING_KEY } from '../../src/privacy/reporting';
import { useForgeApp, type TestApp } from '../support/app';
import type { FixtureUser } from '../support/confluenceHost';
import type { ForgePlatform } from '../support/forgePlatform';
import { ADMIN, installForgeSite, installSite, type ForgeInstalledSite, type Site } from '../support/sites';

const DAY = 24 * 3600 * 1000;
const sites: Array<Site | ForgeInstalledSite> = [];
let app: TestApp;
let platform: ForgePlatform;
// The jobs act on every site of the database: this file has one of its own.
useForgeApp({ sites, ownDatabase: true }, (started) => ({ app, platform } = started));

const ZOE: FixtureUser = { accountId: 'acc-zoe-closed', displayName: 'Zoë Quellenstein', email: 'zoe.quellenstein@example.com', groups: ['confluence-users'] };
const MAX: FixtureUser = { accountId: 'acc-max', displayName: 'Max Boss', email: 'max@example.com', groups: ['confluence-users'] };
const BO: FixtureUser = { accountId: 'acc-bo', displayName: 'Bo Brightly', email: 'bo@example.com', groups: ['confluence-users'] };

async function connectSite(users: FixtureUser[] = [ADMIN, ZOE, MAX, BO]): Promise<Site> {
  const site = await installSite(app, users);
  sites.push(site);
  platform.personalData.trustConnectSite(site.host);
  return site;
}

/** Every row of every table of the database that mentions any of `needles` (case-insensitive), as `table: count`. */
async function mentions(needles: string[]): Promise<Record<string, number>> {
  const sequelize = app.database.sequelize;
  const tables = await sequelize.query<{ name: string }>(
    "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    { type: QueryTypes.SELECT },
  );
  expect(tables.length).toBeGreaterThan(15);
  const found: Record<string, number> = {};
  for (const { name: table } of tables) {
    const [{ count }] = await sequelize.query<{ count: string }>(
      `SELECT count(*) AS count FROM "${table}" t WHERE ${needles.map((_, i) => `t::text ILIKE $${i + 1}`).join(' OR ')}`,
      { bind: needles.map((n) => `%${n}%`), type: QueryTypes.SELECT },
    )
    if (Number(count)) found[table] = Number(count);
  }
  return found;
}

describe('closed accounts', () => {
  it('are erased: their profile, picture, account and every mention, while what happened stays in the audit log', async () => {
    const s = await connectSite();
    const admin = s.as(ADMIN.accountId);
    const team = (await admin.post('/rest/v1/categories', { name: 'Team' }).expect(201)).body.id;
    const mentor = (await admin.post('/rest/v1/fields', { label: 'Mentor', type: 'user', categoryId: team }).expect(201)).body.key as string;
    const buddies = (await admin.post('/rest/v1/fields', { label: 'Buddies', type: 'multiuser', categoryId: team }).expect(201)).body.key as string;
    // Zoë fills her profile and uploads a picture; Max names her as his mentor and a buddy.
    const zoe = s.as(ZOE.accountId);
    const mine = (await zoe.get(`/rest/v1/profiles/${ZOE.accountId}`).expect(200)).body;
    await zoe.put(`/rest/v1/profiles/${ZOE.accountId}`, { values: { position: 'Quantum cartographer', phone: '+41 44 987 65 43' }, version: mine.version }).expect(200);
    const picture = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#ff8b00' } }).jpeg().toBuffer();
    await zoe.put(`/rest/v1/profiles/${ZOE.accountId}/picture`).set('Content-Type', 'image/jpeg').send(picture).expect(204);
    const max = (await s.as(MAX.accountId).get(`/rest/v1/profiles/${MAX.accountId}`).expect(200)).body;
    await s.as(MAX.accountId).put(`/rest/v1/profiles/${MAX.accountId}`, { values: { [mentor]: ZOE.accountId, [buddies]: [BO.accountId, ZOE.accountId], position: 'Boss' }, version: max.version }).expect(200);
    expect(Object.keys(await mentions([ZOE.accountId]))).toEqual(expect.arrayContaining(['accounts', 'profiles', 'profile_pictures', 'audit_events']));

    platform.personalData.closed.add(ZOE.accountId);
    const round = await app.privacy.runOnce();
    const report = round.sites.find((r) => r.tenantId === s.tenantId);
    expect(report).toMatchObject({ report: { requests: 1, erased: 1, completed: true } });
    // What was reported: every account the site holds, each with when it was read, RFC 3339.
    const sent = platform.personalData.reports.filter((r) => r.from === s.host.clientKey);
    expect(sent.map((r) => r.status)).toEqual([200]);
    // (the admin as the one who added the fields: audit events name them)
    expect(sent[0].accounts.map((a) => a.accountId).sort()).toEqual([ADMIN.accountId, BO.accountId, MAX.accountId, ZOE.accountId].sort());
    for (const a of sent[0].accounts) expect(new Date(a.updatedAt).toISOString()).toBe(a.updatedAt);

    // Nothing of Zoë is left anywhere: not her id, name, email, values or picture.
    expect(await mentions([ZOE.accountId, 'Quellenstein', ZOE.email!, 'Quantum cartographer', '987 65 43'])).toEqual({});
    // Max's profile lost her, and kept the rest.
    const maxNow = await Profile.findOne({ where: { tenantId: s.tenantId, accountId: MAX.accountId } });
    expect(maxNow!.values).toEqual({ [buddies]: [BO.accountId], position: 'Boss' });
    // Her events keep what happened (the action, which fields), not to whom nor the values.
    const hers = await AuditEvent.findAll({ where: { tenantId: s.tenantId, subjectId: ERASED }, order: [['id', 'ASC']] });
    expect(hers.map((e) => [e.action, e.actorAccountId, e.details])).toEqual([
      ['profile.edited', null, { erased: true, fields: ['phone', 'position'] }],
      ['picture.uploaded', null, { erased: true }],
    ]);
    expect(await AuditEvent.count({ where: { tenantId: s.tenantId, action: 'accounts.erased' } })).toBe(1);
    // The others are untouched, and the site still works for them.
    expect((await Account.findAll({ where: { tenantId: s.tenantId }, order: [['accountId', 'ASC']] })).map((a) => a.accountId)).toEqual([BO.accountId, MAX.accountId]);
    await s.as(MAX.accountId).get(`/rest/v1/profiles/${MAX.accountId}`).expect(200);
  });

  it('are erased on one site only: another site with the same account keeps its copy', async () => {
    const a = await connectSite([ADMIN, ZOE]);
    const b = await connectSite([ADMIN, ZOE]);
    for (const s of [a, b]) {
      const p = (await s.as(ZOE.accountId).get(`/rest/v1/profiles/${ZOE.accountId}`).expect(200)).body;
      await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { values: { position: 'Kept elsewhere' }, version: p.version }).expect(200);
    }
    platform.personalData.closed.add(ZOE.accountId);
    // Only site a reports this time: site b's cycle is not due yet.
    await TenantSetting.upsert({ tenantId: b.tenantId, key: REPORTING_KEY, value: { lastCompletedAt: new Date().toISOString() } });
    await app.privacy.runOnce();
    expect(await Profile.count({ where: { tenantId: a.tenantId, accountId: ZOE.accountId } })).toBe(0);
    expect(await Profile.count({ where: { tenantId: b.tenantId, accountId: ZOE.accountId } })).toBe(1);
  });
});

describe('the reporting cycle', () => {
  async function siteWithAccounts(count: number): Promise<Site> {
    const s = await connectSite([ADMIN]);
    const rows = Array.from({ length: count }, (_, i) => ({ tenantId: s.tenantId, accountId: `acc-many-${String(i).padStart(4, '0')}`, displayName: `Person ${i}`, email: null, pictureUrl: null, accountType: 'atlassian' }));
    await Account.bulkCreate(rows);
    return s;
  }
  const reportsOf = (s: Site) => platform.personalData.reports.filter((r) => r.from === s.host.clientKey);

  it('reports 90 accounts per request in account order, once per cycle (7 days, or the Cycle-Period the API names)', async () => {
    const s = await siteWithAccounts(200);
    const start = new Date();
    await app.privacy.runOnce(start);
    expect(reportsOf(s).map((r) => r.accounts.length)).toEqual([90, 90, 20]);
    const ids = reportsOf(s).flatMap((r) => r.accounts.map((a) => a.accountId));
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(200);
    expect((await readState(s.tenantId)).lastCycle).toEqual({ reported: 200, erased: 0, refreshed: 0 });

    await app.privacy.runOnce(new Date(start.getTime() + 6 * DAY));
    expect(reportsOf(s)).toHaveLength(3);
    platform.personalData.cyclePeriodSeconds = 3600;
    try {
      await app.privacy.runOnce(new Date(start.getTime() + 7 * DAY + 1000));
      expect(reportsOf(s)).toHaveLength(6);
      expect((await readState(s.tenantId)).cyclePeriodSeconds).toBe(3600);
      await app.privacy.runOnce(new Date(start.getTime() + 7 * DAY + 3602 * 1000));
      expect(reportsOf(s)).toHaveLength(9);
    } finally {
      platform.personalData.cyclePeriodSeconds = undefined;
    }
  });

  it("waits for a 429's Retry-After, and 15 minutes after any other failure, then goes on where it stopped", async () => {
    const s = await siteWithAccounts(100);
    const start = new Date();
    platform.personalData.rateLimitNext(1, 120, s.host.clientKey);
    const first = await app.privacy.runOnce(start);
    expect(first.sites.find((r) => r.tenantId === s.tenantId)).toMatchObject({ report: { requests: 1, stopped: 'waiting' } });
    await app.privacy.runOnce(new Date(start.getTime() + 60_000));
    expect(reportsOf(s).map((r) => r.status)).toEqual([429]);
    platform.personalData.failNext(1, 503, s.host.clientKey);
    await app.privacy.runOnce(new Date(start.getTime() + 121_000));
    expect(reportsOf(s).map((r) => r.status)).toEqual([429, 503]);
    const state = await readState(s.tenantId);
    expect(state.lastError).toMatch(/answered 503/);
    expect(new Date(state.notBefore!).getTime()).toBe(start.getTime() + 121_000 + 15 * 60_000);
    await app.privacy.runOnce(new Date(start.getTime() + 10 * 60_000));
    expect(reportsOf(s)).toHaveLength(2);
    await app.privacy.runOnce(new Date(start.getTime() + 18 * 60_000));
    expect(reportsOf(s).map((r) => [r.status, r.accounts.length])).toEqual([
      [429, 90],
      [503, 90],
      [204, 90],
      [204, 10],
    ]);
    expect(await readState(s.tenantId)).toMatchObject({ lastError: null, cursor: null, lastCycle: { reported: 100 } });
  });

  it('reads updated accounts again from Confluence', async () => {
    const s = await connectSite([ADMIN, BO]);
    const bo = (await s.as(BO.accountId).get(`/rest/v1/profiles/${BO.accountId}`).expect(200)).body;
    await s.as(BO.accountId).put(`/rest/v1/profiles/${BO.accountId}`, { values: { position: 'Clerk' }, version: bo.version }).expect(200);
    const before = await Account.findOne({ where: { tenantId: s.tenantId, accountId: BO.accountId } });
    s.host.users.find((u) => u.accountId === BO.accountId)!.displayName = 'Bo Renamed';
    platform.personalData.updated.add(BO.accountId);
    try {
      const round = await app.privacy.runOnce(new Date(Date.now() + 1000));
      expect(round.sites.find((r) => r.tenantId === s.tenantId)).toMatchObject({ report: { refreshed: 1, erased: 0 } });
    } finally {
      platform.personalData.updated.delete(BO.accountId);
    }
    const after = await Account.findOne({ where: { tenantId: s.tenantId, accountId: BO.accountId } });
    expect(after!.displayName).toBe('Bo Renamed');
    expect(after!.refreshedAt.getTime()).toBeGreaterThanOrEqual(before!.refreshedAt.getTime());
  });

  it('reports a Forge installation with its system token, and waits while it has none', async () => {
    const f = await installForgeSite(app, platform, [ADMIN, ZOE]);
    sites.push(f);
    const zoe = (await f.as(ZOE.accountId).get(`/rest/v1/profiles/${ZOE.accountId}`)).body;
    expect((await f.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { values: { position: 'On Forge' }, version: zoe.version })).status).toBe(200);
    await Tenant.update({ forgeSystemTokenExpiresAt: new Date(Date.now() - 1000) }, { where: { id: f.tenantId } });
    const without = await app.privacy.runOnce();
    expect(without.sites.find((r) => r.tenantId === f.tenantId)).toMatchObject({ report: { requests: 0, stopped: 'no_api' } });
    // The hourly scheduled trigger brings a new token; the next round reports.
    expect((await platform.deliverEvent(app.url, f.forge, 'scheduled')).status).toBe(200);
    const round = await app.privacy.runOnce();
    expect(round.sites.find((r) => r.tenantId === f.tenantId)).toMatchObject({ report: { requests: 1, completed: true } });
    const sent = platform.personalData.reports.filter((r) => r.from === f.forge.cloudId);
    expect(sent.flatMap((r) => r.accounts.map((a) => a.accountId))).toContain(ZOE.accountId);
  });
});

describe('retention', () => {
  it('keeps the last 100 runs of each source and anything younger than 90 days; audit events a year', async () => {
    const s = await connectSite([ADMIN]);
    const admin = s.as(ADMIN.accountId);
    const source = (await admin.post('/rest/v1/sources', { kind: 'xml', name: 'Export', settings: { location: { kind: 'upload' }, recordPath: 'a/b', matchPath: 'mail' } }).expect(201)).body.id;
    const sequelize = app.database.sequelize;
    // 150 finished runs, one a day back from today; each with an error row.
    await sequelize.query(
      `WITH runs AS (
         INSERT INTO sync_runs (tenant_id, source_id, mode, trigger, status, started_at, finished_at)
         SELECT $1, $2, 'full', 'schedule', 'succeeded', now() - make_interval(days => d), now() - make_interval(days => d)
         FROM generate_series(0, 149) AS d RETURNING id, tenant_id)
       INSERT INTO sync_run_errors (tenant_id, run_id, reason) SELECT tenant_id, id, 'bad entry' FROM runs`,
      { bind: [s.tenantId, source] },
    );
    await sequelize.query(
      `INSERT INTO audit_events (tenant_id, actor_account_id, action, subject_type, subject_id, details, created_at)
       SELECT $1, NULL, 'test.event', 'site', 'x', '{}', now() - make_interval(days => d) FROM unnest(ARRAY[1, 364, 366, 800]) AS d`,
      { bind: [s.tenantId] },
    );
    const round = await app.privacy.runOnce();
    expect(round.sites.find((r) => r.tenantId === s.tenantId)).toMatchObject({ prunedRuns: 50, prunedAuditEvents: 2 });
    const [{ runs, oldest, errors }] = await sequelize.query<{ runs: string; oldest: Date; errors: string }>(
      `SELECT count(*) AS runs, min(started_at) AS oldest, (SELECT count(*) FROM sync_run_errors WHERE tenant_id = $1) AS errors FROM sync_runs WHERE tenant_id = $1`,
      { bind: [s.tenantId], type: QueryTypes.SELECT },
    );
    expect([Number(runs), Number(errors)]).toEqual([100, 100]);
    expect(Date.now() - new Date(oldest).getTime()).toBeLessThan(100 * DAY);
    expect((await AuditEvent.findAll({ where: { tenantId: s.tenantId, action: 'test.event' } })).length).toBe(2);
  });
});

describe('uninstalled sites', () => {
  const rowsOf = async (tenantId: string) => {
    const sequelize = app.database.sequelize;
    const tables = await sequelize.query<{ name: string }>(
      "SELECT table_name::text AS name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY 1",
      { type: QueryTypes.SELECT },
    );
    expect(tables.length).toBeGreaterThan(10);
    let total = 0;
    for (const { name: table } of tables) {
      const [{ count }] = await sequelize.query<{ count: string }>(`SELECT count(*) AS count FROM "${table}" WHERE tenant_id = $1`, { bind: [tenantId], type: QueryTypes.SELECT });
      total += Number(count);
    }
    return total;
  };

  it('keep everything through the grace period (a re-install finds it), and are deleted completely after it', async () => {
    const s = await connectSite([ADMIN, ZOE]);
    const p = (await s.as(ZOE.accountId).get(`/rest/v1/profiles/${ZOE.accountId}`).expect(200)).body;
    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { values: { position: 'Still here' }, version: p.version }).expect(200);
    expect((await s.host.uninstall(app.url)).status).toBeLessThan(300);
    const held = await rowsOf(s.tenantId);
    expect(held).toBeGreaterThan(5);
    await app.privacy.runOnce(new Date(Date.now() + 29 * DAY));
    expect(await rowsOf(s.tenantId)).toBe(held);
    // Re-installed within the grace period: everything is there.
    expect((await s.host.install(app.url)).status).toBeLessThan(300);
    expect((await s.as(ZOE.accountId).get(`/rest/v1/profiles/${ZOE.accountId}`).expect(200)).body.categories.flatMap((c: { fields: Array<{ value: unknown }> }) => c.fields.map((f) => f.value))).toContain('Still here');
    await app.privacy.runOnce(new Date(Date.now() + 31 * DAY));
    expect(await Tenant.count({ where: { id: s.tenantId } })).toBe(1);
    // Uninstalled again, and 31 days pass: nothing of the site is left.
    await s.host.uninstall(app.url);
    const round = await app.privacy.runOnce(new Date(Date.now() + 31 * DAY));
    expect(round.purgedTenants).toContain(s.tenantId);
    expect(await Tenant.count({ where: { id: s.tenantId } })).toBe(0);
    expect(await rowsOf(s.tenantId)).toBe(0);
  });
});
