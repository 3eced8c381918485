import { Writable } from 'node:stream';
import { Op, QueryTypes } from 'sequelize';
import sharp from 'sharp';
import { Attribute, Change, Client } from 'ldapts';
import { AuditEvent, DataSource, DirectoryEntry, Profile, ProfilePicture, SyncRun } from '../../src/db/models';
import { createLogger } from '../../src/logger';
import { Scheduler } from '../../src/sync/runs/scheduler';
import { startSlapd } from '../support/slapd';
import { useTestApp, type TestApp } from '../support/app';
import { LdapFixture } from '../support/ldapFixtures';
import { ADMIN, installSite, USER, type Site } from '../support/sites';
import type { FixtureUser } from '../support/confluenceHost';

let app: TestApp;
const sites: Site[] = [];

useTestApp({ sites }, (started) => (app = started));

const people: FixtureUser[] = [
  ADMIN,
  USER,
  { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe@example.com', groups: ['confluence-users'] },
  { accountId: 'acc-jane', displayName: 'Jane Doe', email: 'JANE@example.com', groups: ['confluence-users'] },
  { accountId: 'acc-max', displayName: 'Max Boss', email: 'max@example.com', groups: ['confluence-users'] },
];

async function redSquare(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#c00' } }).jpeg().toBuffer();
}

interface World {
  site: Site;
  ldap: LdapFixture;
  sourceId: string;
  dns: Record<string, string>;
}

/** A site, a directory subtree with a small company, and an LDAP source mapped to profile fields. */
async function world(options: { pageSize?: number; goneThresholdPercent?: number; idAttribute?: string; accountMatch?: { kind: 'email' | 'accountId'; attribute: string } } = {}): Promise<World> {
  const site = await installSite(app, people);
  sites.push(site);
  const ldap = await new LdapFixture().create();
  const admin = site.as(ADMIN.accountId);

  const team = (await admin.post('/rest/v1/categories', { name: 'Team' }).expect(201)).body.id;
  await admin.post('/rest/v1/fields', { label: 'Skills', type: 'multiselect', categoryId: team, options: [{ label: 'LDAP' }, { label: 'SQL' }, { label: 'Go' }] }).expect(201);
  await admin.post('/rest/v1/fields', { label: 'Manager', type: 'user', categoryId: team }).expect(201);

  const dns: Record<string, string> = {};
  dns.max = await ldap.add({ uid: 'max', cn: 'Max Boss', sn: 'Boss', mail: 'max@example.com', title: 'CEO', departmentNumber: 'Board' });
  dns.zoe = await ldap.add({
    uid: 'zoe',
    cn: 'Zoë Åström',
    sn: 'Åström',
    mail: 'zoe@example.com',
    title: 'Directory engineer',
    telephoneNumber: ['+41 44 000 11 22', '+41 79 000 11 22'],
    departmentNumber: 'Platform',
    businessCategory: ['LDAP', 'SQL'],
    manager: dns.max,
    jpegPhoto: await redSquare(),
  });
  // A DN with an escaped comma; her email differs in case from Confluence's.
  dns.jane = await ldap.add({ uid: 'jane', cn: 'Doe, Jane', rdn: 'cn=Doe\\, Jane', sn: 'Doe', mail: 'jane@EXAMPLE.com', title: 'Analyst', manager: dns.zoe });
  dns.nobody = await ldap.add({ uid: 'ghost', cn: 'Gus Ghost', sn: 'Ghost', mail: 'gus@example.com', title: 'Not in Confluence' });
  dns.contractor = await ldap.add({ uid: 'carl', cn: 'Carl Contract', sn: 'Contract', mail: 'bo@example.com', employeeType: 'contractor', title: 'Outside the filter' });

  const created = await admin
    .post('/rest/v1/sources', {
      kind: 'ldap',
      name: 'Company LDAP',
      settings: {
        url: ldap.ldap.url,
        bindDn: ldap.ldap.reader.dn,
        baseDn: ldap.ldap.baseDn,
        additionalUserDn: `ou=${ldap.ou},ou=people`,
        userFilter: '(&(objectClass=inetOrgPerson)(!(employeeType=contractor)))',
        pictureAttribute: 'jpegPhoto',
        pageSize: options.pageSize ?? 2,
        goneThresholdPercent: options.goneThresholdPercent ?? 20,
        ...(options.idAttribute ? { idAttribute: options.idAttribute } : {}),
        ...(options.accountMatch ? { accountMatch: options.accountMatch } : {}),
      },
      bindPassword: ldap.ldap.reader.password,
    })
    .expect(201);
  const sourceId = created.body.id;
  await admin
    .put(`/rest/v1/sources/${sourceId}/mappings`, {
      mappings: [
        { fieldKey: 'position', attribute: 'title' },
        { fieldKey: 'department', attribute: 'departmentNumber' },
        { fieldKey: 'phone', attribute: 'telephoneNumber' },
        { fieldKey: 'skills', attribute: 'businessCategory' },
        { fieldKey: 'manager', attribute: 'manager' },
      ],
    })
    .expect(200);
  return { site, ldap, sourceId, dns };
}

async function syncNow(w: World): Promise<Record<string, unknown>> {
  const started = await w.site.as(ADMIN.accountId).post(`/rest/v1/sources/${w.sourceId}/sync`, { mode: 'full' }).expect(202);
  await app.sync.waitFor(started.body.runId);
  return (await w.site.as(ADMIN.accountId).get(`/rest/v1/sync-runs/${started.body.runId}`).expect(200)).body;
}

async function profileOf(w: World, accountId: string) {
  return Profile.findOne({ where: { tenantId: w.site.tenantId, accountId } });
}

describe('LDAP source settings', () => {
  it('are validated, naming each bad setting', async () => {
    const site = await installSite(app, people);
    sites.push(site);
    const res = await site
      .as(ADMIN.accountId)
      .post('/rest/v1/sources', {
        kind: 'ldap',
        name: 'Bad',
        schedule: '61 * * * *',
        settings: { url: 'http://ldap.example.com', baseDn: '', userFilter: '(objectClass=person', caCertificate: 'not a certificate', startTls: true },
      })
      .expect(400);
    const paths = res.body.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['schedule', 'settings.url', 'settings.baseDn', 'settings.userFilter', 'settings.caCertificate']));
    const ldaps = await site
      .as(ADMIN.accountId)
      .post('/rest/v1/sources', { kind: 'ldap', name: 'TLS twice', settings: { url: 'ldaps://ldap.example.com', startTls: true, baseDn: 'dc=example,dc=com' } })
      .expect(400);
    expect(ldaps.body.details).toContainEqual({ path: 'settings.startTls', message: expect.stringContaining('an ldaps:// connection is already encrypted') });
  });

  it('keep the bind password write-only: encrypted at rest, never returned or logged', async () => {
    const w = await world();
    const res = await w.site.as(ADMIN.accountId).get(`/rest/v1/sources/${w.sourceId}`).expect(200);
    expect(res.body).toMatchObject({ name: 'Company LDAP', hasBindPassword: true, schedule: '0 */3 * * *', scheduleDescription: expect.stringMatching(/3 hours/) });
    expect(JSON.stringify(res.body)).not.toContain(w.ldap.ldap.reader.password);
    const stored = await DataSource.findByPk(w.sourceId);
    expect(stored!.secretsEncrypted).not.toContain(w.ldap.ldap.reader.password);
    expect(JSON.stringify(stored!.settings)).not.toContain(w.ldap.ldap.reader.password);
    await syncNow(w);
    expect(app.logs.join('\n')).not.toContain(w.ldap.ldap.reader.password);
    // Absent keeps it; null clears it.
    await w.site.as(ADMIN.accountId).patch(`/rest/v1/sources/${w.sourceId}`, { name: 'Renamed' }).expect(200);
    expect((await w.site.as(ADMIN.accountId).get(`/rest/v1/sources/${w.sourceId}`)).body.hasBindPassword).toBe(true);
    await w.site.as(ADMIN.accountId).patch(`/rest/v1/sources/${w.sourceId}`, { bindPassword: null }).expect(200);
    expect((await w.site.as(ADMIN.accountId).get(`/rest/v1/sources/${w.sourceId}`)).body.hasBindPassword).toBe(false);
  });

  it('are for admins only, and another site\'s source is not found', async () => {
    const w = await world();
    await w.site.as(USER.accountId).get('/rest/v1/sources').expect(403);
    await w.site.as(USER.accountId).post(`/rest/v1/sources/${w.sourceId}/sync`, {}).expect(403);
    const other = await installSite(app, people);
    sites.push(other);
    await other.as(ADMIN.accountId).get(`/rest/v1/sources/${w.sourceId}`).expect(404);
    await other.as(ADMIN.accountId).post(`/rest/v1/sources/${w.sourceId}/sync`, {}).expect(404);
    await other.as(ADMIN.accountId).post(`/rest/v1/sources/${w.sourceId}/test`, {}).expect(404);
  });
});

