/**
 * The audit log (`GET /rest/v1/audit`, admins), a profile's history (the person and admins) and
 * "Download my profile data": who changed which field from what to what, by a person, a sync run
 * or the migration; filters and cursor paging; restricted categories hidden from admins outside
 * their groups (no event that would only show a hidden change); clear 400s for bad filters.
 */
import sharp from 'sharp';
import { AuditEvent, Profile } from '../../src/db/models';
import { useTestApp, type TestApp } from '../support/app';
import type { FixtureUser } from '../support/confluenceHost';
import { ADMIN, installSite, type Site } from '../support/sites';

const sites: Site[] = [];
let app: TestApp;
useTestApp({ sites }, (started) => (app = started));

const ZOE: FixtureUser = { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe@example.com', groups: ['confluence-users'] };
const BO: FixtureUser = { accountId: 'acc-bo', displayName: 'Bo Brightly', email: 'bo@example.com', groups: ['confluence-users'] };
/** An admin in hr-team, who may see the restricted category. */
const HANNA: FixtureUser = { accountId: 'acc-hanna', displayName: 'Hanna HR', email: 'hanna@example.com', groups: ['confluence-administrators', 'hr-team'], siteAdmin: true };

interface Change {
  field: string;
  label: string;
  before: unknown;
  after: unknown;
  afterText: string | null;
  source: string | null;
}
interface Event {
  id: string;
  action: string;
  by: string;
  actor: { accountId: string; displayName: string | null } | null;
  subject: { type: string; id: string; displayName: string | null };
  run: { id: string; sourceName: string | null } | null;
  changes: Change[] | null;
}

async function world() {
  const s = await installSite(app, [ADMIN, ZOE, BO, HANNA]);
  sites.push(s);
  const admin = s.as(ADMIN.accountId);
  const hr = s.host.groups.find((g) => g.name === 'hr-team')!;
  const privateCat = (await admin.post('/rest/v1/categories', { name: 'Private', restrictedToGroups: [{ id: hr.id, name: hr.name }] }).expect(201)).body.id;
  const salary = (await admin.post('/rest/v1/fields', { label: 'Salary band', type: 'text', categoryId: privateCat }).expect(201)).body.key as string;
  const edit = async (as: string, who: string, values: Record<string, unknown>) => {
    const p = (await s.as(as).get(`/rest/v1/profiles/${who}`).expect(200)).body;
    await s.as(as).put(`/rest/v1/profiles/${who}`, { values, version: p.version }).expect(200);
  };
  return { s, admin, salary, edit };
}

describe('the audit log', () => {
  it('shows who changed which field from what to what, by a person or a sync run, with filters', async () => {
    const { s, admin, edit } = await world();
    await edit(ZOE.accountId, ZOE.accountId, { position: 'Engineer', phone: '+41 1' });
    await edit(ZOE.accountId, ZOE.accountId, { position: 'Lead engineer' });
    await edit(ADMIN.accountId, BO.accountId, { department: 'Sales' });
    // A sync run of an XML export changes Zoë's department.
    const source = (await admin.post('/rest/v1/sources', { kind: 'xml', name: 'HR export', settings: { location: { kind: 'upload' }, recordPath: 'people/person', matchPath: 'mail' } }).expect(201)).body.id;
    await admin.put(`/rest/v1/sources/${source}/mappings`, { mappings: [{ fieldKey: 'department', attribute: 'dept' }] }).expect(200);
    await admin.put(`/rest/v1/sources/${source}/file?name=people.xml`).set('Content-Type', 'application/xml').send('<people><person><mail>zoe@example.com</mail><dept>R&amp;D</dept></person></people>').expect(200);
    await admin.post(`/rest/v1/sources/${source}/sync`).expect(202);
    await waitFor(async () => (await Profile.findOne({ where: { tenantId: s.tenantId, accountId: ZOE.accountId } }))?.values.department === 'R&D');

    const zoes = (await admin.get(`/rest/v1/audit?person=${ZOE.accountId}`).expect(200)).body.events as Event[];
    expect(zoes.map((e) => [e.action, e.by, e.actor?.displayName ?? null])).toEqual([
      ['profile.synced', 'sync', null],
      ['profile.edited', 'person', 'Zoë Åström'],
      ['profile.edited', 'person', 'Zoë Åström'],
    ]);
    expect(zoes[0].run).toMatchObject({ sourceName: 'HR export' });
    expect(zoes[0].changes).toEqual([{ field: 'department', label: 'Department', type: 'text', before: null, after: 'R&D', beforeText: null, afterText: 'R&D', source: `xml:${source}` }]);
    expect(zoes[1].changes).toEqual([{ field: 'position', label: 'Position', type: 'text', before: 'Engineer', after: 'Lead engineer', beforeText: 'Engineer', afterText: 'Lead engineer', source: 'user' }]);
    expect(zoes[0].subject).toEqual({ type: 'profile', id: ZOE.accountId, displayName: 'Zoë Åström' });

    // User and select fields read as people's names and option labels.
    const team = (await admin.post('/rest/v1/categories', { name: 'Team' }).expect(201)).body.id;
    const mentor = (await admin.post('/rest/v1/fields', { label: 'Mentor', type: 'user', categoryId: team }).expect(201)).body.key as string;
    const level = (await admin.post('/rest/v1/fields', { label: 'Level', type: 'select', categoryId: team, options: [{ label: 'Junior' }, { label: 'Senior' }] }).expect(201)).body;
    await edit(ZOE.accountId, ZOE.accountId, { [mentor]: BO.accountId, [level.key]: level.options[1].id });
    const [latest] = (await admin.get(`/rest/v1/audit?person=${ZOE.accountId}&limit=1`).expect(200)).body.events as Event[];
    expect(latest.changes!.map((c) => [c.label, c.afterText])).toEqual([
      ['Mentor', 'Bo Brightly'],
      ['Level', 'Senior'],
    ]);

    const byAdmin = (await admin.get(`/rest/v1/audit?actor=${ADMIN.accountId}&action=profile.`).expect(200)).body.events as Event[];
    expect(byAdmin.map((e) => [e.action, e.subject.id])).toEqual([['profile.edited', BO.accountId]]);
    const structure = (await admin.get('/rest/v1/audit?action=field.created,category.created').expect(200)).body.events as Event[];
    expect(structure.map((e) => e.action).sort()).toEqual(['category.created', 'category.created', 'field.created', 'field.created', 'field.created']);
    const future = (await admin.get(`/rest/v1/audit?from=${new Date(Date.now() + 60_000).toISOString()}`).expect(200)).body.events;
    expect(future).toEqual([]);
    // Not for anyone but admins.
    await s.as(ZOE.accountId).get('/rest/v1/audit').expect(403);
  });

  it('pages by cursor, newest first, without gaps or repeats', async () => {
    const { s, admin } = await world();
    // One statement, one now(): 60 events at the same microsecond (as a sync writes them), and a few seconds apart.
    await app.database.sequelize.query(
      `INSERT INTO audit_events (tenant_id, actor_account_id, action, subject_type, subject_id, details, created_at)
       SELECT $1, $2, 'test.event', 'site', i::text, '{}', now() - CASE WHEN i >= 60 THEN make_interval(secs => i) ELSE interval '0' END
       FROM generate_series(0, 69) AS i`,
      { bind: [s.tenantId, ADMIN.accountId] },
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const query: string = `/rest/v1/audit?action=test.event&limit=25${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await admin.get(query).expect(200)).body as { events: Event[]; nextCursor: string | null };
      sizes.push(page.events.length);
      seen.push(...page.events.map((e) => e.subject.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([25, 25, 20]);
    expect(new Set(seen).size).toBe(70);
  });

  it('refuses bad filters with a 400 naming them', async () => {
    const { admin } = await world();
    const bad: Array<[string, string]> = [
      ['cursor=abc', 'cursor'],
      ['from=yesterday', 'from'],
      ['limit=500', 'limit'],
      ['person=not%20an%20id', 'person'],
      ['action=DROP%20TABLE', 'action'],
    ];
    for (const [query, path] of bad) {
      const res = await admin.get(`/rest/v1/audit?${query}`).expect(400);
      expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    }
  });

  it('hides changes of restricted fields from admins outside the groups, and events that only changed them', async () => {
    const { s, admin, salary, edit } = await world();
    await edit(HANNA.accountId, ZOE.accountId, { [salary]: 'B7' });
    await edit(HANNA.accountId, ZOE.accountId, { [salary]: 'B8', position: 'Manager' });
    const outsider = (await admin.get(`/rest/v1/audit?person=${ZOE.accountId}`).expect(200)).body.events as Event[];
    expect(outsider.map((e) => e.changes?.map((c) => c.field))).toEqual([['position']]);
    expect(JSON.stringify(outsider)).not.toMatch(/B7|B8|Salary/);
    const member = (await s.as(HANNA.accountId).get(`/rest/v1/audit?person=${ZOE.accountId}`).expect(200)).body.events as Event[];
    expect(member.map((e) => e.changes?.map((c) => `${c.field}:${c.after}`))).toEqual([['position:Manager', `${salary}:B8`], [`${salary}:B7`]]);
    // An erased person's events keep the keys of their changed fields: restricted ones only for members.
    await AuditEvent.bulkCreate([
      { tenantId: s.tenantId, actorAccountId: null, action: 'profile.edited', subjectType: 'profile', subjectId: 'erased-account', details: { erased: true, fields: ['position', salary] } },
      { tenantId: s.tenantId, actorAccountId: null, action: 'profile.edited', subjectType: 'profile', subjectId: 'erased-account', details: { erased: true, fields: [salary] } },
    ]);
    const erasedForOutsider = (await admin.get('/rest/v1/audit?person=erased-account').expect(200)).body.events as Array<{ details: { fields: string[] } }>;
    expect(erasedForOutsider.map((e) => e.details.fields)).toEqual([['position']]);
    const erasedForMember = (await s.as(HANNA.accountId).get('/rest/v1/audit?person=erased-account').expect(200)).body.events as Array<{ details: { fields: string[] } }>;
    expect(erasedForMember.map((e) => e.details.fields)).toEqual([[salary], ['position', salary]]);
  });
});

describe("a person's own data", () => {
  it('shows their profile history to them and admins only', async () => {
    const { s, edit } = await world();
    await edit(ZOE.accountId, ZOE.accountId, { position: 'Engineer' });
    const mine = (await s.as(ZOE.accountId).get(`/rest/v1/profiles/${ZOE.accountId}/history`).expect(200)).body.events as Event[];
    expect(mine.map((e) => e.changes?.[0].after)).toEqual(['Engineer']);
    await s.as(ADMIN.accountId).get(`/rest/v1/profiles/${ZOE.accountId}/history`).expect(200);
    const refused = await s.as(BO.accountId).get(`/rest/v1/profiles/${ZOE.accountId}/history`).expect(403);
    expect(refused.body.message).toMatch(/Only the person and the site's admins/);
  });

  it('downloads everything Rollcall holds of them that they may see, as JSON', async () => {
    const { s, salary, edit } = await world();
    await edit(ZOE.accountId, ZOE.accountId, { position: 'Engineer', phone: '+41 44 000 00 00' });
    await edit(HANNA.accountId, ZOE.accountId, { [salary]: 'B7' });
    const picture = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#00875a' } }).png().toBuffer();
    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}/picture`).set('Content-Type', 'image/png').send(picture).expect(204);
    const res = await s.as(ZOE.accountId).get(`/rest/v1/profiles/${ZOE.accountId}/export`).expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="my-profile-data.json"');
    const data = JSON.parse(res.text);
    expect(data.accountId).toBe(ZOE.accountId);
    expect(data.account).toMatchObject({ displayName: 'Zoë Åström' });
    const values = Object.fromEntries(data.profile.categories.flatMap((c: { fields: Array<{ key: string; value: unknown }> }) => c.fields.map((f) => [f.key, f.value])));
    expect(values).toMatchObject({ position: 'Engineer', phone: '+41 44 000 00 00' });
    // Zoë is not in hr-team: her salary band is not hers to see here either (restricted categories bind everyone).
    expect(values[salary]).toBeUndefined();
    expect(res.text).not.toContain('B7');
    const jpeg = Buffer.from(data.picture.base64, 'base64');
    expect((await sharp(jpeg).metadata()).width).toBe(512);
    expect(data.history.map((e: Event) => e.action)).toEqual(['picture.uploaded', 'profile.edited']);
    await s.as(BO.accountId).get(`/rest/v1/profiles/${ZOE.accountId}/export`).expect(403);
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
