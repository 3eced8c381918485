import { Client } from 'ldapts';
import { FieldMapping, Profile } from '../../src/db/models';
import { useTestApp, type TestApp } from '../support/app';
import type { FixtureUser } from '../support/confluenceHost';
import { LdapFixture } from '../support/ldapFixtures';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

/**
 * What identifies a person's directory entry is never written by Rollcall: write-back and the
 * write-access test refuse the account-match, id and RDN attributes, credentials and operational
 * attributes; and two entries matching one account fill neither (issue #13, items 9 and 18).
 */

let app: TestApp;
const sites: Site[] = [];

useTestApp({ sites }, (started) => (app = started));

const ZOE: FixtureUser = { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe@example.com', groups: ['confluence-users'] };
const MAX: FixtureUser = { accountId: 'acc-max', displayName: 'Max Boss', email: 'max@example.com', groups: ['confluence-users'] };

interface World {
  s: Site;
  ldap: LdapFixture;
  sourceId: string;
  zoeDn: string;
  /** An attribute of an entry, as the directory's admin reads it. */
  read(dn: string, attribute: string): Promise<unknown>;
  sync(): Promise<{ counts: Record<string, number>; errors: Array<{ dn: string; reason: string }> }>;
}

/** A site, Zoë and Max in the directory, and a source bound as the writer (or `bind`) with write-back on. */
async function world(options: { rdn?: string; bind?: 'writer' | 'reader' } = {}): Promise<World> {
  const s = await installSite(app, [ADMIN, USER, ZOE, MAX]);
  sites.push(s);
  const ldap = await new LdapFixture().create();
  const zoeDn = await ldap.add({ uid: 'zoe', cn: 'Zoe Astrom', sn: 'Astrom', mail: 'zoe@example.com', title: 'Engineer', telephoneNumber: '+41 44 000 00 01', rdn: options.rdn });
  await ldap.add({ uid: 'max', cn: 'Max Boss', sn: 'Boss', mail: 'max@example.com', title: 'CEO' });
  const admin = s.as(ADMIN.accountId);
  const creds = ldap.ldap[options.bind ?? 'writer'];
  const source = (
    await admin
      .post('/rest/v1/sources', {
        kind: 'ldap',
        name: 'Corp LDAP',
        settings: { url: ldap.ldap.url, bindDn: creds.dn, baseDn: ldap.ldap.baseDn, additionalUserDn: `ou=${ldap.ou},ou=people`, pictureAttribute: 'jpegPhoto' },
        bindPassword: creds.password,
      })
      .expect(201)
  ).body;
  await admin.patch(`/rest/v1/sources/${source.id}`, { writeBack: true }).expect(200);
  const team = (await admin.post('/rest/v1/categories', { name: 'Team' }).expect(201)).body.id;
  for (const label of ['Work email', 'Login', 'Full name', 'Surname', 'Car', 'Room', 'Secret']) await admin.post('/rest/v1/fields', { label, type: 'text', categoryId: team }).expect(201);
  const read = async (dn: string, attribute: string) => {
    const client = new Client({ url: ldap.ldap.url });
    await client.bind(ldap.ldap.admin.dn, ldap.ldap.admin.password);
    try {
      const { searchEntries } = await client.search(dn, { scope: 'base', attributes: [attribute], explicitBufferAttributes: ['jpegPhoto'] });
      return searchEntries[0][attribute];
    } finally {
      await client.unbind();
    }
  };
  const sync = async () => {
    const started = await admin.post(`/rest/v1/sources/${source.id}/sync`, { mode: 'full' }).expect(202);
    await app.sync.waitFor(started.body.runId);
    return (await admin.get(`/rest/v1/sync-runs/${started.body.runId}`).expect(200)).body;
  };
  return { s, ldap, sourceId: source.id, zoeDn, read, sync };
}

describe('write-back mappings', () => {
  it('refuses write-back of the match, id and RDN attributes, credentials and operational attributes, naming each mapping', async () => {
    const w = await world();
    const admin = w.s.as(ADMIN.accountId);
    const mappings = [
      { fieldKey: 'phone', attribute: 'telephoneNumber', writeBack: true },
      { fieldKey: 'work_email', attribute: 'mail', writeBack: true },
      { fieldKey: 'login', attribute: 'uid', writeBack: true },
      { fieldKey: 'full_name', attribute: 'cn', writeBack: true },
      { fieldKey: 'secret', attribute: 'userPassword', writeBack: true },
      { fieldKey: 'room', attribute: 'entryUUID', writeBack: true },
      { fieldKey: 'car', attribute: 'rfc822Mailbox', writeBack: true },
    ];
    const res = await admin.put(`/rest/v1/sources/${w.sourceId}/mappings`, { mappings }).expect(400);
    expect(res.body.error).toBe('write_back_refused');
    expect(res.body.details).toEqual([
      { path: 'mappings.1.writeBack', message: expect.stringMatching(/^"Work email" cannot be written back to mail: mail is how entries find their Confluence account/) },
      { path: 'mappings.2.writeBack', message: expect.stringContaining('uid names the entry in its DN') },
      { path: 'mappings.3.writeBack', message: expect.stringContaining('cn names the entry in its DN') },
      { path: 'mappings.4.writeBack', message: expect.stringContaining('userPassword holds credentials') },
      { path: 'mappings.5.writeBack', message: expect.stringContaining("entryUUID is the entries' stable id") },
      { path: 'mappings.6.writeBack', message: expect.stringContaining('rfc822Mailbox is how entries find their Confluence account') },
    ]);
    expect(await FieldMapping.count({ where: { tenantId: w.s.tenantId, sourceId: w.sourceId } })).toBe(0);

    // Read from the directory, they may be mapped; written back, only the others.
    await admin
      .put(`/rest/v1/sources/${w.sourceId}/mappings`, { mappings: [...mappings.slice(1).map((m) => ({ ...m, writeBack: false })), { fieldKey: 'position', attribute: 'title', writeBack: true }, mappings[0]] })
      .expect(200);
  });

  it("refuses the RDN attribute of the source's entries once it has read them", async () => {
    const w = await world({ rdn: 'sn=Astrom' });
    const admin = w.s.as(ADMIN.accountId);
    const surname = [{ fieldKey: 'surname', attribute: 'sn', writeBack: true }];
    // Before the first sync the source knows no entry named by sn.
    await admin.put(`/rest/v1/sources/${w.sourceId}/mappings`, { mappings: surname }).expect(200);
    await w.sync();
    const res = await admin.put(`/rest/v1/sources/${w.sourceId}/mappings`, { mappings: surname }).expect(400);
    expect(res.body.details).toEqual([{ path: 'mappings.0.writeBack', message: expect.stringContaining('sn names the entry in its DN') }]);
  });
});

describe('write-back of a profile edit', () => {
  it("refuses to write the match attribute through a mapping stored before the rule: nobody re-points their entry at another person's account", async () => {
    const w = await world();
    await w.s.as(ADMIN.accountId).put(`/rest/v1/sources/${w.sourceId}/mappings`, { mappings: [{ fieldKey: 'phone', attribute: 'telephoneNumber', writeBack: true }] }).expect(200);
    // As a mapping saved before the rule was.
    await FieldMapping.create({ tenantId: w.s.tenantId, sourceId: w.sourceId, fieldKey: 'work_email', attribute: 'mail', writeBack: true });
    await w.sync();
    const form = (await w.s.as(ZOE.accountId).get(`/rest/v1/profiles/${ZOE.accountId}?for=edit`).expect(200)).body;
    const res = await w.s
      .as(ZOE.accountId)
      .put(`/rest/v1/profiles/${ZOE.accountId}`, { version: form.version, values: { work_email: 'max@example.com' }, ldapValues: form.ldapValues })
      .expect(422);
    expect(res.body).toMatchObject({ error: 'write_back_refused', details: [{ field: 'work_email', attribute: 'mail' }] });
    expect(res.body.message).toMatch(/^Work email cannot be written back to Corp LDAP: mail is how entries find their Confluence account/);
    expect(await w.read(w.zoeDn, 'mail')).toBe('zoe@example.com');
    expect((await Profile.findOne({ where: { tenantId: w.s.tenantId, accountId: ZOE.accountId } }))!.values.work_email).toBe('zoe@example.com');
  });

  it("checks the RDN of the person's own entry when writing", async () => {
    const w = await world({ rdn: 'sn=Astrom' });
    // Saved before the source had read an entry named by sn.
    await w.s.as(ADMIN.accountId).put(`/rest/v1/sources/${w.sourceId}/mappings`, { mappings: [{ fieldKey: 'surname', attribute: 'sn', writeBack: true }] }).expect(200);
    await w.sync();
    const form = (await w.s.as(ZOE.accountId).get(`/rest/v1/profiles/${ZOE.accountId}?for=edit`).expect(200)).body;
    const res = await w.s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: form.version, values: { surname: 'Boss' }, ldapValues: form.ldapValues }).expect(422);
    expect(res.body.message).toContain('sn names the entry in its DN');
    expect(await w.read(w.zoeDn, 'sn')).toBe('Astrom');
  });
});

