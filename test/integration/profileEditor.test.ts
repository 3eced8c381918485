import { AuditEvent, Profile } from '../../src/db/models';
import { startTestApp, type TestApp } from '../support/app';
import { buildField, buildProfile } from '../support/builders';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

let app: TestApp;
let site: Site;
const sites: Site[] = [];

beforeAll(async () => {
  app = await startTestApp();
});

beforeEach(async () => {
  site = await installSite(app);
  sites.push(site);
});

afterAll(async () => {
  await Promise.all(sites.map((s) => s.close()));
  await app?.close();
});

const admin = () => site.as(ADMIN.accountId);

async function categoryId(name: string, on: Site = site): Promise<string> {
  const res = await on.as(ADMIN.accountId).get('/rest/v1/categories').expect(200);
  return res.body.categories.find((c: { name: string }) => c.name === name).id;
}

async function newCategory(name: string): Promise<string> {
  return (await admin().post('/rest/v1/categories', { name }).expect(201)).body.id;
}

describe('the six default fields', () => {
  it('exist from installation on, in two categories, marked builtin', async () => {
    const res = await site.as(USER.accountId).get('/rest/v1/fields').expect(200);
    expect(res.body.fields.map((f: { key: string }) => f.key)).toEqual(['phone', 'im', 'website', 'position', 'department', 'location']);
    expect(res.body.fields.every((f: { builtin: boolean }) => f.builtin)).toBe(true);
    const categories = (await site.as(USER.accountId).get('/rest/v1/categories').expect(200)).body.categories;
    expect(categories.map((c: { name: string; fieldCount: number }) => [c.name, c.fieldCount])).toEqual([
      ['Contact', 3],
      ['Work', 3],
    ]);
  });

  it('can be renamed and moved to another category, but not deleted', async () => {
    const work = await categoryId('Work');
    const renamed = await admin().patch('/rest/v1/fields/phone', { label: 'Desk phone', categoryId: work, position: 0 }).expect(200);
    expect(renamed.body).toMatchObject({ key: 'phone', label: 'Desk phone', categoryId: work, position: 0 });
    const res = await admin().delete('/rest/v1/fields/phone').expect(409);
    expect(res.body).toMatchObject({ error: 'builtin_field' });
    expect(res.body.message).toContain('never deleted');
    const fields = (await admin().get('/rest/v1/fields').expect(200)).body.fields;
    expect(fields.filter((f: { categoryId: string }) => f.categoryId === work).map((f: { key: string; position: number }) => [f.key, f.position])).toEqual([
      ['phone', 0],
      ['position', 1],
      ['department', 2],
      ['location', 3],
    ]);
  });

  it('a re-install keeps what the admin made of them', async () => {
    await admin().patch('/rest/v1/fields/im', { label: 'Slack' }).expect(200);
    site.host.rotateSecret();
    expect((await site.host.install(app.url)).status).toBe(204);
    const fields = (await admin().get('/rest/v1/fields').expect(200)).body.fields;
    expect(fields).toHaveLength(6);
    expect(fields.find((f: { key: string }) => f.key === 'im').label).toBe('Slack');
  });
});