describe('Save and test connection', () => {
  it('binds, reads the rootDSE, counts under the user base and maps sample users', async () => {
    const w = await world();
    const res = await w.site.as(ADMIN.accountId).post(`/rest/v1/sources/${w.sourceId}/test`).expect(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.steps.map((s: { step: string; ok: boolean }) => `${s.step}:${s.ok}`)).toEqual(['connect:true', 'rootDse:true', 'idAttribute:true', 'count:true', 'samples:true']);
    expect(res.body).toMatchObject({ idAttribute: 'entryUUID', count: 4, rootDse: { pagedResults: true } });
    const zoe = res.body.samples.find((s: { matchValue: string }) => s.matchValue === 'zoe@example.com');
    expect(zoe.values).toMatchObject({ position: 'Directory engineer', department: 'Platform', phone: '+41 44 000 11 22' });
    expect(zoe.hasPicture).toBe(true);
  });

  it.each([
    ['a wrong password', { bindPassword: 'wrong' }, 'bind', 49],
    ['a base DN that does not exist', { settings: { baseDn: 'dc=nowhere,dc=test' } }, 'search', 32],
    ['an unreachable server', { settings: { url: 'ldap://127.0.0.1:9', connectTimeoutMs: 500 } }, 'connect', undefined],
  ] as const)('names the failing step for %s, with the usual causes', async (_name, change, step, code) => {
    const w = await world();
    const current = (await w.site.as(ADMIN.accountId).get(`/rest/v1/sources/${w.sourceId}`)).body;
    // A changed URL drops the stored password: the change sends it again.
    const patch = 'settings' in change ? { settings: { ...current.settings, ...change.settings }, bindPassword: w.ldap.ldap.reader.password } : change;
    await w.site.as(ADMIN.accountId).patch(`/rest/v1/sources/${w.sourceId}`, patch).expect(200);
    const res = await w.site.as(ADMIN.accountId).post(`/rest/v1/sources/${w.sourceId}/test`).expect(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.steps.at(-1)).toMatchObject({ ok: false });
    expect(res.body.error.message).not.toContain(w.ldap.ldap.reader.password);
    expect(res.body.error.step).toBe(step);
    if (code) expect(res.body.error.resultCode).toBe(code);
    expect(res.body.error.usualCauses.length).toBeGreaterThan(0);
  });
});

