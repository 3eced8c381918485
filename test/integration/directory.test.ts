import { Profile } from '../../src/db/models';
import { useTestApp, type TestApp } from '../support/app';
import { buildAccount, buildProfile } from '../support/builders';
import { Sequelize } from 'sequelize';
import type { FixtureUser } from '../support/confluenceHost';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

/**
 * The People Directory's REST API (issue #17): the filter language end to end on PostgreSQL, and
 * the promise that values of restricted categories never leak — not through matches, sort order,
 * facet counts, totals, columns, values or the CSV export.
 */
let app: TestApp;
const sites: Site[] = [];
useTestApp({ sites }, (started) => (app = started));

const HR: FixtureUser = { accountId: 'hr-1', displayName: 'Hanna HR', email: 'hanna@example.com', groups: ['confluence-users', 'hr-team'] };

interface Person {
  accountId: string;
  displayName: string | null;
  left: boolean;
  pictureUrl: string | null;
  values: Record<string, { type: string; value: unknown; display: unknown; people?: unknown[] }>;
}
interface Page {
  columns: Array<{ key: string; label: string; type: string }>;
  people: Person[];
  nextCursor: string | null;
  total: number;
  canExport: boolean;
  facets: Array<{ field: { key: string; label: string }; values: Array<{ value: string; label: string; count: number; query: string }> }>;
}

/**
 * A site with: the default Work fields (department, location, position: text); Office (select:
 * "R&D (Berlin)", "QA (Paris)"), Start (date), Grade (number), Manager (user); a category
 * "Private" restricted to hr-team with Salary band (text) and Rating (select); Cost centre, a field
 * hidden from profiles. Seven people; Lea left the directory; Olaf's account is deactivated.
 */
async function world() {
  const s = await installSite(app, [ADMIN, USER, HR]);
  sites.push(s);
  const admin = s.as(ADMIN.accountId);
  const categories = (await admin.get('/rest/v1/categories').expect(200)).body.categories as Array<{ id: string; name: string }>;
  const work = categories.find((c) => c.name === 'Work')!.id;
  const hrGroup = s.host.groups.find((g) => g.name === 'hr-team')!;
  const privateCat = (await admin.post('/rest/v1/categories', { name: 'Private', restrictedToGroups: [{ id: hrGroup.id, name: hrGroup.name }] }).expect(201)).body.id;
  const field = async (body: object) => (await admin.post('/rest/v1/fields', body).expect(201)).body as { key: string; options: Array<{ id: string; label: string }> };
  const office = await field({ label: 'Office', type: 'select', categoryId: work, options: [{ label: 'R&D (Berlin)' }, { label: 'QA (Paris)' }] });
  const start = await field({ label: 'Start', type: 'date', categoryId: work });
  const grade = await field({ label: 'Grade', type: 'number', categoryId: work });
  const manager = await field({ label: 'Manager', type: 'user', categoryId: work });
  const salary = await field({ label: 'Salary band', type: 'text', categoryId: privateCat });
  const rating = await field({ label: 'Rating', type: 'select', categoryId: privateCat, options: [{ label: 'Outstanding' }, { label: 'Weak' }] });
  const cost = await field({ label: 'Cost centre', type: 'text', categoryId: work, shownInProfile: false });
  const [berlin, paris] = office.options.map((o) => o.id);
  const [outstanding, weak] = rating.options.map((o) => o.id);

  const person = async (accountId: string, displayName: string, values: Record<string, unknown>, options: { active?: boolean; email?: string } = {}) => {
    await buildAccount(s.tenantId, { accountId, displayName, active: options.active, email: options.email ?? null });
    if (Object.keys(values).length > 0) await buildProfile(s.tenantId, values, { accountId });
  };
  await person('acc-ada', 'Ada Lovelace', { department: 'R&D (Berlin)', location: 'Berlin', position: 'Engineer', [office.key]: berlin, [start.key]: '2019-03-01', [grade.key]: 7, [salary.key]: 'Band Z-9', [rating.key]: outstanding, [cost.key]: 'CC-4711' }, { email: 'ada@lovelace.example' });
  await person('acc-bea', 'Bea Berg', { department: 'QA (Paris)', location: 'Paris', position: 'Senior Engineer', [office.key]: paris, [start.key]: '2021-06-15', [grade.key]: 5, [manager.key]: 'acc-ada', [salary.key]: 'Band A-1', [rating.key]: weak });
  await person('acc-cem', 'Cem Celik', { department: 'R&D (Berlin)', location: 'Bern', position: 'Designer', [office.key]: berlin, [grade.key]: 3, [manager.key]: 'acc-ada', [rating.key]: weak });
  await person('acc-dan', 'Dan Dare', { location: 'Berlin', position: '=HYPERLINK("http://evil.example")', [start.key]: '2021-01-10' });
  await person('acc-eve', 'Eve Ek', {});
  await person('acc-lea', 'Lea Left', { department: 'R&D (Berlin)', position: 'Engineer' });
  await Profile.update({ leftDirectoryAt: new Date() }, { where: { tenantId: s.tenantId, accountId: 'acc-lea' } });
  await person('acc-olaf', 'Olaf Gone', { department: 'R&D (Berlin)' }, { active: false });
  const search = async (as: string, q: string, extra = '') => (await s.as(as).get(`/rest/v1/directory?q=${encodeURIComponent(q)}${extra}`).expect(200)).body as Page;
  const ids = async (as: string, q: string, extra = '') => (await search(as, q, extra)).people.map((p) => p.accountId);
  return { s, admin, search, ids, keys: { office: office.key, start: start.key, grade: grade.key, manager: manager.key, salary: salary.key, rating: rating.key, cost: cost.key } };
}

