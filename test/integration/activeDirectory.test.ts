import sharp from 'sharp';
import { DataSource, DirectoryEntry, Profile } from '../../src/db/models';
import { normalizeDn, parseLdapConnectionSettings, readEntry, sameDn, withLdapSession } from '../../src/directory/ldap';
import { OutboundGuard } from '../../src/net/outbound';
import { AD_USER_FILTER, AdFixture } from '../support/adFixtures';
import { useTestApp, type TestApp } from '../support/app';
import type { FixtureUser } from '../support/confluenceHost';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

/**
 * Rollcall against a real Active Directory: the Samba AD DC the globalSetup provisions
 * (test/support/samba.ts), over LDAPS with the DC's CA, as a read-only and a delegated service
 * account (issue #20).
 */

let app: TestApp;
const sites: Site[] = [];

useTestApp({ sites }, (started) => (app = started));

const ZOE: FixtureUser = { accountId: 'acc-zoe', displayName: 'Zoe Astrom', email: 'zoe@example.com', groups: ['confluence-users'] };
const MAX: FixtureUser = { accountId: 'acc-max', displayName: 'Max Boss', email: 'max@example.com', groups: ['confluence-users'] };
const JANE: FixtureUser = { accountId: 'acc-jane', displayName: 'Jane Doe', email: 'jane@example.com', groups: ['confluence-users'] };
const DORA: FixtureUser = { accountId: 'acc-dora', displayName: 'Dora Disabled', email: 'dora@example.com', groups: ['confluence-users'] };

async function photo(colour: string): Promise<Buffer> {
  return sharp({ create: { width: 96, height: 96, channels: 3, background: colour } }).jpeg().toBuffer();
}

interface World {
  site: Site;
  ad: AdFixture;
  sourceId: string;
  dns: Record<string, string>;
  admin: ReturnType<Site['as']>;
}

/** A site, a small company in its own OU of the DC, and an LDAPS source over it with the AD preset's settings. */
async function world(options: { as?: 'reader' | 'writer'; settings?: Record<string, unknown>; incremental?: Record<string, unknown> } = {}): Promise<World> {
  const site = await installSite(app, [ADMIN, USER, ZOE, MAX, JANE, DORA]);
  sites.push(site);
  const ad = await new AdFixture().create();
  const dns: Record<string, string> = {};
  dns.max = await ad.add({ sam: 'max', cn: 'Max Boss', givenName: 'Max', sn: 'Boss', mail: 'max@example.com', title: 'CEO', department: 'Board' });
  dns.zoe = await ad.add({
    sam: 'zoe',
    cn: 'Zoe Astrom',
    givenName: 'Zoe',
    sn: 'Astrom',
    mail: 'zoe@example.com',
    title: 'Directory engineer',
    department: 'Platform',
    telephoneNumber: '+41 44 000 11 22',
    manager: dns.max,
    thumbnailPhoto: await photo('#c00'),
  });
  // A DN with an escaped comma, in a sub-OU.
  const sales = await ad.addOu('sales');
  dns.jane = await ad.add({ sam: 'jane', cn: 'Doe, Jane', sn: 'Doe', mail: 'JANE@example.com', title: 'Analyst', manager: dns.zoe }, sales);
  dns.dora = await ad.add({ sam: 'dora', cn: 'Dora Disabled', sn: 'Disabled', mail: 'dora@example.com', title: 'Left', disabled: true });
  dns.group = await ad.addGroup('engineers', [dns.zoe, dns.jane]);

  const admin = site.as(ADMIN.accountId);
  const team = (await admin.post('/rest/v1/categories', { name: 'Team' }).expect(201)).body.id;
  await admin.post('/rest/v1/fields', { label: 'Manager', type: 'user', categoryId: team }).expect(201);
  const created = await admin
    .post('/rest/v1/sources', {
      kind: 'ldap',
      name: 'Corp AD',
      settings: ad.settings(options.as ?? 'reader', 'upn', { pictureAttribute: 'thumbnailPhoto', pageSize: 2, ...options.settings }),
      bindPassword: ad.account(options.as ?? 'reader').password,
      incremental: { timestampAttribute: 'whenChanged', timestampPattern: 'yyyyMMddHHmmss.Z', ...options.incremental },
    })
    .expect(201);
  await admin
    .put(`/rest/v1/sources/${created.body.id}/mappings`, {
      mappings: [
        { fieldKey: 'position', attribute: 'title' },
        { fieldKey: 'department', attribute: 'department' },
        { fieldKey: 'phone', attribute: 'telephoneNumber', writeBack: true },
        { fieldKey: 'manager', attribute: 'manager' },
      ],
    })
    .expect(200);
  return { site, ad, sourceId: created.body.id, dns, admin };
}