describe('categories', () => {
  it('are created at the end, renamed, and refused under a name that exists in any case', async () => {
    const id = await newCategory('Team');
    expect((await admin().get(`/rest/v1/categories/${id}`).expect(200)).body).toMatchObject({ name: 'Team', position: 2, fieldCount: 0, restrictedToGroups: [] });
    const dup = await admin().post('/rest/v1/categories', { name: 'team' }).expect(409);
    expect(dup.body).toMatchObject({ error: 'duplicate_category', message: 'A category named "Team" already exists.' });
    await admin().patch(`/rest/v1/categories/${id}`, { name: 'WORK' }).expect(409);
    expect((await admin().patch(`/rest/v1/categories/${id}`, { name: 'Squad' }).expect(200)).body.name).toBe('Squad');
  });

  it('are reordered and keep a dense order', async () => {
    const team = await newCategory('Team');
    await admin().patch(`/rest/v1/categories/${team}`, { position: 0 }).expect(200);
    const names = (await admin().get('/rest/v1/categories').expect(200)).body.categories.map((c: { name: string; position: number }) => `${c.position}:${c.name}`);
    expect(names).toEqual(['0:Team', '1:Contact', '2:Work']);
    await admin().patch(`/rest/v1/categories/${team}`, { position: 99 }).expect(200);
    const again = (await admin().get('/rest/v1/categories').expect(200)).body.categories.map((c: { name: string; position: number }) => `${c.position}:${c.name}`);
    expect(again).toEqual(['0:Contact', '1:Work', '2:Team']);
  });

  it('store the groups they are restricted to', async () => {
    const id = await newCategory('HR only');
    const groups = [{ id: 'g-hr', name: 'hr-team' }];
    expect((await admin().patch(`/rest/v1/categories/${id}`, { restrictedToGroups: groups }).expect(200)).body.restrictedToGroups).toEqual(groups);
    const bad = await admin().patch(`/rest/v1/categories/${id}`, { restrictedToGroups: [{ name: 'no id' }] }).expect(400);
    expect(bad.body.error).toBe('validation_failed');
    await admin().patch(`/rest/v1/categories/${id}`, { restrictedToGroups: [] }).expect(200);
  });

  it('are deleted only when empty', async () => {
    const res = await admin().delete(`/rest/v1/categories/${await categoryId('Work')}`).expect(409);
    expect(res.body).toEqual({ error: 'category_not_empty', message: 'The category "Work" still holds 3 fields: move or delete them first.' });
    const id = await newCategory('Empty');
    await admin().delete(`/rest/v1/categories/${id}`).expect(204);
    await admin().get(`/rest/v1/categories/${id}`).expect(404);
    expect(await AuditEvent.count({ where: { tenantId: site.tenantId, action: 'category.deleted', subjectId: id } })).toBe(1);
  });
});