const sorted = (list: string[]) => [...list].sort();

describe('the filter language on the database', () => {
  it('lists everyone with an active account by name, people who left marked, deactivated accounts not at all', async () => {
    const { search, admin } = await world();
    await admin.get('/rest/v1/profiles/user-1').expect(200); // Rollcall learns of the site's own users when looked at
    const page = await search(USER.accountId, '');
    expect(page.people.map((p) => p.displayName)).toEqual(['Ada Lovelace', 'Bea Berg', 'Bo User', 'Cem Celik', 'Dan Dare', 'Eve Ek', 'Lea Left']);
    expect(page.total).toBe(7);
    expect(page.people.find((p) => p.accountId === 'acc-lea')!.left).toBe(true);
    expect(page.people.find((p) => p.accountId === 'acc-ada')!.left).toBe(false);
  });

  it('free text finds names, visible text fields, select option labels and whole email addresses', async () => {
    const { ids } = await world();
    expect(await ids(USER.accountId, 'lovelace')).toEqual(['acc-ada']);
    expect(sorted(await ids(USER.accountId, 'berlin'))).toEqual(['acc-ada', 'acc-cem', 'acc-dan', 'acc-lea']);
    expect(await ids(USER.accountId, 'ada engineer')).toEqual(['acc-ada']);
    expect(await ids(USER.accountId, 'ADA@lovelace.example')).toEqual(['acc-ada']);
    expect(await ids(USER.accountId, 'lovelace.example')).toEqual([]); // a part of an address finds nothing
    expect(await ids(USER.accountId, 'Pari')).toEqual(['acc-bea']); // the option label "QA (Paris)", location Paris
  });

  it('field terms by key and label; the LUP case: a quoted value with parentheses', async () => {
    const { ids, keys } = await world();
    expect(sorted(await ids(USER.accountId, 'department:"R&D (Berlin)"'))).toEqual(['acc-ada', 'acc-cem', 'acc-lea']);
    expect(sorted(await ids(USER.accountId, `${keys.office}:"R&D (Berlin)"`))).toEqual(['acc-ada', 'acc-cem']);
    expect(sorted(await ids(USER.accountId, 'Office:"qa (paris)"'))).toEqual(['acc-bea']);
    expect(sorted(await ids(USER.accountId, '"Department":"R&D (Berlin)" -is:left'))).toEqual(['acc-ada', 'acc-cem']);
    expect(await ids(USER.accountId, 'department:R&D')).toEqual([]); // a value is whole unless wildcards say otherwise
  });

  it('wildcards * and ?', async () => {
    const { ids } = await world();
    expect(sorted(await ids(USER.accountId, 'location:Ber*'))).toEqual(['acc-ada', 'acc-cem', 'acc-dan']);
    expect(sorted(await ids(USER.accountId, 'location:Ber?'))).toEqual(['acc-cem']);
    expect(sorted(await ids(USER.accountId, 'position:?ngineer'))).toEqual(['acc-ada', 'acc-lea']);
    expect(sorted(await ids(USER.accountId, 'position:*engineer'))).toEqual(['acc-ada', 'acc-bea', 'acc-lea']);
    expect(sorted(await ids(USER.accountId, 'department:"R&D (*)"'))).toEqual(['acc-ada', 'acc-cem', 'acc-lea']);
  });

  it('OR, NOT, - and parentheses', async () => {
    const { ids } = await world();
    expect(sorted(await ids(USER.accountId, 'location:Paris OR location:Bern'))).toEqual(['acc-bea', 'acc-cem']);
    expect(sorted(await ids(USER.accountId, '(location:Paris OR location:Bern) position:Designer'))).toEqual(['acc-cem']);
    expect(sorted(await ids(USER.accountId, 'department:"R&D (Berlin)" -position:Engineer'))).toEqual(['acc-cem']);
    expect(sorted(await ids(USER.accountId, 'department:"R&D (Berlin)" NOT (position:Engineer OR position:Designer)'))).toEqual([]);
  });

  it('numbers and dates with comparisons and ranges', async () => {
    const { ids, keys } = await world();
    expect(sorted(await ids(USER.accountId, `${keys.grade}:>=5`))).toEqual(['acc-ada', 'acc-bea']);
    expect(sorted(await ids(USER.accountId, `${keys.grade}:<5`))).toEqual(['acc-cem']);
    expect(sorted(await ids(USER.accountId, `${keys.grade}:3..5`))).toEqual(['acc-bea', 'acc-cem']);
    expect(sorted(await ids(USER.accountId, `${keys.grade}:7`))).toEqual(['acc-ada']);
    expect(sorted(await ids(USER.accountId, `${keys.start}:2021`))).toEqual(['acc-bea', 'acc-dan']);
    expect(sorted(await ids(USER.accountId, `${keys.start}:>2020-12-31`))).toEqual(['acc-bea', 'acc-dan']);
    expect(sorted(await ids(USER.accountId, `${keys.start}:2019-01..2021-01`))).toEqual(['acc-ada', 'acc-dan']);
    expect(sorted(await ids(USER.accountId, `-${keys.start}:>2020`))).toEqual(['acc-ada', 'acc-cem', 'acc-eve', 'acc-lea']); // no start date: not after 2020
  });

  it('user fields by the person\'s name or account id; has: and -has:', async () => {
    const { ids, keys } = await world();
    expect(sorted(await ids(USER.accountId, `${keys.manager}:"Ada Lovelace"`))).toEqual(['acc-bea', 'acc-cem']);
    expect(sorted(await ids(USER.accountId, 'manager:ada*'))).toEqual(['acc-bea', 'acc-cem']);
    expect(sorted(await ids(USER.accountId, 'manager:acc-ada'))).toEqual(['acc-bea', 'acc-cem']);
    expect(sorted(await ids(USER.accountId, 'has:manager'))).toEqual(['acc-bea', 'acc-cem']);
    expect(sorted(await ids(USER.accountId, 'has:location -has:Manager'))).toEqual(['acc-ada', 'acc-dan']);
    expect(sorted(await ids(USER.accountId, 'name:"Ada Lovelace"'))).toEqual(['acc-ada']);
  });

  it('sorts by any visible field, empty values last, and pages through a sort with the cursor', async () => {
    const { search, keys } = await world();
    const names = async (extra: string) => (await search(USER.accountId, 'has:position OR has:grade', extra)).people.map((p) => p.displayName);
    // Ties (and empty values) in the sort's direction by account id.
    expect(await names(`&sort=${keys.grade}&order=desc`)).toEqual(['Ada Lovelace', 'Bea Berg', 'Cem Celik', 'Lea Left', 'Dan Dare']);
    expect(await names(`&sort=${keys.office}`)).toEqual(['Bea Berg', 'Ada Lovelace', 'Cem Celik', 'Dan Dare', 'Lea Left']);
    expect(await names('&sort=position')).toEqual(['Dan Dare', 'Cem Celik', 'Ada Lovelace', 'Lea Left', 'Bea Berg']);
    expect(await names(`&sort=${keys.manager}`)).toEqual(['Bea Berg', 'Cem Celik', 'Ada Lovelace', 'Dan Dare', 'Lea Left']);
    // Two at a time through the grade order.
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: Page = await search(USER.accountId, 'has:position OR has:grade', `&sort=${keys.grade}&order=desc&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.people.map((p) => p.displayName!));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(['Ada Lovelace', 'Bea Berg', 'Cem Celik', 'Lea Left', 'Dan Dare']);
  });

  it('pages through a sort by long text values (a cursor carries at most their first 256 characters)', async () => {
    const { s, admin, search } = await world();
    const team = (await admin.post('/rest/v1/categories', { name: 'Long texts' }).expect(201)).body.id;
    const bio = (await admin.post('/rest/v1/fields', { label: 'Bio', type: 'multiline', categoryId: team }).expect(201)).body.key as string;
    const long = 'x'.repeat(6000);
    for (const [id, tail] of [['acc-ada', 'c'], ['acc-bea', 'a'], ['acc-cem', 'b']]) {
      await Profile.update({ values: sequelizeLiteralMerge(bio, `${long}${tail}`) }, { where: { tenantId: s.tenantId, accountId: id } });
    }
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: Page = await search(USER.accountId, `has:${bio}`, `&sort=${bio}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.people.map((p) => p.displayName!));
      cursor = page.nextCursor;
    }
    // The same first 256 characters: ordered by account id.
    expect(seen).toEqual(['Ada Lovelace', 'Bea Berg', 'Cem Celik']);
  });

  it('gives values in the profile view\'s shape, and the profile picture\'s route', async () => {
    const { search, keys } = await world();
    const bea = (await search(USER.accountId, 'name:"Bea Berg"')).people[0];
    expect(bea.values[keys.office]).toEqual({ type: 'select', value: expect.any(String), display: 'QA (Paris)' });
    expect(bea.values[keys.manager]).toEqual({ type: 'user', value: 'acc-ada', display: 'Ada Lovelace', people: [{ accountId: 'acc-ada', displayName: 'Ada Lovelace' }] });
    expect(bea.values.location).toEqual({ type: 'text', value: 'Paris', display: 'Paris' });
    expect(bea.pictureUrl).toBeNull();
  });
});