describe('full sync', () => {
  it('fills profiles from the directory: non-ASCII, escaped DNs, multi-values, a photo, a manager chain, the filter', async () => {
    const w = await world();
    const run = await syncNow(w);
    expect(run).toMatchObject({ status: 'succeeded', mode: 'full', trigger: 'manual', counts: { seen: 4, added: 3, updated: 0, unchanged: 0, unmatched: 1, failed: 0, removed: 0 } });

    const zoe = await profileOf(w, 'acc-zoe');
    const fields = (await w.site.as(ADMIN.accountId).get('/rest/v1/fields')).body.fields as Array<{ key: string; options: Array<{ id: string; label: string }> }>;
    const skills = fields.find((f) => f.key === 'skills')!;
    expect(zoe!.values).toEqual({
      position: 'Directory engineer',
      department: 'Platform',
      phone: '+41 44 000 11 22',
      skills: skills.options.filter((o) => o.label !== 'Go').map((o) => o.id),
      manager: 'acc-max',
    });
    expect(zoe!.valueSources.position).toBe(`ldap:${w.sourceId}`);
    // The report came before her manager in the same run: resolved at the end of the run.
    expect((await profileOf(w, 'acc-jane'))!.values).toMatchObject({ position: 'Analyst', manager: 'acc-zoe' });
    expect((await profileOf(w, 'acc-max'))!.values).toEqual({ position: 'CEO', department: 'Board' });
    // Outside the filter: Bo's Confluence account matches the contractor's email, but the entry is not read.
    expect(await profileOf(w, USER.accountId)).toBeNull();

    // The photo is kept as it came; its renditions are made when they are first asked for.
    const picture = await ProfilePicture.findOne({ where: { tenantId: w.site.tenantId, accountId: 'acc-zoe' } });
    expect(picture).toMatchObject({ source: `ldap:${w.sourceId}`, contentType: 'image/jpeg', original: await redSquare(), size512: null, size128: null, size48: null });
    for (const size of [512, 128, 48]) {
      const res = await w.site.as(USER.accountId).get(`/rest/v1/profiles/acc-zoe/picture?size=${size}`).buffer(true).expect(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(await sharp(res.body as Buffer).metadata()).toMatchObject({ format: 'jpeg', width: size, height: size });
    }

    const jane = await DirectoryEntry.findOne({ where: { tenantId: w.site.tenantId, accountId: 'acc-jane' } });
    expect(jane!.dn.toLowerCase()).toContain('doe\\, jane');
    const unmatched = await DirectoryEntry.findOne({ where: { tenantId: w.site.tenantId, matchKey: 'gus@example.com' } });
    expect(unmatched!.accountId).toBeNull();
  });

  it('matches entries by an attribute holding the Atlassian account id when told to', async () => {
    const w = await world({ accountMatch: { kind: 'accountId', attribute: 'employeeNumber' } });
    await w.ldap.modify(w.dns.max, { employeeNumber: 'acc-max' });
    await w.ldap.modify(w.dns.zoe, { employeeNumber: ' acc-zoe ' }); // trimmed
    await w.ldap.modify(w.dns.nobody, { employeeNumber: 'acc-nobody-knows' });
    // Jane has none: her email no longer counts.
    const run = await syncNow(w);
    expect(run.counts).toMatchObject({ seen: 4, added: 2, unmatched: 2, failed: 0 });
    expect((await profileOf(w, 'acc-zoe'))!.values).toMatchObject({ position: 'Directory engineer', manager: 'acc-max' });
    expect(await profileOf(w, 'acc-jane')).toBeNull();
  });

  it('a second run with nothing changed writes nothing', async () => {
    const w = await world();
    await syncNow(w);
    const before = await Profile.findAll({ where: { tenantId: w.site.tenantId }, order: [['accountId', 'ASC']] });
    const audits = await AuditEvent.count({ where: { tenantId: w.site.tenantId } });
    const run = await syncNow(w);
    expect(run.counts).toEqual({ seen: 4, added: 0, updated: 0, unchanged: 3, unmatched: 1, failed: 0, removed: 0 });
    const after = await Profile.findAll({ where: { tenantId: w.site.tenantId }, order: [['accountId', 'ASC']] });
    expect(after.map((p) => [p.accountId, p.version, p.updatedAt.toISOString()])).toEqual(before.map((p) => [p.accountId, p.version, p.updatedAt.toISOString()]));
    expect(await AuditEvent.count({ where: { tenantId: w.site.tenantId } })).toBe(audits);
  });

  it('audits a first import as one event for the run with the created count, and later changes per profile', async () => {
    // Page size 2: the three people matched come in two pages (Jane after her manager Zoë is deferred).
    const w = await world();
    const first = await syncNow(w);
    const events = async () =>
      (await AuditEvent.findAll({ where: { tenantId: w.site.tenantId, action: { [Op.in]: ['profiles.created', 'profile.synced'] } }, order: [['id', 'ASC']] })).map((e) => ({
        action: e.action,
        subject: `${e.subjectType}:${e.subjectId}`,
        details: e.details,
      }));
    const source = await DataSource.findByPk(w.sourceId);
    expect(await events()).toEqual([
      { action: 'profiles.created', subject: `sync_run:${first.id}`, details: { runId: String(first.id), sourceId: String(w.sourceId), source: `ldap:${source!.id}`, created: 3 } },
    ]);

    await w.ldap.modify(w.dns.max, { title: 'Chief Executive' });
    const second = await syncNow(w);
    expect((await events()).slice(1)).toEqual([
      {
        action: 'profile.synced',
        subject: 'profile:acc-max',
        details: { runId: String(second.id), source: `ldap:${source!.id}`, fields: { position: { before: 'CEO', after: 'Chief Executive', source: `ldap:${source!.id}` } } },
      },
    ]);
  });

  it('follows a change, a move to another OU and a deletion in LDAP', async () => {
    // One of four people leaves: 25%, so the safety threshold is raised for this test.
    const w = await world({ goneThresholdPercent: 30 });
    await syncNow(w);
    const zoeEntry = await DirectoryEntry.findOne({ where: { tenantId: w.site.tenantId, accountId: 'acc-zoe' } });

    await w.ldap.modify(w.dns.max, { title: 'Chief Executive' });
    const elsewhere = await w.ldap.addOu('moved');
    const movedDn = await w.ldap.move(w.dns.zoe, 'cn=Zoë Åström', elsewhere);
    await w.ldap.remove(w.dns.jane);

    const run = await syncNow(w);
    // Max changed; Zoë moved (her DN is part of the entry); Jane is gone.
    expect(run.counts).toMatchObject({ seen: 3, updated: 2, unchanged: 0, unmatched: 1, removed: 1, failed: 0 });
    expect((await profileOf(w, 'acc-max'))!.values.position).toBe('Chief Executive');

    const moved = await DirectoryEntry.findOne({ where: { tenantId: w.site.tenantId, accountId: 'acc-zoe' } });
    expect(moved!.externalId).toBe(zoeEntry!.externalId);
    expect(moved!.dn.toLowerCase()).toBe(movedDn.toLowerCase());
    expect((await profileOf(w, 'acc-zoe'))!.version).toBe(1); // a move is not a profile change

    const jane = await profileOf(w, 'acc-jane');
    expect(jane!.leftDirectoryAt).not.toBeNull();
    expect(jane!.values.position).toBe('Analyst'); // values are kept

    // Jane comes back with what she had: she is in the directory again, her values unchanged.
    await w.ldap.add({ uid: 'jane', cn: 'Doe, Jane', rdn: 'cn=Doe\\, Jane', sn: 'Doe', mail: 'jane@EXAMPLE.com', title: 'Analyst', manager: movedDn });
    expect((await syncNow(w)).counts).toMatchObject({ seen: 4, added: 1, removed: 0 });
    const back = await profileOf(w, 'acc-jane');
    expect(back!.leftDirectoryAt).toBeNull();
    expect(back!.values).toMatchObject({ position: 'Analyst', manager: 'acc-zoe' });
  });

  it('stores the picture of an entry that had no account when it gets one', async () => {
    const w = await world();
    await w.ldap.modify(w.dns.nobody, { jpegPhoto: await redSquare() });
    expect((await syncNow(w)).counts).toMatchObject({ unmatched: 1 });
    // Gus takes an address Confluence knows (Bo's): his entry, photo unchanged, now fills Bo's profile.
    await w.ldap.modify(w.dns.nobody, { mail: USER.email! });
    expect((await syncNow(w)).counts).toMatchObject({ added: 1, unmatched: 0 });
    expect(await ProfilePicture.findOne({ where: { tenantId: w.site.tenantId, accountId: USER.accountId } })).toMatchObject({ source: `ldap:${w.sourceId}`, original: await redSquare() });
  });

  it('stops before marking more than the threshold of people as gone', async () => {
    const w = await world();
    await syncNow(w);
    await w.ldap.remove(w.dns.jane);
    await w.ldap.remove(w.dns.nobody);
    const run = await syncNow(w);
    expect(run.status).toBe('failed');
    expect(run.message).toMatch(/2 of 4 known entries \(50\.0%\).*threshold of 20%.*Nothing was marked/);
    expect(await DirectoryEntry.count({ where: { tenantId: w.site.tenantId, sourceId: w.sourceId, goneAt: { [Op.ne]: null } } })).toBe(0);
    expect((await profileOf(w, 'acc-jane'))!.leftDirectoryAt).toBeNull();
  });

  it('a second run of the same source is refused while one is going', async () => {
    const w = await world();
    w.site.host.rateLimitNext(1, 1); // the first run waits a second for Confluence
    const first = await w.site.as(ADMIN.accountId).post(`/rest/v1/sources/${w.sourceId}/sync`, {}).expect(202);
    const second = await w.site.as(ADMIN.accountId).post(`/rest/v1/sources/${w.sourceId}/sync`, {}).expect(409);
    expect(second.body).toMatchObject({ error: 'sync_running', message: '"Company LDAP" is being synchronised right now; wait for that run to finish.' });
    await app.sync.waitFor(first.body.runId);
    await w.site.as(ADMIN.accountId).post(`/rest/v1/sources/${w.sourceId}/sync`, {}).expect(202);
  });

  it('lists its runs newest first, a page at a time, and names a bad page parameter', async () => {
    const w = await world();
    const admin = w.site.as(ADMIN.accountId);
    const ids = [(await syncNow(w)).id, (await syncNow(w)).id, (await syncNow(w)).id];
    const first = (await admin.get(`/rest/v1/sources/${w.sourceId}/runs?limit=2`).expect(200)).body;
    expect(first.runs.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1]]);
    expect(first.more).toBe(true);
    const next = (await admin.get(`/rest/v1/sources/${w.sourceId}/runs?before=${ids[1]}&limit=2`).expect(200)).body;
    expect(next).toMatchObject({ runs: [expect.objectContaining({ id: ids[0] })], more: false });
    expect((await admin.get(`/rest/v1/sources/${w.sourceId}/runs`).expect(200)).body.runs).toHaveLength(3);
    const bad = (await admin.get(`/rest/v1/sources/${w.sourceId}/runs?before=yesterday&limit=500`).expect(400)).body;
    expect(bad.details.map((d: { path: string }) => d.path).sort()).toEqual(['before', 'limit']);
  });

  it('gives reports their manager in a later run, when the manager joins the directory', async () => {
    const w = await world();
    const pending = async () =>
      (
        await DirectoryEntry.sequelize!.query<{ account_id: string }>('SELECT account_id FROM pending_profiles WHERE tenant_id = $1 ORDER BY account_id', {
          bind: [w.site.tenantId],
          type: QueryTypes.SELECT,
        })
      ).map((r) => r.account_id);
    // Jane's manager is not in the directory yet (a new hire whose entry comes later).
    // Spelt differently from the entry's own DN (upper case, spaces after the commas): DNs compare normalised.
    const newBoss = w.ldap.dnOf({ cn: 'Nia Newboss' }).toUpperCase().replace(/,/g, ', ');
    await w.ldap.modify(w.dns.jane, { manager: newBoss });
    expect((await syncNow(w)).status).toBe('succeeded');
    const jane = await profileOf(w, 'acc-jane');
    expect(jane!.values).toEqual({ position: 'Analyst' });
    expect(await pending()).toEqual(['acc-jane']);

    // Nia joins (her address is Ada's): Jane's entry did not change, but her profile gets the manager.
    await w.ldap.add({ uid: 'nia', cn: 'Nia Newboss', sn: 'Newboss', mail: ADMIN.email, title: 'Head of Analytics' });
    const run = await syncNow(w);
    expect(run.counts).toMatchObject({ seen: 5, added: 1, updated: 0, unchanged: 3 });
    expect((await profileOf(w, 'acc-jane'))!.values).toEqual({ position: 'Analyst', manager: ADMIN.accountId });
    expect((await profileOf(w, 'acc-jane'))!.version).toBe(2);
    expect(await pending()).toEqual([]);
  });

  it('skips an entry whose stable id an earlier page of the run already had, in the first run and the next', async () => {
    // A stable id attribute that is not unique (chosen by the admin): Odd has Jane's surname, pages later.
    const w = await world({ idAttribute: 'sn' });
    await w.ldap.add({ uid: 'odd', cn: 'Odd Doe', sn: 'Doe', mail: 'odd@example.com', title: 'Duplicate' });
    for (const expected of [
      { seen: 5, added: 3, unchanged: 0, failed: 1 },
      { seen: 5, added: 0, unchanged: 3, failed: 1, removed: 0 },
    ]) {
      const run = await syncNow(w);
      expect(run).toMatchObject({ status: 'succeeded', counts: expected });
      expect(run.errors).toEqual([expect.objectContaining({ reason: 'Another entry of this run has the same stable id; skipped.', dn: expect.stringContaining('cn=Odd Doe') })]);
      expect((await profileOf(w, 'acc-jane'))!.values.position).toBe('Analyst');
      expect((await profileOf(w, 'acc-jane'))!.leftDirectoryAt).toBeNull();
    }
  });

  it('records one bad entry with its DN and reason, and goes on', async () => {
    const w = await world();
    await w.ldap.add({ uid: 'odd', cn: 'Odd Skills', sn: 'Skills', mail: 'odd@example.com', businessCategory: ['Cobol'] });
    const run = await syncNow(w);
    expect(run.counts).toMatchObject({ seen: 5, added: 3, failed: 1 });
    expect(run.errors).toEqual([expect.objectContaining({ reason: 'Skills: "Cobol" is not one of its options', dn: expect.stringContaining('cn=Odd Skills') })]);
    // Every run reports it until the directory is mended, though the entry did not change.
    const again = await syncNow(w);
    expect(again.counts).toMatchObject({ seen: 5, unchanged: 3, failed: 1 });
    expect(again.errors).toEqual((run.errors as object[]).map((e) => ({ ...e, at: expect.any(String) })));
  });
});