describe('fields', () => {
  it('get a stable key from their first label, unique per site', async () => {
    const team = await newCategory('Team');
    const first = await admin().post('/rest/v1/fields', buildField(team, { label: 'Kostenstelle (Zürich)' })).expect(201);
    expect(first.body).toMatchObject({ key: 'kostenstelle_zurich', label: 'Kostenstelle (Zürich)', type: 'text', categoryId: team, position: 0, helpText: '', builtin: false });
    const second = await admin().post('/rest/v1/fields', buildField(team, { label: 'Kostenstelle Zurich' })).expect(201);
    expect(second.body.key).toBe('kostenstelle_zurich_2');
    await admin().patch('/rest/v1/fields/kostenstelle_zurich', { label: 'Cost center' }).expect(200);
    expect((await admin().get('/rest/v1/fields/kostenstelle_zurich').expect(200)).body.label).toBe('Cost center');
  });

  it('refuse a duplicate key, an unknown type and a key change', async () => {
    const team = await newCategory('Team');
    const dup = await admin().post('/rest/v1/fields', buildField(team, { key: 'phone' })).expect(409);
    expect(dup.body.error).toBe('duplicate_key');
    const type = await admin().post('/rest/v1/fields', buildField(team, { type: 'colour' })).expect(400);
    expect(type.body.details).toEqual([{ path: 'type', message: expect.stringContaining('The type must be one of text, multiline') }]);
    const key = await admin().patch('/rest/v1/fields/phone', { key: 'telephone' }).expect(400);
    expect(key.body.details).toEqual([{ path: 'key', message: 'The key never changes' }]);
  });

  it('keep help text plain: markup is refused with a clear message, surrounding space trimmed', async () => {
    const team = await newCategory('Team');
    const markup = await admin().post('/rest/v1/fields', buildField(team, { helpText: 'Ask <b>finance</b>' })).expect(400);
    expect(markup.body.details).toEqual([{ path: 'helpText', message: 'The help text is plain text: remove the markup "<b>"' }]);
    const ok = await admin().post('/rest/v1/fields', buildField(team, { helpText: '  Ask finance if 2 < 3  ' })).expect(201);
    expect(ok.body.helpText).toBe('Ask finance if 2 < 3');
  });

  it('take help texts of 10,000 characters, lines kept, and refuse 10,001 with 400 naming the field', async () => {
    const team = await newCategory('Team');
    const paragraph = 'Cost centres follow the finance handbook (§ 4.2): ask Zoë Åström before changing yours. ';
    const help = `${paragraph.repeat(Math.ceil(10_000 / paragraph.length))}`.slice(0, 9_990).trimEnd().padEnd(9_998, '.') + '\nÉ';
    expect(help).toHaveLength(10_000);
    const created = await admin().post('/rest/v1/fields', buildField(team, { label: 'Cost centre', helpText: help })).expect(201);
    expect(created.body.helpText).toBe(help);
    const listed = (await admin().get('/rest/v1/fields').expect(200)).body.fields.find((f: { key: string }) => f.key === created.body.key);
    expect(listed.helpText).toBe(help);
    // And on the profiles people read.
    const profile = (await site.as(USER.accountId).get(`/rest/v1/profiles/${USER.accountId}`).expect(200)).body;
    const onProfile = profile.categories.flatMap((c: { fields: Array<{ key: string; helpText: string }> }) => c.fields).find((f: { key: string }) => f.key === created.body.key);
    expect(onProfile.helpText).toBe(help);

    const tooLong = `${help}x`;
    const refused = await admin().post('/rest/v1/fields', buildField(team, { helpText: tooLong })).expect(400);
    expect(refused.body).toMatchObject({ error: 'validation_failed', details: [{ path: 'helpText', message: 'The help text must be at most 10,000 characters' }] });
    const patched = await admin().patch(`/rest/v1/fields/${created.body.key}`, { helpText: tooLong }).expect(400);
    expect(patched.body.details).toEqual([{ path: 'helpText', message: 'The help text must be at most 10,000 characters' }]);
    expect((await admin().get('/rest/v1/fields').expect(200)).body.fields.find((f: { key: string }) => f.key === created.body.key).helpText).toBe(help);
  });

  it('move within and between categories, keeping both orders dense', async () => {
    const team = await newCategory('Team');
    const a = (await admin().post('/rest/v1/fields', buildField(team, { label: 'A' })).expect(201)).body.key;
    const b = (await admin().post('/rest/v1/fields', buildField(team, { label: 'B' })).expect(201)).body.key;
    await admin().patch(`/rest/v1/fields/${b}`, { position: 0 }).expect(200);
    const order = async (category: string) =>
      (await admin().get('/rest/v1/fields').expect(200)).body.fields.filter((f: { categoryId: string }) => f.categoryId === category).map((f: { key: string; position: number }) => `${f.position}:${f.key}`);
    expect(await order(team)).toEqual([`0:${b}`, `1:${a}`]);
    const contact = await categoryId('Contact');
    await admin().patch(`/rest/v1/fields/${b}`, { categoryId: contact, position: 1 }).expect(200);
    expect(await order(team)).toEqual([`0:${a}`]);
    expect(await order(contact)).toEqual(['0:phone', `1:${b}`, '2:im', '3:website']);
  });

  it('change type only where stored values convert', async () => {
    const team = await newCategory('Team');
    const key = (await admin().post('/rest/v1/fields', buildField(team, { label: 'Room' })).expect(201)).body.key;
    await buildProfile(site.tenantId, { [key]: 'B-204' });
    await buildProfile(site.tenantId, { [key]: '17' });
    const multiline = await admin().patch(`/rest/v1/fields/${key}`, { type: 'multiline' }).expect(200);
    expect(multiline.body.type).toBe('multiline');
    const refused = await admin().patch(`/rest/v1/fields/${key}`, { type: 'number' }).expect(409);
    expect(refused.body.error).toBe('type_change_refused');
    expect(refused.body.message).toBe('1 stored value of "Room" cannot become Number: for example "B-204" must be a number.');
    const select = await admin().patch(`/rest/v1/fields/${key}`, { type: 'select' }).expect(409);
    expect(select.body.message).toBe('A Multiline text field cannot become a Single select field.');
    await admin().patch('/rest/v1/fields/position', { type: 'multiline' }).expect(409);
    const values = (await Profile.findAll({ where: { tenantId: site.tenantId } })).map((p) => p.values[key]).sort();
    expect(values).toEqual(['17', 'B-204']);
  });

  it('convert stored values when the type changes (multi select to single select, text to number)', async () => {
    const team = await newCategory('Team');
    const colours = (await admin().post('/rest/v1/fields', buildField(team, { label: 'Colours', type: 'multiselect', options: [{ label: 'Red' }, { label: 'Blue' }] })).expect(201)).body;
    const [red] = colours.options;
    const profile = await buildProfile(site.tenantId, { [colours.key]: [red.id] });
    await admin().patch(`/rest/v1/fields/${colours.key}`, { type: 'select' }).expect(200);
    await profile.reload();
    expect(profile.values[colours.key]).toBe(red.id);

    const floor = (await admin().post('/rest/v1/fields', buildField(team, { label: 'Floor' })).expect(201)).body.key;
    const p2 = await buildProfile(site.tenantId, { [floor]: ' 3 ' });
    await admin().patch(`/rest/v1/fields/${floor}`, { type: 'number' }).expect(200);
    await p2.reload();
    expect(p2.values[floor]).toBe(3);
  });

  it('keep select options: rename and reorder by id, retire one in use, refuse removing it', async () => {
    const team = await newCategory('Team');
    const field = (await admin().post('/rest/v1/fields', buildField(team, { label: 'Shirt size', type: 'select', options: [{ label: 'S' }, { label: 'M' }, { label: 'L' }] })).expect(201)).body;
    const [s, m, l] = field.options;
    const profile = await buildProfile(site.tenantId, { [field.key]: m.id });

    const removed = await admin().patch(`/rest/v1/fields/${field.key}`, { options: [s, l] }).expect(409);
    expect(removed.body).toMatchObject({ error: 'option_in_use', message: 'The option "M" is used by 1 profile: retire it instead of removing it.' });

    const next = await admin()
      .patch(`/rest/v1/fields/${field.key}`, { options: [{ ...l, label: 'Large' }, { ...m, retired: true }, { label: 'XL' }] })
      .expect(200);
    expect(next.body.options.map((o: { id: string; label: string; retired: boolean }) => [o.label, o.retired])).toEqual([
      ['Large', false],
      ['M', true],
      ['XL', false],
    ]);
    expect(next.body.options[0].id).toBe(l.id);
    expect(next.body.options[1].id).toBe(m.id);
    await profile.reload();
    expect(profile.values[field.key]).toBe(m.id);

    // An option nobody uses may go.
    await admin().patch(`/rest/v1/fields/${field.key}`, { options: [next.body.options[1]] }).expect(200);
    const dupLabels = await admin().patch(`/rest/v1/fields/${field.key}`, { options: [{ label: 'A' }, { label: 'a' }] }).expect(400);
    expect(dupLabels.body.details[0]).toEqual({ path: 'options.1.label', message: 'The option "a" is listed twice' });
    await admin().post('/rest/v1/fields', buildField(team, { type: 'text', options: [{ label: 'x' }] })).expect(400);
  });

  it('allow zero or one user field as the org chart superior', async () => {
    const team = await newCategory('Team');
    const manager = (await admin().post('/rest/v1/fields', buildField(team, { label: 'Manager', type: 'user' })).expect(201)).body.key;
    const mentor = (await admin().post('/rest/v1/fields', buildField(team, { label: 'Mentor', type: 'user' })).expect(201)).body.key;
    const notUser = await admin().patch('/rest/v1/fields/department', { orgChartSuperior: true }).expect(400);
    expect(notUser.body.details[0].path).toBe('orgChartSuperior');
    expect((await admin().patch(`/rest/v1/fields/${manager}`, { orgChartSuperior: true }).expect(200)).body.orgChartSuperior).toBe(true);
    const taken = await admin().patch(`/rest/v1/fields/${mentor}`, { orgChartSuperior: true }).expect(409);
    expect(taken.body).toMatchObject({ error: 'superior_field_taken', message: '"Manager" is already the org chart\'s superior field: unmark it first.' });
    await admin().patch(`/rest/v1/fields/${manager}`, { orgChartSuperior: false }).expect(200);
    await admin().patch(`/rest/v1/fields/${mentor}`, { orgChartSuperior: true }).expect(200);
  });

  it('are deleted from every profile, and the deletion is audited', async () => {
    const team = await newCategory('Team');
    const key = (await admin().post('/rest/v1/fields', buildField(team, { label: 'Badge' })).expect(201)).body.key;
    const profile = await buildProfile(site.tenantId, { [key]: '42', department: 'IT' });
    await admin().delete(`/rest/v1/fields/${key}`).expect(204);
    await admin().get(`/rest/v1/fields/${key}`).expect(404);
    await profile.reload();
    expect(profile.values).toEqual({ department: 'IT' });
    expect(profile.valueSources).toEqual({ department: 'user' });
    const audit = await AuditEvent.findOne({ where: { tenantId: site.tenantId, action: 'field.deleted', subjectId: key } });
    expect(audit).toMatchObject({ actorAccountId: ADMIN.accountId });
    expect(audit!.details).toMatchObject({ profilesCleared: 1, definition: { label: 'Badge' } });
  });
});