describe('restricted categories never leak', () => {
  it('are neither columns nor values for people outside their groups; members see them', async () => {
    const { search, keys } = await world();
    const outsider = await search(USER.accountId, '');
    expect(outsider.columns.map((c) => c.key)).not.toEqual(expect.arrayContaining([keys.salary]));
    expect(outsider.columns.map((c) => c.key)).not.toContain(keys.rating);
    expect(outsider.columns.map((c) => c.key)).not.toContain(keys.cost); // hidden from profiles: not in the directory
    expect(JSON.stringify(outsider)).not.toMatch(/Band Z-9|Band A-1|Salary|Rating|Outstanding|CC-4711/);
    const member = await search(HR.accountId, '');
    expect(member.columns.map((c) => c.key)).toEqual(expect.arrayContaining([keys.salary, keys.rating]));
    expect(member.people.find((p) => p.accountId === 'acc-ada')!.values[keys.salary].value).toBe('Band Z-9');
  });

  it('are never matched: by free text, by key or label (an unknown field, like one that does not exist), nor counted in the total', async () => {
    const { s, search, keys } = await world();
    expect((await search(USER.accountId, 'Z-9')).total).toBe(0);
    expect((await search(USER.accountId, 'Outstanding')).total).toBe(0);
    expect((await search(HR.accountId, 'Z-9')).people.map((p) => p.accountId)).toEqual(['acc-ada']);
    expect((await search(HR.accountId, 'Outstanding')).people.map((p) => p.accountId)).toEqual(['acc-ada']);
    const restricted = await s.as(USER.accountId).get(`/rest/v1/directory?q=${encodeURIComponent(`${keys.salary}:"Band Z-9"`)}`).expect(400);
    const missing = await s.as(USER.accountId).get(`/rest/v1/directory?q=${encodeURIComponent('nosuchfield12:"Band Z-9"')}`).expect(400);
    expect(restricted.body).toEqual({ error: 'invalid_query', message: `Unknown field '${keys.salary}' at column 1`, details: { column: 1, unknownField: keys.salary } });
    expect(missing.body).toEqual({ error: 'invalid_query', message: "Unknown field 'nosuchfield12' at column 1", details: { column: 1, unknownField: 'nosuchfield12' } });
    await s.as(USER.accountId).get(`/rest/v1/directory?q=${encodeURIComponent('"Salary band":*')}`).expect(400);
    await s.as(USER.accountId).get(`/rest/v1/directory?q=${encodeURIComponent(`has:${keys.rating}`)}`).expect(400);
    await s.as(ADMIN.accountId).get(`/rest/v1/directory?q=${encodeURIComponent(`${keys.cost}:CC-4711`)}`).expect(400); // hidden from profiles, even for admins
    expect((await search(ADMIN.accountId, 'CC-4711')).total).toBe(0);
  });

  it('follow the Profile Editor: restricting a category, hiding a field or renaming an option changes what free text finds at once', async () => {
    const { s, admin, ids, keys } = await world();
    expect(sorted(await ids(USER.accountId, 'designer'))).toEqual(['acc-cem']);
    const categories = (await admin.get('/rest/v1/categories').expect(200)).body.categories as Array<{ id: string; name: string }>;
    const hrGroup = s.host.groups.find((g) => g.name === 'hr-team')!;
    await admin.patch(`/rest/v1/categories/${categories.find((c) => c.name === 'Work')!.id}`, { restrictedToGroups: [{ id: hrGroup.id, name: hrGroup.name }] }).expect(200);
    expect(await ids(USER.accountId, 'designer')).toEqual([]);
    expect(await ids(HR.accountId, 'designer')).toEqual(['acc-cem']);
    await admin.patch(`/rest/v1/categories/${categories.find((c) => c.name === 'Work')!.id}`, { restrictedToGroups: [] }).expect(200);
    expect(await ids(USER.accountId, 'designer')).toEqual(['acc-cem']);
    await admin.patch('/rest/v1/fields/position', { shownInProfile: false }).expect(200);
    expect(await ids(USER.accountId, 'designer')).toEqual([]);
    const office = (await admin.get(`/rest/v1/fields/${keys.office}`).expect(200)).body as { options: Array<{ id: string; label: string }> };
    await admin.patch(`/rest/v1/fields/${keys.office}`, { options: office.options.map((o) => ({ id: o.id, label: o.label === 'QA (Paris)' ? 'Quality (Lyon)' : o.label })) }).expect(200);
    expect(await ids(USER.accountId, 'lyon')).toEqual(['acc-bea']);
    expect(await ids(USER.accountId, `${keys.office}:"Quality (Lyon)"`)).toEqual(['acc-bea']);
  });

  it('are not a sort order for people outside their groups', async () => {
    const { s, search, keys } = await world();
    const refused = await s.as(USER.accountId).get(`/rest/v1/directory?sort=${keys.salary}`).expect(400);
    expect(refused.body.error).toBe('invalid_query');
    expect(refused.body.message).toBe(`There is no field '${keys.salary}' to sort by.`);
    expect((await search(HR.accountId, 'has:position OR has:grade', `&sort=${keys.salary}`)).people.map((p) => p.displayName)).toEqual(['Bea Berg', 'Ada Lovelace', 'Cem Celik', 'Dan Dare', 'Lea Left']);
  });

  it('are not facets, and facet counts over visible fields only', async () => {
    const { admin, search, keys } = await world();
    await admin.put('/rest/v1/directory/settings', { exportForUsers: false, facetFields: ['department', keys.rating, keys.office] }).expect(200);
    const outsider = await search(USER.accountId, '');
    expect(outsider.facets.map((f) => f.field.key)).toEqual(['department', keys.office]);
    expect(outsider.facets[0].values).toEqual([
      { value: 'R&D (Berlin)', label: 'R&D (Berlin)', count: 3, query: 'department:"R&D (Berlin)"' },
      { value: 'QA (Paris)', label: 'QA (Paris)', count: 1, query: 'department:"QA (Paris)"' },
    ]);
    expect(outsider.facets[1].values.map((v) => [v.label, v.count, v.query])).toEqual([
      ['R&D (Berlin)', 2, `${keys.office}:"R&D (Berlin)"`],
      ['QA (Paris)', 1, `${keys.office}:"QA (Paris)"`],
    ]);
    const member = await search(HR.accountId, '');
    expect(member.facets.map((f) => f.field.key)).toEqual(['department', keys.rating, keys.office]);
    expect(member.facets[1].values.map((v) => [v.label, v.count])).toEqual([['Weak', 2], ['Outstanding', 1]]);
    // A facet's query finds what it counted.
    expect((await search(USER.accountId, outsider.facets[1].values[0].query)).total).toBe(2);
  });

  it('are not exported; the CSV has a BOM, the visible columns, and no formulas', async () => {
    const { s, admin, keys } = await world();
    await s.as(USER.accountId).get('/rest/v1/directory/export').expect(403, { error: 'export_not_allowed', message: 'Only administrators may export the People Directory on this site.' });
    await admin.put('/rest/v1/directory/settings', { exportForUsers: true, facetFields: [] }).expect(200);
    const res = await s.as(USER.accountId).get('/rest/v1/directory/export?q=has:position&sort=name').buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="people.csv"');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('Name,Phone,IM,Website,Position,Department,Location,Office,Start,Grade,Manager');
    expect(lines[1]).toBe('Ada Lovelace,,,,Engineer,R&D (Berlin),Berlin,R&D (Berlin),2019-03-01,7,');
    expect(lines[4]).toBe(`Dan Dare,,,,"'=HYPERLINK(""http://evil.example"")",,Berlin,,2021-01-10,,`);
    expect(text).not.toMatch(/Band Z-9|Band A-1|Salary|Rating|Outstanding|CC-4711/);
    expect(lines).toHaveLength(7); // header, five people, the final line end
    // A member of hr-team exports the restricted columns.
    const member = await s.as(HR.accountId).get('/rest/v1/directory/export?q=name:"Ada Lovelace"').buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect((member.body as Buffer).toString('utf8')).toContain('Band Z-9');
    expect(keys.salary).toBeTruthy();
  });
});