describe('the schedule', () => {
  it('runs the source on its cron schedule, and stops when the source is disabled', async () => {
    const w = await world();
    const admin = w.site.as(ADMIN.accountId);
    const source = (await admin.get(`/rest/v1/sources/${w.sourceId}`).expect(200)).body;
    expect(new Date(source.nextRunAt).getTime()).toBeGreaterThan(Date.now());
    // A schedule fires at most every 15 minutes (SYNC_MIN_INTERVAL_MINUTES): the test fires the
    // cron task itself, as node-cron does at a quarter past, instead of waiting for the clock.
    await admin.patch(`/rest/v1/sources/${w.sourceId}`, { schedule: '*/15 * * * *' }).expect(200);
    const scheduler = new Scheduler(app.sync, createLogger('silent'), { minIntervalMinutes: 15 });
    try {
      await scheduler.reload();
      expect(scheduler.scheduled()[`${w.sourceId}:full`]).toBe('*/15 * * * *');
      await scheduler.fire(`${w.sourceId}:full`);
      const run = (await SyncRun.findOne({ where: { tenantId: w.site.tenantId, sourceId: w.sourceId } }))!;
      await app.sync.waitFor(String(run.id));
      const runs = (await admin.get(`/rest/v1/sources/${w.sourceId}/runs`).expect(200)).body.runs;
      expect(runs).toEqual([expect.objectContaining({ trigger: 'schedule', mode: 'full', status: 'succeeded' })]);

      await admin.patch(`/rest/v1/sources/${w.sourceId}`, { enabled: false }).expect(200);
      await scheduler.reload();
      expect(scheduler.scheduled()[`${w.sourceId}:full`]).toBeUndefined();
    } finally {
      scheduler.stop();
    }
  });

  it('takes 5-field schedules that run at most every 15 minutes, and says why it refuses the others', async () => {
    const w = await world();
    const admin = w.site.as(ADMIN.accountId);
    const refused = async (body: object, path: string, message: string) => {
      const res = await admin.patch(`/rest/v1/sources/${w.sourceId}`, body).expect(400);
      expect(res.body).toMatchObject({ error: 'validation_failed', details: [{ path, message }] });
    };
    await refused({ schedule: '* * * * * *' }, 'schedule', 'The schedule must have 5 fields (minute hour day-of-month month day-of-week), not 6');
    await refused({ schedule: '*/5 * * * *' }, 'schedule', 'The schedule runs every 5 minutes; the minimum is 15 minutes between runs');
    await refused({ schedule: '0,1 * * * *' }, 'schedule', 'The schedule runs 1 minute apart at times (00:00 and 00:01 UTC); the minimum is 15 minutes between runs');
    await refused({ incremental: { enabled: true, schedule: '*/5 * * * *' } }, 'incremental.schedule', 'The incremental schedule runs every 5 minutes; the minimum is 15 minutes between runs');
    const created = await admin.post('/rest/v1/sources', { kind: 'ldap', name: 'Too often', schedule: '*/10 * * * *', settings: { url: w.ldap.ldap.url, baseDn: w.ldap.ldap.baseDn } }).expect(400);
    expect(created.body.details).toEqual([{ path: 'schedule', message: 'The schedule runs every 10 minutes; the minimum is 15 minutes between runs' }]);
    // Nothing was stored.
    expect((await admin.get(`/rest/v1/sources/${w.sourceId}`).expect(200)).body.schedule).toBe('0 */3 * * *');

    for (const schedule of ['*/15 * * * *', '0 9 * * 1-5', '0,30 * * * *']) {
      expect((await admin.patch(`/rest/v1/sources/${w.sourceId}`, { schedule }).expect(200)).body).toMatchObject({ schedule, scheduleProblem: null });
    }
    await admin.patch(`/rest/v1/sources/${w.sourceId}`, { incremental: { enabled: false, schedule: '*/5 * * * *' } }).expect(200); // off: not run
  });

  it('does not run a stored schedule the rules refuse, warns once, and shows the problem on the source', async () => {
    const w = await world();
    const admin = w.site.as(ADMIN.accountId);
    // Saved before the rules (or under a lower SYNC_MIN_INTERVAL_MINUTES).
    await DataSource.update({ schedule: '* * * * * *' }, { where: { id: w.sourceId } });
    const logs: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (logs.push(String(chunk)), done()) });
    const scheduler = new Scheduler(app.sync, createLogger('warn', sink), { minIntervalMinutes: 15 });
    try {
      await scheduler.reload();
      await scheduler.reload();
      expect(scheduler.scheduled()[`${w.sourceId}:full`]).toBeUndefined();
      const warnings = logs.map((l) => JSON.parse(l)).filter((l) => l.sourceId === w.sourceId);
      expect(warnings).toEqual([expect.objectContaining({ schedule: '* * * * * *', problem: expect.stringContaining('must have 5 fields'), msg: expect.stringContaining('not allowed') })]);
      const source = (await admin.get(`/rest/v1/sources/${w.sourceId}`).expect(200)).body;
      expect(source).toMatchObject({ nextRunAt: null, scheduleProblem: expect.stringMatching(/^The schedule must have 5 fields .*: it does not run until you choose another one\.$/) });

      await admin.patch(`/rest/v1/sources/${w.sourceId}`, { schedule: '*/20 * * * *' }).expect(200);
      await scheduler.reload();
      expect(scheduler.scheduled()[`${w.sourceId}:full`]).toBe('*/20 * * * *');
    } finally {
      scheduler.stop();
    }
  });

  it('reaches the other app instances: they reload the sources, and refuse a tick of a disabled source meanwhile', async () => {
    const w = await world();
    const admin = w.site.as(ADMIN.accountId);
    // Another instance's scheduler (same database; its own cron tasks).
    const other = new Scheduler(app.sync, createLogger('silent'), { minIntervalMinutes: 15 });
    try {
      await other.reload();
      expect(other.scheduled()[`${w.sourceId}:full`]).toBe('0 */3 * * *');
      await admin.patch(`/rest/v1/sources/${w.sourceId}`, { schedule: '15 4 * * *' }).expect(200);
      await other.reload();
      expect(other.scheduled()[`${w.sourceId}:full`]).toBe('15 4 * * *');

      // Disabled through this instance: the other one's tick before it reloads starts nothing.
      await admin.patch(`/rest/v1/sources/${w.sourceId}`, { enabled: false }).expect(200);
      await expect(app.sync.start(w.site.tenantId, w.sourceId, { mode: 'full', trigger: 'schedule', startedBy: null })).rejects.toMatchObject({ id: 'source_disabled', status: 409 });
      await other.tick(w.site.tenantId, w.sourceId);
      expect(await SyncRun.count({ where: { tenantId: w.site.tenantId, sourceId: w.sourceId } })).toBe(0);
      await other.reload();
      expect(other.scheduled()[`${w.sourceId}:full`]).toBeUndefined();
    } finally {
      other.stop();
    }
  });
});

