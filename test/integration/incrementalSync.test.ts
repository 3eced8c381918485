import { DataSource, Profile, SyncRun } from '../../src/db/models';
import { formatDisplayDate } from '../../src/sync/readers/timestamps';
import { useTestApp, type TestApp } from '../support/app';
import type { FixtureUser } from '../support/confluenceHost';
import { LdapFixture } from '../support/ldapFixtures';
import { ADMIN, installSite, type Site } from '../support/sites';

let app: TestApp;
const sites: Site[] = [];

useTestApp({ sites }, (started) => (app = started));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface World {
  site: Site;
  ldap: LdapFixture;
  sourceId: string;
  dns: string[];
  admin: ReturnType<Site['as']>;
}

/** A site with `count` people in Confluence and in a directory subtree, and an LDAP source with incremental sync on. */
async function world(count: number, incremental: Record<string, unknown> = {}, pageSize = 50): Promise<World> {
  const users: FixtureUser[] = Array.from({ length: count }, (_, i) => ({ accountId: `acc-${i}`, displayName: `Person ${i}`, email: `p${i}@example.com`, groups: ['confluence-users'] }));
  const site = await installSite(app, [ADMIN, ...users]);
  sites.push(site);
  const ldap = await new LdapFixture().create();
  const dns: string[] = [];
  for (let i = 0; i < count; i++) {
    dns.push(await ldap.add({ uid: `p${i}`, cn: `Person ${i}`, sn: `${i}`, mail: `p${i}@example.com`, title: 'Engineer', departmentNumber: `D${i % 7}` }));
  }
  const admin = site.as(ADMIN.accountId);
  const created = await admin
    .post('/rest/v1/sources', {
      kind: 'ldap',
      name: 'Incremental LDAP',
      settings: { url: ldap.ldap.url, bindDn: ldap.ldap.reader.dn, baseDn: ldap.ldap.baseDn, additionalUserDn: `ou=${ldap.ou},ou=people`, pageSize },
      bindPassword: ldap.ldap.reader.password,
      incremental: { enabled: true, ...incremental },
    })
    .expect(201);
  await admin.put(`/rest/v1/sources/${created.body.id}/mappings`, { mappings: [{ fieldKey: 'position', attribute: 'title' }] }).expect(200);
  return { site, ldap, sourceId: created.body.id, dns, admin };
}

async function run(w: World, mode: 'full' | 'incremental') {
  const started = await w.admin.post(`/rest/v1/sources/${w.sourceId}/sync`, { mode }).expect(202);
  await app.sync.waitFor(started.body.runId);
  return (await w.admin.get(`/rest/v1/sync-runs/${started.body.runId}`).expect(200)).body;
}

const sourceOf = async (w: World) => (await w.admin.get(`/rest/v1/sources/${w.sourceId}`).expect(200)).body;

async function positions(w: World): Promise<Map<string, unknown>> {
  return new Map((await Profile.findAll({ where: { tenantId: w.site.tenantId } })).map((p) => [p.accountId, p.values.position]));
}