describe('counts', () => {
  it('total and facets follow every write at once (their cache is per data version)', async () => {
    const { s, search } = await world();
    const before = await search(USER.accountId, 'department:"R&D (Berlin)"');
    expect(before.total).toBe(3);
    expect((await search(USER.accountId, 'department:"R&D (Berlin)"')).total).toBe(3); // again: from the cache
    await buildAccount(s.tenantId, { accountId: 'acc-new', displayName: 'New Person' });
    await buildProfile(s.tenantId, { department: 'R&D (Berlin)' }, { accountId: 'acc-new' });
    const after = await search(USER.accountId, 'department:"R&D (Berlin)"');
    expect(after.total).toBe(4);
    expect(after.facets[0].values[0]).toEqual(expect.objectContaining({ label: 'R&D (Berlin)', count: 4 }));
    await Profile.update({ values: { department: 'QA (Paris)' } }, { where: { tenantId: s.tenantId, accountId: 'acc-new' } });
    expect((await search(USER.accountId, 'department:"R&D (Berlin)"')).total).toBe(3);
  });
});

describe('paging', () => {
  it('is stable while profiles change: everyone who did not change is listed exactly once', async () => {
    const s = await installSite(app, [ADMIN, USER]);
    sites.push(s);
    for (let i = 0; i < 30; i++) await buildAccount(s.tenantId, { accountId: `acc-p${String(i).padStart(2, '0')}`, displayName: `Person ${String(i).padStart(2, '0')}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    let round = 0;
    do {
      const res: { body: Page } = await s.as(USER.accountId).get(`/rest/v1/directory?q=person&limit=7${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...res.body.people.map((p) => p.accountId));
      cursor = res.body.nextCursor;
      // Between pages: someone new before and after the cursor, someone renamed, a profile edited.
      round++;
      await buildAccount(s.tenantId, { accountId: `acc-new-${round}`, displayName: `Person 00-${round}` });
      await buildAccount(s.tenantId, { accountId: `acc-late-${round}`, displayName: `Person 99-${round}` });
      await buildProfile(s.tenantId, { position: `Role ${round}` }, { accountId: `acc-p${String(round * 3).padStart(2, '0')}` });
    } while (cursor);
    const originals = seen.filter((id) => /^acc-p\d\d$/.test(id));
    expect(originals).toEqual(Array.from({ length: 30 }, (_, i) => `acc-p${String(i).padStart(2, '0')}`));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses a cursor of another sort, or one it did not give, with 400', async () => {
    const { s, search } = await world();
    const first = await search(USER.accountId, '', '&limit=2');
    const other = await s.as(USER.accountId).get(`/rest/v1/directory?limit=2&order=desc&cursor=${first.nextCursor}`).expect(400);
    expect(other.body.error).toBe('invalid_query');
    await s.as(USER.accountId).get('/rest/v1/directory?cursor=bm9wZQ').expect(400);
  });
});

describe('errors', () => {
  it.each([
    ['department:', 12, { expected: ['a value'] }, "Expected a value after 'department:' at column 12"],
    ['(location:Berlin OR ada', 24, { expected: ['")"'] }, "Expected \")\" after 'ada' at column 24"],
    ['department:"R&D (Berlin)', 25, { expected: ['a closing quote (")'] }, undefined],
    ['location:Berlin deprtment:x', 17, { unknownField: 'deprtment' }, "Unknown field 'deprtment' at column 17"],
  ])('%s → 400 invalid_query at column %i', async (q, column, detail, message) => {
    const { s } = await world();
    const res = await s.as(USER.accountId).get(`/rest/v1/directory?q=${encodeURIComponent(q)}&limit=1`).expect(400);
    expect(res.body.error).toBe('invalid_query');
    expect(res.body.details).toEqual({ column, ...detail });
    if (message) expect(res.body.message).toBe(message);
  });

  it('a comparison on a text field, or a date that is none, is a 400 naming the column', async () => {
    const { s, keys } = await world();
    const text = await s.as(USER.accountId).get(`/rest/v1/directory?q=${encodeURIComponent('location:>5')}`).expect(400);
    expect(text.body.details.column).toBe(10);
    const date = await s.as(USER.accountId).get(`/rest/v1/directory?q=${encodeURIComponent(`${keys.start}:>2021-02-30`)}`).expect(400);
    expect(date.body.message).toMatch(/Expected a date/);
  });
});

describe('tenants', () => {
  it('another site sees none of this site\'s people', async () => {
    const { search } = await world();
    const b = await installSite(app, [ADMIN, USER]);
    sites.push(b);
    await buildAccount(b.tenantId, { accountId: 'acc-ada', displayName: 'Ada of B' });
    const page = (await b.as(USER.accountId).get('/rest/v1/directory?q=ada').expect(200)).body as Page;
    expect(page.people.map((p) => p.displayName)).toEqual(['Ada of B']);
    expect(JSON.stringify(page)).not.toMatch(/Lovelace|R&D|Berlin/);
    expect((await search(USER.accountId, 'ada')).people.map((p) => p.displayName)).toEqual(['Ada Lovelace']);
  });
});

describe('settings', () => {
  it('default to department and location; admins change them; a facet field must be countable', async () => {
    const { admin, s, keys, search } = await world();
    expect((await admin.get('/rest/v1/directory/settings').expect(200)).body).toEqual({ exportForUsers: false, facetFields: ['department', 'location'] });
    // Each page says whether the caller may export it: admins always, users once the admin allows it.
    expect([(await search(ADMIN.accountId, '')).canExport, (await search(USER.accountId, '')).canExport]).toEqual([true, false]);
    await admin.put('/rest/v1/directory/settings', { exportForUsers: true, facetFields: [keys.office] }).expect(200, { exportForUsers: true, facetFields: [keys.office] });
    expect((await search(USER.accountId, '')).canExport).toBe(true);
    expect((await admin.get('/rest/v1/directory/settings').expect(200)).body).toEqual({ exportForUsers: true, facetFields: [keys.office] });
    const refused = await admin.put('/rest/v1/directory/settings', { exportForUsers: true, facetFields: [keys.grade, 'nope'] }).expect(422);
    expect(refused.body.details.map((d: { path: string }) => d.path)).toEqual(['facetFields.0', 'facetFields.1']);
    await s.as(USER.accountId).put('/rest/v1/directory/settings', { exportForUsers: true, facetFields: [] }).expect(403);
  });
});

/** `values || {key: value}` as SQL (an update that keeps a profile's other values). */
function sequelizeLiteralMerge(key: string, value: string) {
  return Sequelize.literal(`"values" || ${Profile.sequelize!.escape(JSON.stringify({ [key]: value }))}::jsonb`) as unknown as Record<string, unknown>;
}