describe('two entries matching one account', () => {
  it('are both reported and neither fills the profile, as repeated keys in an XML file', async () => {
    const w = await world();
    await w.s.as(ADMIN.accountId).put(`/rest/v1/sources/${w.sourceId}/mappings`, { mappings: [{ fieldKey: 'position', attribute: 'title' }] }).expect(200);
    const impostor = await w.ldap.add({ uid: 'imp', cn: 'Imp Ostor', sn: 'Ostor', mail: 'ZOE@example.com', title: 'Impostor' });
    const run = await w.sync();
    expect(run.counts).toMatchObject({ seen: 3, added: 1, failed: 2 });
    const reasons = run.errors.map((e) => [e.dn.toLowerCase(), e.reason]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        [w.zoeDn.toLowerCase(), expect.stringMatching(new RegExp(`^The match key "zoe@example.com" \\(mail\\) is on more than one entry \\(also ${impostor.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\): all of them were skipped\\.$`, 'i'))],
        [impostor.toLowerCase(), expect.stringContaining('is on more than one entry')],
      ]),
    );
    expect(await Profile.findOne({ where: { tenantId: w.s.tenantId, accountId: ZOE.accountId } })).toBeNull();
    expect((await Profile.findOne({ where: { tenantId: w.s.tenantId, accountId: MAX.accountId } }))!.values.position).toBe('CEO');

    // Mended in the directory: Zoë's own entry fills her profile.
    await w.ldap.modify(impostor, { mail: 'imp@example.com' });
    const mended = await w.sync();
    expect(mended.counts).toMatchObject({ failed: 0 });
    expect((await Profile.findOne({ where: { tenantId: w.s.tenantId, accountId: ZOE.accountId } }))!.values.position).toBe('Engineer');
  });
});