describe('a directory that goes away mid-run', () => {
  it('fails the run, keeps what earlier pages wrote, and marks nobody as gone', async () => {
    const directory = await startSlapd();
    try {
      const people = Array.from({ length: 300 }, (_, i) => ({ accountId: `acc-${i}`, displayName: `Person ${i}`, email: `p${i}@example.com`, groups: ['confluence-users'] }));
      const site = await installSite(app, [ADMIN, ...people]);
      sites.push(site);
      const client = new Client({ url: directory.url });
      await client.bind(directory.admin.dn, directory.admin.password);
      for (let i = 0; i < people.length; i++) {
        // Everyone names a manager who is not in the directory: every profile waits for them (pending).
        await client.add(`uid=p${i},${directory.peopleDn}`, { objectClass: 'inetOrgPerson', uid: `p${i}`, cn: `Person ${i}`, sn: `${i}`, mail: `p${i}@example.com`, title: 'Before', manager: `uid=nobody,${directory.peopleDn}` });
      }
      const admin = site.as(ADMIN.accountId);
      const created = await admin
        .post('/rest/v1/sources', {
          kind: 'ldap',
          name: 'Fragile LDAP',
          settings: { url: directory.url, bindDn: directory.reader.dn, baseDn: directory.baseDn, additionalUserDn: 'ou=people', pageSize: 3 },
          bindPassword: directory.reader.password,
        })
        .expect(201);
      const team = (await admin.post('/rest/v1/categories', { name: 'Team' }).expect(201)).body.id;
      await admin.post('/rest/v1/fields', { label: 'Manager', type: 'user', categoryId: team }).expect(201);
      await admin
        .put(`/rest/v1/sources/${created.body.id}/mappings`, {
          mappings: [
            { fieldKey: 'position', attribute: 'title' },
            { fieldKey: 'manager', attribute: 'manager' },
          ],
        })
        .expect(200);
      const first = await admin.post(`/rest/v1/sources/${created.body.id}/sync`, {}).expect(202);
      await app.sync.waitFor(first.body.runId);
      expect((await admin.get(`/rest/v1/sync-runs/${first.body.runId}`)).body).toMatchObject({ status: 'succeeded', counts: { added: 300 } });

      for (let i = 0; i < people.length; i++) {
        await client.modify(`uid=p${i},${directory.peopleDn}`, new Change({ operation: 'replace', modification: new Attribute({ type: 'title', values: ['After'] }) }));
      }
      await client.unbind();

      const second = await admin.post(`/rest/v1/sources/${created.body.id}/sync`, {}).expect(202);
      for (let i = 0; i < 1000; i++) {
        const run = await SyncRun.findByPk(second.body.runId);
        if ((run!.progress.done ?? 0) >= 30) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      await directory.stop();
      await app.sync.waitFor(second.body.runId);

      const run = (await admin.get(`/rest/v1/sync-runs/${second.body.runId}`)).body;
      expect(run.status).toBe('failed');
      expect(run.message).toMatch(/search/i);
      expect(run.counts.seen).toBeGreaterThanOrEqual(30);
      expect(run.counts.seen).toBeLessThan(300);
      // The pages read before the failure deferred their profiles (the manager never resolves): the
      // failed run still wrote them.
      const titles = (await Profile.findAll({ where: { tenantId: site.tenantId } })).map((p) => p.values.position);
      expect(titles.filter((t) => t === 'After').length).toBe(run.counts.updated);
      expect(titles.filter((t) => t === 'Before').length).toBe(300 - run.counts.updated);
      expect(await DirectoryEntry.count({ where: { tenantId: site.tenantId, goneAt: { [Op.ne]: null } } })).toBe(0);
      expect(await Profile.count({ where: { tenantId: site.tenantId, leftDirectoryAt: { [Op.ne]: null } } })).toBe(0);
    } finally {
      await directory.stop();
    }
  }, 60_000);
});

describe('runs interrupted by a stopped app', () => {
  it('are marked failed at the next start, unless another instance still holds their lock', async () => {
    const w = await world();
    const orphan = await SyncRun.create({ tenantId: w.site.tenantId, sourceId: w.sourceId, mode: 'full', trigger: 'schedule', status: 'running', finishedAt: null, message: null, startedBy: null });
    w.site.host.rateLimitNext(1, 1); // keeps a live run going for a second
    const live = await w.site.as(ADMIN.accountId).post(`/rest/v1/sources/${w.sourceId}/sync`, {}).expect(202);
    // The live run holds the source's lock: its orphaned sibling is left alone for now.
    expect(await app.sync.recoverInterrupted()).toBe(0);
    await app.sync.waitFor(live.body.runId);
    expect(await app.sync.recoverInterrupted()).toBeGreaterThanOrEqual(1);
    await orphan.reload();
    expect(orphan.status).toBe('failed');
    expect(orphan.message).toMatch(/interrupted/);
    expect((await SyncRun.findByPk(live.body.runId))!.status).toBe('succeeded');
  });
});