describe('incremental sync', () => {
  it('of 200 entries with 3 modified reads about those 3 and updates them', async () => {
    const w = await world(200, { overlapMinutes: 0 });
    // slapd writes all 200 within a second or so; one later write makes the mark a later second.
    await sleep(1100);
    await w.ldap.modify(w.dns[199], { telephoneNumber: '+41 44 000 00 00' });
    const full = await run(w, 'full');
    expect(full.counts).toMatchObject({ seen: 200, added: 200 });
    expect((await sourceOf(w)).incremental.lastSyncDate).toMatch(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/);
    await sleep(1100); // modifyTimestamp has one-second resolution
    for (const i of [3, 50, 150]) await w.ldap.modify(w.dns[i], { title: 'Lead' });

    const incremental = await run(w, 'incremental');
    expect(incremental).toMatchObject({ mode: 'incremental', status: 'succeeded', counts: { updated: 3, failed: 0, removed: 0 } });
    // The mark's own second is read again (>=): the 3, plus the entry written in that second.
    expect(incremental.counts.seen).toBe(4);
    expect(incremental.watermarks.mark).toMatch(/^\d{14}Z$/);
    const after = await positions(w);
    expect([...after.values()].filter((p) => p === 'Lead')).toHaveLength(3);
    expect(after.get('acc-50')).toBe('Lead');
  }, 60_000);

  it('catches an entry modified inside the overlap window, which a run without overlap misses', async () => {
    const w = await world(5, { overlapMinutes: 0 });
    await run(w, 'full');
    // As if the last run had seen a server clock two minutes ahead of this write.
    const ahead = formatDisplayDate(new Date(Date.now() + 2 * 60_000));
    const source = await sourceOf(w);
    await w.admin.patch(`/rest/v1/sources/${w.sourceId}`, { incremental: { ...pick(source.incremental), lastSyncDate: ahead } }).expect(200);
    await w.ldap.modify(w.dns[1], { title: 'Manager' });

    const noOverlap = await run(w, 'incremental');
    expect(noOverlap.counts).toMatchObject({ seen: 0, updated: 0 });
    await w.admin.patch(`/rest/v1/sources/${w.sourceId}`, { incremental: { ...pick(source.incremental), lastSyncDate: ahead, overlapMinutes: 5 } }).expect(200);
    const withOverlap = await run(w, 'incremental');
    expect(withOverlap.counts).toMatchObject({ updated: 1 });
    expect((await positions(w)).get('acc-1')).toBe('Manager');
  });

  it('catches an entry modified while a run is going, in the next run', async () => {
    const w = await world(240, {}, 3);
    const started = await w.admin.post(`/rest/v1/sources/${w.sourceId}/sync`, { mode: 'full' }).expect(202);
    for (let i = 0; i < 2000; i++) {
      const progress = (await SyncRun.findByPk(started.body.runId))!.progress;
      if ((progress.done ?? 0) >= 30) break;
      await sleep(5);
    }
    await w.ldap.modify(w.dns[0], { title: 'Changed during the run' }); // its page was read already
    await app.sync.waitFor(started.body.runId);
    expect((await positions(w)).get('acc-0')).toBe('Engineer');

    const next = await run(w, 'incremental');
    expect(next.mode).toBe('incremental');
    expect((await positions(w)).get('acc-0')).toBe('Changed during the run');
  }, 60_000);

  it('says clearly when the timestamp pattern does not fit the server, and detects the one that does', async () => {
    const w = await world(2, { timestampPattern: 'yyyyMMddHHmmss.Z' });
    const test = (await w.admin.post(`/rest/v1/sources/${w.sourceId}/test`).expect(200)).body;
    expect(test.ok).toBe(false);
    expect(test.steps.at(-1)).toMatchObject({ step: 'incremental', ok: false });
    expect(test.error.message).toMatch(/^The server writes timestamps like \d{14}Z, but the pattern yyyyMMddHHmmss\.Z writes \d{14}\.0Z: choose yyyyMMddHHmmssZ\.$/);
    expect(test.incremental).toMatchObject({ detectedPattern: 'yyyyMMddHHmmssZ', nextRunIsFull: true, filter: null });

    const source = await sourceOf(w);
    await w.admin.patch(`/rest/v1/sources/${w.sourceId}`, { incremental: { ...pick(source.incremental), timestampPattern: 'yyyyMMddHHmmssZ' } }).expect(200);
    await run(w, 'full');
    const ok = (await w.admin.post(`/rest/v1/sources/${w.sourceId}/test`).expect(200)).body;
    expect(ok.ok).toBe(true);
    expect(ok.incremental.filter).toMatch(/^\(&\(objectClass=inetOrgPerson\)\(modifyTimestamp>=\d{14}Z\)\)$/);
  });

  it('runs a full sync when the "Last LDAP sync date" is empty, and refuses a malformed date', async () => {
    const w = await world(3);
    await run(w, 'full');
    const source = await sourceOf(w);
    const bad = await w.admin.patch(`/rest/v1/sources/${w.sourceId}`, { incremental: { ...pick(source.incremental), lastSyncDate: '2016-05-23 15:00' } }).expect(400);
    expect(bad.body.details).toEqual([{ path: 'incremental.lastSyncDate', message: '"2016-05-23 15:00" is not a date as dd-MM-yyyy HH:mm:ss (UTC), e.g. 23-05-2016 15:00:00' }]);
    await w.admin.patch(`/rest/v1/sources/${w.sourceId}`, { incremental: { ...pick(source.incremental), lastSyncDate: null } }).expect(200);
    const cleared = await run(w, 'incremental');
    expect(cleared).toMatchObject({ mode: 'full', status: 'succeeded', counts: { seen: 3 } });
    expect((await sourceOf(w)).incremental.lastSyncDate).not.toBeNull();
  });

  it('counts an entry with a bad value once when the backfill reads it again', async () => {
    const w = await world(6, { overlapMinutes: 0 });
    await sleep(1100);
    await w.ldap.modify(w.dns[5], { title: 'Engineer' }); // the mark: a second after the others
    await run(w, 'full');
    await w.admin.put(`/rest/v1/sources/${w.sourceId}/mappings`, { mappings: [{ fieldKey: 'position', attribute: 'title' }, { fieldKey: 'phone', attribute: 'telephoneNumber' }] }).expect(200);
    await sleep(1100);
    await w.ldap.modify(w.dns[2], { telephoneNumber: 'call reception' });

    // The first pass reads person 2 (modified since the mark), the backfill everyone, person 2 again.
    const next = await run(w, 'incremental');
    expect(next.counts).toMatchObject({ failed: 1 });
    expect(next.errors).toEqual([expect.objectContaining({ reason: expect.stringMatching(/^Phone: .*must be a phone number/) })]);
  });

  it('fills a field mapped since the last full run for everyone, on the next incremental run', async () => {
    const w = await world(6);
    await run(w, 'full');
    await w.admin
      .put(`/rest/v1/sources/${w.sourceId}/mappings`, { mappings: [{ fieldKey: 'position', attribute: 'title' }, { fieldKey: 'department', attribute: 'departmentNumber' }] })
      .expect(200);
    expect((await sourceOf(w)).incremental.pendingFields).toEqual(['department']);

    const next = await run(w, 'incremental');
    expect(next.counts.updated).toBe(6);
    const profiles = await Profile.findAll({ where: { tenantId: w.site.tenantId } });
    expect(profiles.map((p) => p.values.department).sort()).toEqual(['D0', 'D1', 'D2', 'D3', 'D4', 'D5']);
    expect((await sourceOf(w)).incremental.pendingFields).toEqual([]);
    // And nothing more the time after.
    expect((await run(w, 'incremental')).counts.updated).toBe(0);
  });

  it('leaves the date unchanged after a failed run', async () => {
    const w = await world(2);
    await run(w, 'full');
    const before = (await sourceOf(w)).incremental.lastSyncDate;
    await sleep(1100);
    await w.ldap.modify(w.dns[0], { title: 'Newer' });
    await w.admin.patch(`/rest/v1/sources/${w.sourceId}`, { bindPassword: 'wrong' }).expect(200);
    const failed = await run(w, 'incremental');
    expect(failed.status).toBe('failed');
    expect((await sourceOf(w)).incremental.lastSyncDate).toBe(before);
    const stored = await DataSource.findByPk(w.sourceId);
    expect((stored!.incremental as { lastSyncAt: string }).lastSyncAt).toBeDefined();
  });

  it('is refused when incremental sync is off', async () => {
    const w = await world(1, { enabled: false });
    const res = await w.admin.post(`/rest/v1/sources/${w.sourceId}/sync`, { mode: 'incremental' }).expect(400);
    expect(res.body.message).toMatch(/Incremental synchronisation is off/);
  });
});

/** The writable part of the presented incremental settings. */
function pick(incremental: Record<string, unknown>) {
  const { enabled, lastSyncDate, timestampPattern, timestampAttribute, overlapMinutes, schedule } = incremental;
  return { enabled, lastSyncDate, timestampPattern, timestampAttribute, overlapMinutes, schedule };
}
