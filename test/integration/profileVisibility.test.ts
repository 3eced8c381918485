import { useTestApp, type TestApp } from '../support/app';
import type { FixtureUser } from '../support/confluenceHost';
import { LdapFixture } from '../support/ldapFixtures';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

/**
 * What a profile response may carry beyond what its viewer may see (issue #13, items 3 and 8): the
 * edit form's directory values, and fields hidden from profiles.
 */
let app: TestApp;
const sites: Site[] = [];

useTestApp({ sites }, (started) => (app = started));

const HR: FixtureUser = { accountId: 'hr-1', displayName: 'Hanna HR', email: 'hanna@example.com', groups: ['confluence-users', 'hr-team'] };
const ZOE: FixtureUser = { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe.astrom@example.com', groups: ['confluence-users'] };

async function site(): Promise<Site> {
  const s = await installSite(app, [ADMIN, USER, HR, ZOE]);
  sites.push(s);
  return s;
}

interface FieldView {
  key: string;
  value: unknown;
  options?: unknown[];
}
interface ProfileBody {
  canEdit: boolean;
  categories: Array<{ name: string; fields: FieldView[] }>;
  ldapValues?: Record<string, unknown>;
}
const fieldKeys = (body: ProfileBody) => body.categories.flatMap((c) => c.fields.map((f) => f.key));

/**
 * A site whose LDAP source fills, besides phone (write-back) and position (read-only), a category
 * "Private" restricted to hr-team (salary band with write-back, review notes without) and a
 * field hidden from profiles (cost centre, write-back). Zoë and Hanna have entries.
 */
async function directoryWorld() {
  const s = await site();
  const admin = s.as(ADMIN.accountId);
  const hrGroup = s.host.groups.find((g) => g.name === 'hr-team')!;
  const privateCat = (await admin.post('/rest/v1/categories', { name: 'Private', restrictedToGroups: [{ id: hrGroup.id, name: hrGroup.name }] }).expect(201)).body.id;
  const salary = (await admin.post('/rest/v1/fields', { label: 'Salary band', type: 'text', categoryId: privateCat }).expect(201)).body;
  const review = (await admin.post('/rest/v1/fields', { label: 'Review notes', type: 'text', categoryId: privateCat }).expect(201)).body;
  const team = (await admin.post('/rest/v1/categories', { name: 'Team' }).expect(201)).body.id;
  const costCentre = (await admin.post('/rest/v1/fields', { label: 'Cost centre', type: 'text', categoryId: team, shownInProfile: false }).expect(201)).body;

  const ldap = await new LdapFixture().create();
  await ldap.add({ uid: 'zoe', cn: 'Zoe Astrom', sn: 'Astrom', mail: ZOE.email!, title: 'Engineer', telephoneNumber: '+41 44 000 00 01', employeeType: 'Band Z-9', businessCategory: ['Needs coaching'], departmentNumber: 'CC-4711' });
  await ldap.add({ uid: 'hanna', cn: 'Hanna HR', sn: 'HR', mail: HR.email!, telephoneNumber: '+41 44 000 00 02', employeeType: 'Band C-7', businessCategory: ['Strong year'] });
  const source = (await admin.post('/rest/v1/sources', ldap.sourceBody('writer')).expect(201)).body;
  await admin
    .put(`/rest/v1/sources/${source.id}/mappings`, {
      mappings: [
        { fieldKey: 'phone', attribute: 'telephoneNumber', writeBack: true },
        { fieldKey: 'position', attribute: 'title' },
        { fieldKey: salary.key, attribute: 'employeeType', writeBack: true },
        { fieldKey: review.key, attribute: 'businessCategory' },
        { fieldKey: costCentre.key, attribute: 'departmentNumber', writeBack: true },
      ],
    })
    .expect(200);
  await admin.patch(`/rest/v1/sources/${source.id}`, { writeBack: true }).expect(200);
  const started = await admin.post(`/rest/v1/sources/${source.id}/sync`, {}).expect(202);
  await app.sync.waitFor(started.body.runId);
  return { s, salary, review, costCentre };
}

describe('the edit form (?for=edit)', () => {
  it('carries directory values only of the fields the viewer may see and edit: not a restricted category\'s, for the owner or an admin', async () => {
    const { s, salary, costCentre } = await directoryWorld();
    const form = async (viewer: string, accountId: string) => (await s.as(viewer).get(`/rest/v1/profiles/${accountId}?for=edit`).expect(200)).body as ProfileBody;

    // Zoë and the admin may edit her profile but are not in hr-team.
    for (const viewer of [ZOE.accountId, ADMIN.accountId]) {
      const body = await form(viewer, ZOE.accountId);
      expect(body.canEdit).toBe(true);
      // Phone and the hidden cost centre write back; position is read-only; the Private category is not theirs.
      expect(body.ldapValues).toEqual({ phone: '+41 44 000 00 01', [costCentre.key]: 'CC-4711' });
      expect(body.categories.map((c) => c.name)).not.toContain('Private');
      const text = JSON.stringify(body);
      expect(text).not.toContain('Band Z-9');
      expect(text).not.toContain('Needs coaching');
    }

    // Hanna is in hr-team: her own form has her salary band (write-back), not her review notes
    // (read-only); her entry has no cost centre.
    const own = await form(HR.accountId, HR.accountId);
    expect(own.ldapValues).toEqual({ phone: '+41 44 000 00 02', [salary.key]: 'Band C-7', [costCentre.key]: null });
    expect(own.categories.find((c) => c.name === 'Private')!.fields.map((f) => [f.key, f.value])).toContainEqual([salary.key, 'Band C-7']);

    // Someone who may not edit Zoë's profile gets no directory values at all.
    expect((await form(USER.accountId, ZOE.accountId)).ldapValues).toEqual({});
    expect((await form(HR.accountId, ZOE.accountId)).ldapValues).toEqual({});
  });

  it('is asked for with for=edit only: any other value is the profile as people see it', async () => {
    const { s, costCentre } = await directoryWorld();
    for (const query of ['?for=view', '?for=EDIT', '?for=edit&for=edit', '?for=']) {
      const body = (await s.as(ZOE.accountId).get(`/rest/v1/profiles/${ZOE.accountId}${query}`).expect(200)).body as ProfileBody;
      expect(body.ldapValues).toBeUndefined();
      expect(fieldKeys(body)).not.toContain(costCentre.key);
    }
  });

  it('still saves a write-back edit with the filtered directory values as its baseline', async () => {
    const { s, salary } = await directoryWorld();
    const form = (await s.as(HR.accountId).get(`/rest/v1/profiles/${HR.accountId}?for=edit`).expect(200)).body;
    const saved = await s.as(HR.accountId).put(`/rest/v1/profiles/${HR.accountId}`, { version: form.version, values: { [salary.key]: 'Band C-8' }, ldapValues: form.ldapValues }).expect(200);
    expect(saved.body.categories.find((c: { name: string }) => c.name === 'Private').fields.find((f: FieldView) => f.key === salary.key).value).toBe('Band C-8');
  });
});

describe('fields hidden from profiles (shownInProfile: false)', () => {
  async function withHiddenField() {
    const s = await site();
    const admin = s.as(ADMIN.accountId);
    const team = (await admin.post('/rest/v1/categories', { name: 'Team' }).expect(201)).body.id;
    const hidden = (
      await admin.post('/rest/v1/fields', { label: 'Shoe size', type: 'select', categoryId: team, shownInProfile: false, options: [{ label: 'Small' }, { label: 'Large' }] }).expect(201)
    ).body;
    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values: { [hidden.key]: hidden.options[1].id, im: 'zoe' } }).expect(200);
    return { s, hidden };
  }

  it('are in the edit form only for people who may edit the profile', async () => {
    const { s, hidden } = await withHiddenField();
    const edit = async (viewer: string) => (await s.as(viewer).get(`/rest/v1/profiles/${ZOE.accountId}?for=edit`).expect(200)).body as ProfileBody;

    for (const editor of [ZOE.accountId, ADMIN.accountId]) {
      const fields = (await edit(editor)).categories.flatMap((c) => c.fields);
      expect(fields.find((f) => f.key === hidden.key)).toMatchObject({ value: hidden.options[1].id, options: [expect.anything(), expect.anything()] });
    }
    for (const outsider of [USER.accountId, HR.accountId]) {
      const body = await edit(outsider);
      expect(body.canEdit).toBe(false);
      expect(fieldKeys(body)).toContain('im');
      expect(fieldKeys(body)).not.toContain(hidden.key);
      expect(JSON.stringify(body)).not.toContain(hidden.options[1].id);
      // Nor the select options of the fields they do see: `for=edit` changes nothing for them.
      expect(body.categories.flatMap((c) => c.fields).filter((f) => f.options)).toEqual([]);
    }
  });

  it('are left out of the profile as viewed, the owner\'s and an admin\'s view included', async () => {
    const { s, hidden } = await withHiddenField();
    for (const viewer of [ZOE.accountId, ADMIN.accountId, USER.accountId]) {
      const body = (await s.as(viewer).get(`/rest/v1/profiles/${ZOE.accountId}`).expect(200)).body as ProfileBody;
      expect(fieldKeys(body)).toContain('im');
      expect(fieldKeys(body)).not.toContain(hidden.key);
    }
  });
});
