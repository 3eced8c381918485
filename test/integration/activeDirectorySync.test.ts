import { Profile } from '../../src/db/models';
import { AD_USER_FILTER, AdFixture } from '../support/adFixtures';
import { useTestApp, type TestApp } from '../support/app';
import type { FixtureUser } from '../support/confluenceHost';
import { ADMIN, installSite, type Site } from '../support/sites';

/**
 * The bar of issue #20: a full and an incremental sync of 1,000 Active Directory users (the Samba
 * DC of the globalSetup), over LDAPS, with the Active Directory preset's settings.
 */

let app: TestApp;
const sites: Site[] = [];

useTestApp({ sites }, (started) => (app = started));

const COUNT = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Active Directory: 1,000 users', () => {
  it('a full sync reads all of them, and an incremental one only those changed since: on whenChanged with the mark\'s second again, on uSNChanged exactly', async () => {
    const users: FixtureUser[] = Array.from({ length: COUNT }, (_, i) => ({ accountId: `acc-${i}`, displayName: `Person ${i}`, email: `p${i}@example.com`, groups: ['confluence-users'] }));
    const site = await installSite(app, [ADMIN, ...users]);
    sites.push(site);
    const ad = await new AdFixture().create();
    const person = (i: number) => {
      // A tenth of them disabled: the preset's filter leaves them out.
      const disabled = i >= COUNT;
      return { sam: `p${i}`, cn: `Person ${i}`, sn: `${i}`, mail: disabled ? `gone${i}@example.com` : `p${i}@example.com`, title: 'Engineer', department: `D${i % 7}`, disabled };
    };
    const createdAt = Date.now();
    const first = await ad.add(person(0));
    const dns = [first, ...(await ad.bulkAdd(Array.from({ length: COUNT + COUNT / 10 - 1 }, (_, k) => ({ ...person(k + 1), manager: k + 1 < COUNT ? first : undefined }))))];
    console.log(`${dns.length} AD users added in ${((Date.now() - createdAt) / 1000).toFixed(1)} s`);

    const admin = site.as(ADMIN.accountId);
    const created = await admin
      .post('/rest/v1/sources', {
        kind: 'ldap',
        name: 'Corp AD',
        settings: ad.settings('reader', 'upn', { pageSize: 200 }),
        bindPassword: ad.account('reader').password,
        incremental: { enabled: true, timestampAttribute: 'whenChanged', timestampPattern: 'yyyyMMddHHmmss.Z', overlapMinutes: 0 },
      })
      .expect(201);
    const sourceId = created.body.id;
    await admin.put(`/rest/v1/sources/${sourceId}/mappings`, { mappings: [{ fieldKey: 'position', attribute: 'title' }, { fieldKey: 'department', attribute: 'department' }] }).expect(200);
    const run = async (mode: 'full' | 'incremental') => {
      const started = await admin.post(`/rest/v1/sources/${sourceId}/sync`, { mode }).expect(202);
      await app.sync.waitFor(started.body.runId);
      return (await admin.get(`/rest/v1/sync-runs/${started.body.runId}`).expect(200)).body;
    };

    // whenChanged has whole seconds and ldbadd writes a few hundred a second: one later write makes
    // the mark a second of its own, and the changes come a second after it.
    await sleep(1100);
    await ad.modify(dns[0], { description: 'the mark' });
    let t = Date.now();
    const full = await run('full');
    console.log(`full sync of ${COUNT} AD users: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    expect(full).toMatchObject({ status: 'succeeded', counts: { seen: COUNT, added: COUNT, failed: 0 } });
    await sleep(1100);
    for (const i of [3, 500, 999]) await ad.modify(dns[i], { title: 'Lead' });

    t = Date.now();
    const incremental = await run('incremental');
    console.log(`incremental sync: ${((Date.now() - t) / 1000).toFixed(1)} s, ${incremental.counts.seen} entries read`);
    expect(incremental).toMatchObject({ mode: 'incremental', status: 'succeeded', counts: { updated: 3, failed: 0, removed: 0 } });
    // The granularity trap: whenChanged has whole seconds, so the run reads the 3 and every entry
    // written in the mark's own second again (unchanged), never fewer. uSNChanged has no such second.
    const since = await ad.withAdmin(async (c) => (await c.search(ad.baseDn, { filter: `(&${AD_USER_FILTER}(whenChanged>=${incremental.watermarks.mark}))`, attributes: ['dn'] })).searchEntries.length);
    expect(incremental.counts.seen).toBe(since);
    expect(incremental.counts.seen).toBe(4);
    const profiles = await Profile.findAll({ where: { tenantId: site.tenantId } });
    expect(profiles.filter((p) => p.values.position === 'Lead').map((p) => p.accountId).sort()).toEqual(['acc-3', 'acc-500', 'acc-999']);
    expect(profiles.filter((p) => p.values.position === 'Engineer')).toHaveLength(COUNT - 3);

    // On uSNChanged the same change is read alone: no second to share.
    const source = (await admin.get(`/rest/v1/sources/${sourceId}`).expect(200)).body;
    await admin.patch(`/rest/v1/sources/${sourceId}`, { incremental: { enabled: true, lastSyncDate: source.incremental.lastSyncDate, timestampAttribute: 'uSNChanged', timestampPattern: 'yyyyMMddHHmmss.Z', overlapMinutes: 0, schedule: source.incremental.schedule } }).expect(200);
    expect((await run('full')).counts).toMatchObject({ seen: COUNT, unchanged: COUNT });
    await ad.modify(dns[42], { title: 'Lead' });
    t = Date.now();
    const byUsn = await run('incremental');
    console.log(`incremental sync on uSNChanged: ${((Date.now() - t) / 1000).toFixed(1)} s, ${byUsn.counts.seen} entries read`);
    expect(byUsn).toMatchObject({ mode: 'incremental', status: 'succeeded', counts: { seen: 1, updated: 1 } });
    expect(byUsn.watermarks.filter).toMatch(/^\(uSNChanged>=\d+\)$/);
  }, 240_000);
});