async function run(w: World, mode: 'full' | 'incremental' = 'full') {
  const started = await w.admin.post(`/rest/v1/sources/${w.sourceId}/sync`, { mode }).expect(202);
  await app.sync.waitFor(started.body.runId);
  return (await w.admin.get(`/rest/v1/sync-runs/${started.body.runId}`).expect(200)).body;
}

async function profiles(w: World): Promise<Map<string, Profile>> {
  return new Map((await Profile.findAll({ where: { tenantId: w.site.tenantId } })).map((p) => [p.accountId, p]));
}

const connectionTest = async (w: World) => (await w.admin.post(`/rest/v1/sources/${w.sourceId}/test`).expect(200)).body;

describe('Active Directory: connecting', () => {
  it('connects over LDAPS with the DC\'s CA certificate, knows it is Active Directory, and counts the enabled people', async () => {
    const w = await world();
    const test = await connectionTest(w);
    expect(test).toMatchObject({ ok: true, idAttribute: 'objectGUID', count: 3, rootDse: { isActiveDirectory: true, pagedResults: true } });
    expect(test.rootDse.namingContexts).toContain(w.ad.ad.baseDn);
  });

  it('without the CA certificate fails at the connect step and asks for the certificate', async () => {
    const w = await world({ settings: { caCertificate: '' } });
    const test = await connectionTest(w);
    expect(test.ok).toBe(false);
    expect(test.steps.at(-1)).toMatchObject({ step: 'connect', ok: false });
    expect(test.error.step).toBe('connect');
    expect(test.error.message).toMatch(/certificate/i);
    expect(test.error.usualCauses.join(' ')).toMatch(/CA certificate/);
  });

  it.each(['upn', 'downLevel', 'dn'] as const)('binds as the service account given as %s', async (form) => {
    const w = await world();
    await w.admin.patch(`/rest/v1/sources/${w.sourceId}`, { settings: w.ad.settings('reader', form), bindPassword: w.ad.account('reader').password }).expect(200);
    const test = await connectionTest(w);
    expect(test).toMatchObject({ ok: true, count: 3 });
    expect(test.steps[0].detail).toContain(`bound as ${w.ad.account('reader')[form]}`);
  });

  it('upgrades ldap:// with StartTLS, trusting the same CA', async () => {
    const w = await world();
    await w.admin.patch(`/rest/v1/sources/${w.sourceId}`, { settings: w.ad.settings('reader', 'upn', { url: w.ad.ad.plainUrl, startTls: true }), bindPassword: w.ad.account('reader').password }).expect(200);
    const test = await connectionTest(w);
    expect(test).toMatchObject({ ok: true, count: 3, warnings: [] });
    expect(test.steps[0].detail).toContain('with StartTLS');
  });

  it('a wrong password names invalidCredentials at the bind step', async () => {
    const w = await world();
    await w.admin.patch(`/rest/v1/sources/${w.sourceId}`, { bindPassword: 'not-the-password' }).expect(200);
    const test = await connectionTest(w);
    expect(test.ok).toBe(false);
    expect(test.error.message).toMatch(/invalidCredentials \(49\)/);
  });

  it('a simple bind over plain ldap:// is refused by the DC, and the message says to use LDAPS', async () => {
    const w = await world();
    await w.admin.patch(`/rest/v1/sources/${w.sourceId}`, { settings: w.ad.settings('reader', 'upn', { url: w.ad.ad.plainUrl, caCertificate: '' }), bindPassword: w.ad.account('reader').password }).expect(200);
    const test = await connectionTest(w);
    expect(test.ok).toBe(false);
    expect(test.error.message).toMatch(/strongerAuthRequired \(8\)/);
    expect(test.error.usualCauses.join(' ')).toMatch(/ldaps:\/\/|StartTLS/);
  });
});