describe('the write-access test', () => {
  const test = (w: World, attribute: string, accountId = ZOE.accountId) => w.s.as(ADMIN.accountId).post(`/rest/v1/sources/${w.sourceId}/test`, { accountId, attribute });

  it('never replaces what the bind user cannot read: a write-only attribute stays as it is', async () => {
    const w = await world();
    await w.s.as(ADMIN.accountId).put(`/rest/v1/sources/${w.sourceId}/mappings`, { mappings: [{ fieldKey: 'car', attribute: 'carLicense', writeBack: true }, { fieldKey: 'room', attribute: 'roomNumber' }] }).expect(200);
    await w.ldap.modify(w.zoeDn, { carLicense: 'ZH 1234' });
    await w.sync();
    const res = await test(w, 'carLicense').expect(400);
    expect(res.body.error).toBe('attribute_not_testable');
    // The DN as the sync stored it (normalised to lower case).
    expect(res.body.message.toLowerCase()).toContain(`the bind user reads no value of carlicense on ${w.zoeDn.toLowerCase()}`);
    expect(await w.read(w.zoeDn, 'carLicense')).toBe('ZH 1234');
    // Empty on the entry: nothing to write back either.
    await test(w, 'roomNumber').expect(400);
  });

  it('refuses sensitive, identifying and unmapped attributes, and the entry stays unchanged', async () => {
    const w = await world();
    const mappings = [
      { fieldKey: 'phone', attribute: 'telephoneNumber', writeBack: true },
      { fieldKey: 'work_email', attribute: 'mail' },
      { fieldKey: 'full_name', attribute: 'cn' },
      { fieldKey: 'secret', attribute: 'userPassword' },
      { fieldKey: 'room', attribute: 'objectClass' },
    ];
    await w.s.as(ADMIN.accountId).put(`/rest/v1/sources/${w.sourceId}/mappings`, { mappings }).expect(200);
    await w.sync();
    const before = await Promise.all(['mail', 'cn', 'objectClass', 'userPassword', 'modifyTimestamp'].map((a) => w.read(w.zoeDn, a)));
    const refused = async (attribute: string, message: string | RegExp) => {
      const res = await test(w, attribute).expect(400);
      expect(res.body).toMatchObject({ error: 'attribute_not_testable', message: typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message) });
    };
    await refused('mail', 'mail is how entries find their Confluence account');
    await refused('cn', 'cn names the entry in its DN');
    await refused('userPassword', 'userPassword holds credentials');
    await refused('objectClass', 'objectClass holds credentials, rights or group membership');
    await refused('memberOf', 'memberOf is not mapped on Corp LDAP');
    await refused('entryUUID', 'entryUUID is not mapped on Corp LDAP');
    expect(await Promise.all(['mail', 'cn', 'objectClass', 'userPassword', 'modifyTimestamp'].map((a) => w.read(w.zoeDn, a)))).toEqual(before);
    // A mapped, readable attribute is tested as before.
    expect((await test(w, 'telephoneNumber').expect(200)).body).toMatchObject({ ok: true });
  });

  it('writes a binary picture attribute back unchanged', async () => {
    const w = await world();
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x80, 0x81, 0xfe, 0xff, 0xd9]);
    await w.ldap.modify(w.zoeDn, { jpegPhoto: photo });
    await w.sync();
    expect((await test(w, 'jpegPhoto').expect(200)).body).toMatchObject({ ok: true });
    expect(await w.read(w.zoeDn, 'jpegPhoto')).toEqual(photo);
  });
});