describe('who may do what', () => {
  it('any user reads the structure; only admins change it (403)', async () => {
    const as = site.as(USER.accountId);
    await as.get('/rest/v1/fields').expect(200);
    await as.get('/rest/v1/categories').expect(200);
    await as.get('/rest/v1/field-types').expect(200);
    const work = await categoryId('Work');
    for (const res of [
      await as.post('/rest/v1/categories', { name: 'Mine' }),
      await as.patch(`/rest/v1/categories/${work}`, { name: 'Mine' }),
      await as.delete(`/rest/v1/categories/${work}`),
      await as.post('/rest/v1/fields', buildField(work)),
      await as.patch('/rest/v1/fields/phone', { label: 'Mine' }),
      await as.delete('/rest/v1/fields/phone'),
      await as.get('/rest/v1/groups?query=a'),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('forbidden');
    }
    expect((await admin().get('/rest/v1/fields/phone').expect(200)).body.label).toBe('Phone');
  });

  it('another site\'s categories and fields are not found (404), and nothing of theirs changes', async () => {
    const other = await installSite(app);
    sites.push(other);
    const theirTeam = (await other.as(ADMIN.accountId).post('/rest/v1/categories', { name: 'Theirs' }).expect(201)).body.id;
    const theirField = (await other.as(ADMIN.accountId).post('/rest/v1/fields', buildField(theirTeam, { label: 'Secret code' })).expect(201)).body.key;

    await admin().get(`/rest/v1/categories/${theirTeam}`).expect(404);
    await admin().patch(`/rest/v1/categories/${theirTeam}`, { name: 'Mine now' }).expect(404);
    await admin().delete(`/rest/v1/categories/${theirTeam}`).expect(404);
    await admin().post('/rest/v1/fields', buildField(theirTeam)).expect(404);
    await admin().patch('/rest/v1/fields/phone', { categoryId: theirTeam }).expect(404);
    await admin().get(`/rest/v1/fields/${theirField}`).expect(404);
    await admin().delete(`/rest/v1/fields/${theirField}`).expect(404);
    await admin().get('/rest/v1/categories/not-a-number').expect(404);

    const theirs = (await other.as(USER.accountId).get('/rest/v1/categories').expect(200)).body.categories;
    expect(theirs.map((c: { name: string }) => c.name)).toEqual(['Contact', 'Work', 'Theirs']);
    expect((await admin().get('/rest/v1/fields').expect(200)).body.fields.map((f: { key: string }) => f.key)).not.toContain(theirField);
  });

  it('offers Confluence groups to restrict a category to', async () => {
    site.host.groups.push({ id: 'g-hr', name: 'hr-team' });
    const res = await admin().get('/rest/v1/groups?query=HR').expect(200);
    expect(res.body.groups).toContainEqual({ id: 'g-hr', name: 'hr-team' });
  });

  it('lists the field types with what each converts to', async () => {
    const res = await site.as(USER.accountId).get('/rest/v1/field-types').expect(200);
    expect(res.body.types).toHaveLength(11);
    expect(res.body.types.find((t: { type: string }) => t.type === 'text')).toMatchObject({ label: 'Text', hasOptions: false, convertsTo: expect.arrayContaining(['multiline', 'email']) });
    expect(res.body.types.find((t: { type: string }) => t.type === 'select')).toMatchObject({ hasOptions: true, convertsTo: ['multiselect'] });
  });
});