describe('Active Directory: a full sync', () => {
  it('reads the enabled people by objectGUID, matches on mail, follows the manager chain and stores thumbnailPhoto', async () => {
    const w = await world();
    const result = await run(w);
    expect(result).toMatchObject({ status: 'succeeded', counts: { seen: 3, failed: 0 } });
    const byAccount = await profiles(w);
    expect(byAccount.get(ZOE.accountId)!.values).toMatchObject({ position: 'Directory engineer', department: 'Platform', phone: '+41 44 000 11 22', manager: MAX.accountId });
    expect(byAccount.get(JANE.accountId)!.values).toMatchObject({ position: 'Analyst', manager: ZOE.accountId });
    expect(byAccount.get(MAX.accountId)!.values).toMatchObject({ position: 'CEO' });
    // The disabled account is left out by the default filter.
    expect(byAccount.get(DORA.accountId)?.values.position).toBeUndefined();

    const entries = await DirectoryEntry.findAll({ where: { tenantId: w.site.tenantId, sourceId: w.sourceId } });
    const zoe = entries.find((e) => e.accountId === ZOE.accountId)!;
    expect(zoe.externalId).toBe(await w.ad.guidOf(w.dns.zoe));
    expect(zoe.pictureHash).toBeTruthy();
    const picture = await w.site.as(USER.accountId).get(`/rest/v1/profiles/${ZOE.accountId}/picture?size=48`).buffer(true).expect(200);
    expect(picture.headers['content-type']).toMatch(/^image\//);
  });

  it('keeps the profile linked when an entry is renamed and moved to another OU (objectGUID, not the DN)', async () => {
    const w = await world();
    await run(w);
    const before = await DirectoryEntry.findOne({ where: { tenantId: w.site.tenantId, sourceId: w.sourceId, accountId: ZOE.accountId } });
    const moved = await w.ad.move(w.dns.zoe, 'CN=Zoe Astrom-Berg', await w.ad.addOu('platform'));
    await w.ad.modify(moved, { title: 'Principal engineer' });
    const second = await run(w);
    expect(second.counts).toMatchObject({ seen: 3, added: 0, removed: 0, failed: 0 });
    const after = await DirectoryEntry.findOne({ where: { tenantId: w.site.tenantId, sourceId: w.sourceId, accountId: ZOE.accountId } });
    expect(after!.id).toBe(before!.id);
    expect(after!.externalId).toBe(before!.externalId);
    expect(sameDn(after!.dn, moved)).toBe(true);
    expect((await profiles(w)).get(ZOE.accountId)!.values.position).toBe('Principal engineer');
    // Jane's manager value follows the manager's new DN.
    expect((await profiles(w)).get(JANE.accountId)!.values.manager).toBe(ZOE.accountId);
  });

  it('drops a person whose account is disabled, and brings them back when it is enabled again', async () => {
    const w = await world({ settings: { goneThresholdPercent: 100 } });
    await run(w);
    await w.ad.setDisabled(w.dns.jane, true);
    const second = await run(w);
    expect(second.counts).toMatchObject({ seen: 2, removed: 1 });
    await w.ad.setDisabled(w.dns.jane, false);
    const third = await run(w);
    expect(third.counts).toMatchObject({ seen: 3 });
    expect((await profiles(w)).get(JANE.accountId)!.values.position).toBe('Analyst');
  });

  it('matches Confluence accounts on userPrincipalName when the source says so', async () => {
    const w = await world({ settings: { accountMatch: { kind: 'email', attribute: 'userPrincipalName' } } });
    // The UPN is the sign-in name; here Max's UPN is his email, the others' are not.
    await w.ad.modify(w.dns.max, { userPrincipalName: 'max@example.com', mail: 'boss@elsewhere.example' });
    const result = await run(w);
    expect(result.counts).toMatchObject({ seen: 3 });
    const byAccount = await profiles(w);
    expect(byAccount.get(MAX.accountId)!.values.position).toBe('CEO');
    expect(byAccount.get(ZOE.accountId)?.values.position).toBeUndefined();
  });

  it('searches from the domain\'s root and ignores the referrals AD returns for the other partitions', async () => {
    const w = await world();
    // The whole domain, narrowed to this test's people (other tests' are in the same domain).
    await w.admin
      .patch(`/rest/v1/sources/${w.sourceId}`, { settings: w.ad.settings('reader', 'upn', { additionalUserDn: '', userFilter: `(&${AD_USER_FILTER}(sAMAccountName=*.${w.ad.tag}))` }), bindPassword: w.ad.account('reader').password })
      .expect(200);
    const test = await connectionTest(w);
    expect(test).toMatchObject({ ok: true, count: 3, searchBase: w.ad.ad.baseDn });
    const result = await run(w);
    expect(result).toMatchObject({ status: 'succeeded', counts: { seen: 3, failed: 0 } });
  });
});

describe('Active Directory: ranged retrieval', () => {
  // AD answers an attribute with more values than MaxValRange (1500) as member;range=0-1499 and
  // the client asks for the rest. Samba does not impose the limit, so the first part is asked for
  // here; the parts after it the reader asks for by itself, as it would after AD's answer.
  it('reads the rest of an attribute answered in part, under the attribute\'s own name', async () => {
    const ad = await new AdFixture().create();
    const members = await ad.bulkAdd(Array.from({ length: 25 }, (_, i) => ({ sam: `m${i}`, sn: `${i}` })));
    const group = await ad.addGroup('big', members);
    const settings = parseLdapConnectionSettings(ad.settings('reader', 'upn'));
    await withLdapSession(settings, ad.account('reader').password, { guard: new OutboundGuard(['127.0.0.0/8']) }, async (session) => {
      const record = await readEntry(session, group, ['member;range=0-9']);
      expect(record!.attributes.member).toHaveLength(25);
      expect(new Set(record!.attributes.member.map((dn) => normalizeDn(dn)))).toEqual(new Set(members.map((dn) => normalizeDn(dn))));
      expect(Object.keys(record!.attributes).filter((k) => k.includes('range'))).toEqual([]);
    });
  });
});

describe('Active Directory: incremental sync on whenChanged', () => {
  it('reads only the entries changed since the mark', async () => {
    const w = await world({ incremental: { enabled: true, overlapMinutes: 0 } });
    const full = await run(w);
    expect(full.counts).toMatchObject({ seen: 3 });
    await new Promise((r) => setTimeout(r, 1100)); // whenChanged has one-second resolution
    await w.ad.modify(w.dns.jane, { title: 'Senior analyst' });
    const incremental = await run(w, 'incremental');
    expect(incremental).toMatchObject({ mode: 'incremental', status: 'succeeded', counts: { updated: 1, failed: 0 } });
    expect(incremental.watermarks.mark).toMatch(/^\d{14}\.0Z$/);
    expect((await profiles(w)).get(JANE.accountId)!.values.position).toBe('Senior analyst');
  });

  it('on uSNChanged reads exactly the entries changed since, with no whole-second re-read', async () => {
    const w = await world({ incremental: { enabled: true, timestampAttribute: 'uSNChanged', overlapMinutes: 0 } });
    await run(w);
    // No wait: a USN has no seconds to share.
    await w.ad.modify(w.dns.jane, { title: 'Senior analyst' });
    const incremental = await run(w, 'incremental');
    expect(incremental).toMatchObject({ mode: 'incremental', status: 'succeeded', counts: { seen: 1, updated: 1, failed: 0 } });
    expect(incremental.watermarks.filter).toMatch(/^\(uSNChanged>=\d+\)$/);
    expect((await profiles(w)).get(JANE.accountId)!.values.position).toBe('Senior analyst');
    // Nothing changed since: nothing read.
    expect((await run(w, 'incremental')).counts).toMatchObject({ seen: 0, updated: 0 });
    const test = await connectionTest(w);
    expect(test).toMatchObject({ ok: true });
    expect(test.incremental.filter).toMatch(/\(uSNChanged>=\d+\)\)$/);
  });

  it('on uSNChanged falls back to whenChanged when another DC answers (USNs are per DC)', async () => {
    const w = await world({ incremental: { enabled: true, timestampAttribute: 'uSNChanged', overlapMinutes: 5 } });
    await run(w);
    const stored = (await DataSource.findByPk(w.sourceId))!;
    const state = stored.incremental as { usn: { server: string; highest: string } };
    expect(state.usn.server).toMatch(/^CN=NTDS Settings,CN=DC1,/i);
    await stored.update({ incremental: { ...stored.incremental, usn: { ...state.usn, server: 'CN=NTDS Settings,CN=DC2,CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=corp,DC=rollcall,DC=test' } } });
    const incremental = await run(w, 'incremental');
    expect(incremental.watermarks.filter).toMatch(/^\(whenChanged>=\d{14}\.0Z\)$/);
    // Within the 5-minute overlap: all three again, unchanged.
    expect(incremental.counts).toMatchObject({ seen: 3, updated: 0, failed: 0 });
    // And the mark is this DC's again.
    expect(((await DataSource.findByPk(w.sourceId))!.incremental as { usn: { server: string } }).usn.server).toMatch(/CN=DC1,/i);
  });

  it('the connection test checks the pattern against whenChanged and shows the filter', async () => {
    const w = await world({ incremental: { enabled: true } });
    await run(w);
    const test = await connectionTest(w);
    expect(test.ok).toBe(true);
    expect(test.incremental.filter).toMatch(/^\(&\(&\(objectCategory=person\).*\(whenChanged>=\d{14}\.0Z\)\)$/);
  });
});

describe('Active Directory: write-back', () => {
  it('writes a telephoneNumber edit through the delegated account', async () => {
    const w = await world({ as: 'writer' });
    await w.admin.patch(`/rest/v1/sources/${w.sourceId}`, { writeBack: true }).expect(200);
    await run(w);
    const zoe = w.site.as(ZOE.accountId);
    const form = (await zoe.get(`/rest/v1/profiles/${ZOE.accountId}?for=edit`).expect(200)).body;
    await zoe.put(`/rest/v1/profiles/${ZOE.accountId}`, { version: form.version, values: { phone: '+41 44 999 99 99' }, ldapValues: form.ldapValues }).expect(200);
    expect((await w.ad.read(w.dns.zoe, ['telephoneNumber'])).telephoneNumber).toBe('+41 44 999 99 99');
    const again = await run(w);
    expect(again.counts).toMatchObject({ unchanged: 3, updated: 0 });
  });

  it('the write-access test passes for the delegated attribute and names insufficientAccessRights for others and for the reader', async () => {
    const writer = await world({ as: 'writer' });
    await run(writer);
    const test = (w: World, attribute: string) => w.admin.post(`/rest/v1/sources/${w.sourceId}/test`, { accountId: ZOE.accountId, attribute }).expect(200);
    expect((await test(writer, 'telephoneNumber')).body).toMatchObject({ ok: true, attribute: 'telephoneNumber' });
    const title = (await test(writer, 'title')).body;
    expect(title).toMatchObject({ ok: false, error: { resultCode: 50, resultName: 'insufficientAccessRights' } });
    expect(title.message).toMatch(/insufficientAccessRights/);

    const reader = await world({ as: 'reader' });
    await run(reader);
    const refused = (await test(reader, 'telephoneNumber')).body;
    expect(refused).toMatchObject({ ok: false, error: { resultCode: 50, resultName: 'insufficientAccessRights' } });
    expect(refused.message).toMatch(/insufficientAccessRights/);
    expect(refused.error.usualCauses.join(' ')).toMatch(/delegated permissions/);
  });

  it('writes an uploaded picture back to thumbnailPhoto, within 100 KB', async () => {
    const w = await world({ as: 'writer', settings: { pictureWriteBack: true } });
    await w.admin.patch(`/rest/v1/sources/${w.sourceId}`, { writeBack: true }).expect(200);
    await run(w);
    // A large noisy PNG: its JPEG at full quality would pass 100 KB.
    const raw = Buffer.alloc(900 * 900 * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 7919) % 251;
    const upload = await sharp(raw, { raw: { width: 900, height: 900, channels: 3 } }).png().toBuffer();
    await w.site.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}/picture`).set('Content-Type', 'image/png').send(upload).expect(204);
    const written = (await w.ad.read(w.dns.zoe, ['thumbnailPhoto'])).thumbnailPhoto as Buffer;
    expect(Buffer.isBuffer(written)).toBe(true);
    expect(written.length).toBeLessThanOrEqual(100 * 1024);
    expect((await sharp(written).metadata()).format).toBe('jpeg');
  });
});
