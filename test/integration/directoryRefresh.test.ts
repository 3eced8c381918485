import { Client } from 'ldapts';
import { AuditEvent, Profile } from '../../src/db/models';
import { useTestApp, type TestApp } from '../support/app';
import type { FixtureUser } from '../support/confluenceHost';
import { LdapFixture } from '../support/ldapFixtures';
import { ADMIN, installSite, type Site } from '../support/sites';

/**
 * Issue #14, item 1: the edit form shows the directory's values changed since the last sync, and
 * Save stores them (re-read by the server, never taken from the form), without writing them back.
 */

let app: TestApp;
const sites: Site[] = [];

useTestApp({ sites }, (started) => (app = started));

const ZOE: FixtureUser = { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe@example.com', groups: ['confluence-users'] };
const HR: FixtureUser = { accountId: 'hr-1', displayName: 'Hanna HR', email: 'hanna@example.com', groups: ['confluence-users', 'hr-team'] };

interface FieldBody {
  key: string;
  value: unknown;
  editable: boolean;
  refreshed?: { previous: unknown; sourceName: string | null };
}

/**
 * A site whose LDAP source fills Phone (with write-back), Position (read-only) and, in a category
 * restricted to hr-team (Zoë is not in it), Salary band. The source binds as `bind`: as `reader`,
 * any attempt to write the directory fails (ldap_refused), so a save that succeeds wrote nothing.
 */
async function world(bind: 'reader' | 'writer') {
  const s = await installSite(app, [ADMIN, ZOE, HR]);
  sites.push(s);
  const ldap = await new LdapFixture().create();
  const dn = await ldap.add({ uid: 'zoe', cn: 'Zoe Astrom', sn: 'Astrom', mail: 'zoe@example.com', title: 'Engineer', telephoneNumber: '+41 44 000 00 01', departmentNumber: 'Band B' });
  const admin = s.as(ADMIN.accountId);
  const hr = s.host.groups.find((g) => g.name === 'hr-team')!;
  const restricted = (await admin.post('/rest/v1/categories', { name: 'Private', restrictedToGroups: [{ id: hr.id, name: hr.name }] }).expect(201)).body.id;
  const salary = (await admin.post('/rest/v1/fields', { label: 'Salary band', type: 'text', categoryId: restricted }).expect(201)).body.key as string;
  const source = (await admin.post('/rest/v1/sources', ldap.sourceBody(bind)).expect(201)).body;
  await admin
    .put(`/rest/v1/sources/${source.id}/mappings`, {
      mappings: [
        { fieldKey: 'phone', attribute: 'telephoneNumber', writeBack: true },
        { fieldKey: 'position', attribute: 'title' },
        { fieldKey: salary, attribute: 'departmentNumber' },
      ],
    })
    .expect(200);
  await admin.patch(`/rest/v1/sources/${source.id}`, { writeBack: true }).expect(200);
  const sync = async () => {
    const started = await admin.post(`/rest/v1/sources/${source.id}/sync`, {}).expect(202);
    await app.sync.waitFor(started.body.runId);
  };
  await sync();
  const stored = async () => (await Profile.findOne({ where: { tenantId: s.tenantId, accountId: ZOE.accountId } }))!;
  const openForm = async () => {
    const body = (await s.as(ZOE.accountId).get(`/rest/v1/profiles/${ZOE.accountId}?for=edit`).expect(200)).body;
    const fields = new Map<string, FieldBody>(body.categories.flatMap((c: { fields: FieldBody[] }) => c.fields).map((f: FieldBody) => [f.key, f]));
    return { body, fields };
  };
  const save = (body: object) => s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, body);
  const readLdap = async (attribute: string) => {
    const client = new Client({ url: ldap.ldap.url });
    await client.bind(ldap.ldap.admin.dn, ldap.ldap.admin.password);
    const { searchEntries } = await client.search(dn, { scope: 'base', attributes: [attribute, 'modifyTimestamp'] });
    await client.unbind();
    return searchEntries[0][attribute];
  };
  return { s, ldap, dn, source, salary, sync, stored, openForm, save, readLdap };
}

describe('directory values changed since the last sync', () => {
  it('are shown in the edit form and stored when the person saves another field, with the directory as their source', async () => {
    const w = await world('reader');
    expect((await w.stored()).values).toMatchObject({ phone: '+41 44 000 00 01', position: 'Engineer', [w.salary]: 'Band B' });
    await w.ldap.modify(w.dn, { title: 'Staff engineer', telephoneNumber: '+41 44 555 55 55', departmentNumber: 'Band C' });

    const { body, fields } = await w.openForm();
    expect(fields.get('position')).toMatchObject({ value: 'Staff engineer', editable: false, refreshed: { previous: 'Engineer', sourceName: 'Corp LDAP' } });
    expect(fields.get('phone')).toMatchObject({ value: '+41 44 555 55 55', editable: true, refreshed: { previous: '+41 44 000 00 01', sourceName: 'Corp LDAP' } });
    expect(fields.get('im')!.refreshed).toBeUndefined();
    expect(fields.has(w.salary)).toBe(false); // restricted: not Zoë's to see
    expect(body.ldapValues).toEqual({ phone: '+41 44 555 55 55' });

    // She changes only her IM. The source's bind user may not write: a write-back would fail the save.
    const saved = await w.save({ version: body.version, values: { im: 'zoe' }, ldapValues: body.ldapValues }).expect(200);
    expect(saved.body.version).toBe(body.version + 1);
    const stored = await w.stored();
    expect(stored.values).toMatchObject({ im: 'zoe', position: 'Staff engineer', phone: '+41 44 555 55 55' });
    expect(stored.valueSources).toMatchObject({ im: 'user', position: `ldap:${w.source.id}`, phone: `ldap:${w.source.id}` });
    // The restricted category stays as the sync left it: her save does not reach what she cannot see.
    expect(stored.values[w.salary]).toBe('Band B');

    const audit = await AuditEvent.findOne({ where: { tenantId: w.s.tenantId, action: 'profile.edited', subjectId: ZOE.accountId }, order: [['id', 'DESC']] });
    expect(audit).toMatchObject({ actorAccountId: ZOE.accountId });
    expect(audit!.details).toEqual({
      fields: {
        im: { before: null, after: 'zoe', source: 'user' },
        position: { before: 'Engineer', after: 'Staff engineer', source: `ldap:${w.source.id}` },
        phone: { before: '+41 44 000 00 01', after: '+41 44 555 55 55', source: `ldap:${w.source.id}` },
      },
    });

    // The form no longer reports them, and the next sync finds the profile as it is (no new version).
    const again = await w.openForm();
    expect(again.fields.get('position')!.refreshed).toBeUndefined();
    expect(again.fields.get('phone')!.refreshed).toBeUndefined();
    await w.sync();
    const afterSync = await w.stored();
    expect(afterSync.values[w.salary]).toBe('Band C');
    expect(afterSync.values).toMatchObject({ position: 'Staff engineer', phone: '+41 44 555 55 55' });
  });

  it('are stored by a Save with no change of the person\'s own, without a false stale version', async () => {
    const w = await world('reader');
    await w.ldap.modify(w.dn, { title: 'Staff engineer' });
    const { body } = await w.openForm();
    const saved = await w.save({ version: body.version, values: {}, ldapValues: body.ldapValues }).expect(200);
    expect(saved.body.version).toBe(body.version + 1);
    expect((await w.stored()).values.position).toBe('Staff engineer');
    // The answer's version is the one to save against next.
    await w.save({ version: saved.body.version, values: { im: 'zoe' } }).expect(200);

    // A form opened before the directory changed again saves against its version: still no conflict,
    // and the directory's value of the moment is stored.
    const form = await w.openForm();
    await w.ldap.modify(w.dn, { title: 'Principal engineer' });
    await w.save({ version: form.body.version, values: { im: 'zoe2' }, ldapValues: form.body.ldapValues }).expect(200);
    expect((await w.stored()).values).toMatchObject({ im: 'zoe2', position: 'Principal engineer' });
  });

  it('come from the server\'s own read: the form cannot pass a value off as the directory\'s', async () => {
    const w = await world('reader');
    const { body } = await w.openForm();
    // Claimed "directory values" for a read-only field, a write-back field and a restricted one change nothing.
    await w.save({ version: body.version, values: {}, ldapValues: { position: 'CEO', phone: '+1 555 0100', [w.salary]: 'Band Z' } }).expect(200);
    expect((await w.stored()).values).toMatchObject({ position: 'Engineer', phone: '+41 44 000 00 01', [w.salary]: 'Band B' });
    expect((await w.stored()).version).toBe(body.version);
    // A read-only field is still refused as an edit, and a restricted one is not hers to write.
    const readOnly = await w.save({ version: body.version, values: { position: 'CEO' } }).expect(422);
    expect(readOnly.body.details).toEqual([{ path: 'values.position', message: 'Position comes from Corp LDAP: change it there' }]);
    await w.save({ version: body.version, values: { [w.salary]: 'Band Z' } }).expect(422);
  });

  it('give way to the person\'s own edit of a write-back field, which goes to the directory without a false conflict', async () => {
    const w = await world('writer');
    await w.ldap.modify(w.dn, { telephoneNumber: '+41 44 555 55 55', title: 'Staff engineer' });
    const { body } = await w.openForm();
    await w.save({ version: body.version, values: { phone: '+41 44 999 99 99' }, ldapValues: body.ldapValues }).expect(200);
    expect(await w.readLdap('telephoneNumber')).toBe('+41 44 999 99 99');
    expect((await w.stored()).values).toMatchObject({ phone: '+41 44 999 99 99', position: 'Staff engineer' });

    // Changing it back to the value stored before the directory changed is a change too, written back.
    await w.ldap.modify(w.dn, { telephoneNumber: '+41 44 777 77 77' });
    const form = await w.openForm();
    await w.save({ version: form.body.version, values: { phone: '+41 44 999 99 99' }, ldapValues: form.body.ldapValues }).expect(200);
    expect(await w.readLdap('telephoneNumber')).toBe('+41 44 999 99 99');
    expect((await w.stored()).values.phone).toBe('+41 44 999 99 99');
  });

  it('are not taken from a directory of lower priority while the one that filled the field cannot be reached', async () => {
    const w = await world('reader');
    // A second directory, of lower priority, has another title for Zoë: the sync keeps the first's.
    const hr = await new LdapFixture().create();
    await hr.add({ uid: 'zoe', cn: 'Zoe Astrom', sn: 'Astrom', mail: 'zoe@example.com', title: 'Team lead' });
    const admin = w.s.as(ADMIN.accountId);
    const second = (await admin.post('/rest/v1/sources', hr.sourceBody('reader', 'HR LDAP')).expect(201)).body;
    expect(second.priority).toBeGreaterThan(w.source.priority);
    await admin.put(`/rest/v1/sources/${second.id}/mappings`, { mappings: [{ fieldKey: 'position', attribute: 'title' }] }).expect(200);
    const started = await admin.post(`/rest/v1/sources/${second.id}/sync`, {}).expect(202);
    await app.sync.waitFor(started.body.runId);
    expect((await w.stored()).values.position).toBe('Engineer');

    // The first directory goes away (nothing listens on port 1).
    await admin.patch(`/rest/v1/sources/${w.source.id}`, { settings: { ...w.source.settings, url: 'ldap://127.0.0.1:1' } }).expect(200);
    const { body, fields } = await w.openForm();
    expect(fields.get('position')).toMatchObject({ value: 'Engineer' });
    expect(fields.get('position')!.refreshed).toBeUndefined();
    await w.save({ version: body.version, values: { im: 'zoe' }, ldapValues: body.ldapValues }).expect(200);
    const stored = await w.stored();
    expect(stored.values).toMatchObject({ im: 'zoe', position: 'Engineer' });
    expect(stored.valueSources.position).toBe(`ldap:${w.source.id}`);
  });
});
