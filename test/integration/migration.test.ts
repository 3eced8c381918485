import { AuditEvent, Profile, TenantSetting } from '../../src/db/models';
import { postgresAdvisoryLocks } from '../../src/sync/runs/sourceLock';
import { useTestApp, type TestApp } from '../support/app';
import { buildProfile } from '../support/builders';
import { refuseWrites } from '../support/faults';
import type { FixtureUser } from '../support/confluenceHost';
import { ADMIN, installSite, type Site } from '../support/sites';

let app: TestApp;
const sites: Site[] = [];

useTestApp({ sites }, (started) => (app = started));

const ANN: FixtureUser = {
  accountId: 'acc-ann',
  displayName: 'Ann Old',
  email: 'ann@example.com',
  groups: ['confluence-users'],
  details: { personal: { phone: '+41 44 111 22 33', im: 'ann.old', website: 'https://ann.example' }, business: { position: 'Archivist', department: 'Records', location: 'Basel' } },
};
const BEN: FixtureUser = { accountId: 'acc-ben', displayName: 'Ben New', email: 'ben@example.com', groups: ['confluence-users'], details: { business: { position: 'Clerk' } } };

async function site(userDetails: boolean): Promise<Site> {
  const s = await installSite(app, [ADMIN, ANN, BEN]);
  s.host.userDetails = userDetails;
  sites.push(s);
  return s;
}

const admin = (s: Site) => s.as(ADMIN.accountId);

async function finished(s: Site) {
  for (let i = 0; i < 100; i++) {
    const state = (await admin(s).get('/rest/v1/migration').expect(200)).body;
    if (state.current && state.current.status !== 'running') return state;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the migration did not finish');
}

const csv = (s: Site, text: string, mode: 'dry-run' | 'run', query = '') =>
  admin(s).post(`/rest/v1/migration/${mode}?source=csv${query}`).set('Content-Type', 'text/csv').send(Buffer.from(text));

describe('Profile Migration from Confluence', () => {
  it('on a site that still has profile details: dry run first, then the run copies them into the six fields', async () => {
    const s = await site(true);
    const status = (await admin(s).get('/rest/v1/migration').expect(200)).body;
    expect(status).toMatchObject({ confluenceDetailsAvailable: true, lastRunAt: null, showHint: true });
    await admin(s).patch('/rest/v1/fields/position', { label: 'Job title' }).expect(200);

    const dry = (await admin(s).post('/rest/v1/migration/dry-run?source=confluence').expect(200)).body;
    expect(dry).toMatchObject({ source: 'confluence', wouldChange: 2, warning: expect.stringContaining('overwrites') });
    const ann = dry.sample.find((x: { accountId: string }) => x.accountId === 'acc-ann');
    expect(ann.fields).toContainEqual({ key: 'position', label: 'Job title', before: null, after: 'Archivist' });
    expect(await Profile.count({ where: { tenantId: s.tenantId } })).toBe(0); // a dry run writes nothing

    await admin(s).post('/rest/v1/migration/run?source=confluence').expect(202);
    const state = await finished(s);
    expect(state).toMatchObject({ showHint: false, current: { status: 'succeeded', report: { migrated: 2 } } });
    expect(state.lastRunAt).not.toBeNull();
    const stored = await Profile.findOne({ where: { tenantId: s.tenantId, accountId: 'acc-ann' } });
    expect(stored!.values).toEqual({ phone: '+41 44 111 22 33', im: 'ann.old', website: 'https://ann.example', position: 'Archivist', department: 'Records', location: 'Basel' });
    expect(stored!.valueSources.position).toBe('migration');
    const view = (await s.as('acc-ann').get('/rest/v1/profiles/acc-ann').expect(200)).body;
    expect(view.categories.flatMap((c: { fields: object[] }) => c.fields).find((f: { key: string }) => f.key === 'location').origin).toEqual({ kind: 'migration' });
    expect(await AuditEvent.count({ where: { tenantId: s.tenantId, action: 'profile.migrated' } })).toBe(2);

    // It can always run again; nothing changes the second time.
    await admin(s).post('/rest/v1/migration/run?source=confluence').expect(202);
    expect((await finished(s)).current.report).toMatchObject({ migrated: 0, unchanged: 3 }); // the admin had nothing to migrate
  });

  it('on a site that no longer provides them, says so and offers the file', async () => {
    const s = await site(false);
    expect((await admin(s).get('/rest/v1/migration').expect(200)).body.confluenceDetailsAvailable).toBe(false);
    const res = await admin(s).post('/rest/v1/migration/dry-run?source=confluence').expect(400);
    expect(res.body.message).toMatch(/upload a CSV file instead/);
  });

  it('is for admins only', async () => {
    const s = await site(true);
    await s.as('acc-ann').get('/rest/v1/migration').expect(403);
    await s.as('acc-ann').post('/rest/v1/migration/run?source=confluence').expect(403);
  });
});

describe('Profile Migration from a CSV file', () => {
  const FILE =
    '\uFEFFEmail;Phone;Position;Department;Website;Shoe size\n' +
    'ann@example.com;"+41 44 000 00 00";"Head; Records";"Archive\nand Library";https://ann.example/new;42\n' +
    'BEN@example.com;;Clerk;Front office;not a web address;41\n' +
    'nobody@example.com;123;X;Y;;40\n';

  it('reads ; or , separators, a BOM, quoted values with separators and line breaks, and reports the rest', async () => {
    const s = await site(false);
    const dry = (await csv(s, FILE, 'dry-run').expect(200)).body;
    expect(dry).toMatchObject({ source: 'csv', wouldChange: 2, unknownColumns: ['shoe size'] });
    expect(dry.unmatched).toEqual([{ line: 5, identifier: 'nobody@example.com' }]);
    expect(dry.invalid).toEqual([
      // The quoted line break was read as part of the value; Department is a single-line field.
      { line: 2, identifier: 'ann@example.com', field: 'Department', value: 'Archive\nand Library', reason: 'Department must be a single line' },
      { line: 4, identifier: 'BEN@example.com', field: 'Website', value: 'not a web address', reason: 'Website must be a web address starting with http:// or https://' },
    ]);
    expect(await Profile.count({ where: { tenantId: s.tenantId } })).toBe(0);

    await csv(s, FILE, 'run').expect(202);
    const state = await finished(s);
    expect(state.current.report).toMatchObject({ migrated: 2, unmatched: [{ line: 5 }], invalid: [{ line: 2 }, { line: 4 }] });
    const ann = await Profile.findOne({ where: { tenantId: s.tenantId, accountId: 'acc-ann' } });
    expect(ann!.values).toEqual({ phone: '+41 44 000 00 00', position: 'Head; Records', website: 'https://ann.example/new' });
    const ben = await Profile.findOne({ where: { tenantId: s.tenantId, accountId: 'acc-ben' } });
    expect(ben!.values).toEqual({ position: 'Clerk', department: 'Front office' }); // the bad website was skipped, not stored

    const commas = (await csv(s, 'accountId,location\nacc-ann,"Zürich, Switzerland"\n', 'dry-run').expect(200)).body;
    expect(commas.sample[0].fields).toEqual([{ key: 'location', label: 'Location', before: null, after: 'Zürich, Switzerland' }]);
  });

  it('does not overwrite fields a directory fills unless asked to', async () => {
    const s = await site(false);
    await buildProfile(s.tenantId, { department: 'From LDAP' }, { accountId: 'acc-ann', valueSources: { department: 'ldap:1' } });
    const kept = (await csv(s, 'email,department\nann@example.com,Archive\n', 'dry-run').expect(200)).body;
    expect(kept).toMatchObject({ wouldChange: 0, keptFromSources: 1 });
    const overwritten = (await csv(s, 'email,department\nann@example.com,Archive\n', 'dry-run', '&overwriteSourceFields=true').expect(200)).body;
    expect(overwritten.wouldChange).toBe(1);
  });

  it('refuses a file without an identifier column or any of the six fields, naming the body (the file) as the problem', async () => {
    const s = await site(false);
    const refused = (await csv(s, 'name;phone\nAnn;1\n', 'dry-run').expect(400)).body;
    expect(refused.message).toMatch(/no identifier column/);
    // The page shows a problem whose details name the body next to its file input.
    expect(refused.details).toEqual([{ path: 'body', message: refused.message }]);
    expect((await csv(s, 'email;shoe\na@b.c;1\n', 'dry-run').expect(400)).body.message).toMatch(/none of the fields/);
  });

  it('needs to be told where to read from, and a file when that is a CSV file', async () => {
    const s = await site(false);
    for (const query of ['', '?source=ldap']) {
      const refused = (await admin(s).post(`/rest/v1/migration/dry-run${query}`).expect(400)).body;
      expect(refused).toMatchObject({ error: 'validation_failed', details: [{ path: 'source', message: 'must be confluence or csv' }] });
    }
    expect((await admin(s).post('/rest/v1/migration/run?source=csv').expect(400)).body.message).toBe('Send the CSV file as the request body.');
    expect(await Profile.count({ where: { tenantId: s.tenantId } })).toBe(0);
  });
});

describe('Profile Migration runs that fail, hang or overlap', () => {
  const sequelize = () => app.database.sequelize;
  const state = async (s: Site) => (await admin(s).get('/rest/v1/migration').expect(200)).body;

  it('a run whose failure cannot be recorded is not left "running": it shows as interrupted and the next run starts', async () => {
    const s = await site(true);
    const tenant = Number(s.tenantId);
    // The run's profile writes fail, and so does every write of its end (as in a database outage).
    const restoreProfiles = await refuseWrites(sequelize(), { table: 'profiles', event: 'INSERT', when: `NEW.tenant_id = ${tenant}` });
    const restoreEnd = await refuseWrites(sequelize(), { table: 'tenant_settings', event: 'UPDATE', when: `NEW.tenant_id = ${tenant} AND NEW.key = 'migration' AND NEW.value->'current'->>'status' <> 'running'` });
    try {
      await admin(s).post('/rest/v1/migration/run?source=confluence').expect(202);
      await admin(s).post('/rest/v1/migration/run?source=confluence').expect(409); // while it goes
      let current: { status: string; message?: string } = { status: 'running' };
      for (let waited = 0; current.status === 'running'; waited += 200) {
        if (waited > 20_000) throw new Error('still running after 20 s');
        await new Promise((r) => setTimeout(r, 200));
        current = (await state(s)).current;
      }
      expect(current).toMatchObject({ status: 'failed', message: expect.stringMatching(/^The migration was interrupted/) });
      expect(current).not.toHaveProperty('owner');
    } finally {
      await restoreProfiles();
      await restoreEnd();
    }
    await admin(s).post('/rest/v1/migration/run?source=confluence').expect(202);
    expect((await finished(s)).current).toMatchObject({ status: 'succeeded', report: { migrated: 2 } });
  }, 40_000);

  it("another instance's run with a fresh heartbeat blocks a new run; once its heartbeat is stale it counts as interrupted", async () => {
    const s = await site(true);
    const running = (heartbeatAt: Date) =>
      TenantSetting.upsert({
        tenantId: s.tenantId,
        key: 'migration',
        value: { lastRunAt: null, current: { status: 'running', runId: 'r-1', owner: 'another-instance', heartbeatAt: heartbeatAt.toISOString(), startedAt: '2026-01-01T00:00:00.000Z', total: 5, done: 1 } },
      });
    await running(new Date());
    expect((await state(s)).current).toMatchObject({ status: 'running', done: 1 });
    expect((await admin(s).post('/rest/v1/migration/run?source=confluence').expect(409)).body.error).toBe('migration_running');

    await running(new Date(Date.now() - 10 * 60_000));
    expect((await state(s)).current).toMatchObject({ status: 'failed', message: expect.stringMatching(/^The migration was interrupted/) });
    await admin(s).post('/rest/v1/migration/run?source=confluence').expect(202);
    expect((await finished(s)).current).toMatchObject({ status: 'succeeded', report: { migrated: 2 } });
  });

  it("never runs while another instance holds the tenant's migration lock", async () => {
    const databaseUrl = process.env.ROLLCALL_TEST_DATABASE_URL;
    const s = await site(true);
    // The embedded database is one instance's own: its lock is in-process, and held by no other.
    const locks = databaseUrl ? postgresAdvisoryLocks(databaseUrl, 'rollcall:migration') : undefined;
    const release = await locks?.tryAcquire(s.tenantId);
    try {
      if (locks) expect(release).not.toBeNull();
      await admin(s).post('/rest/v1/migration/run?source=confluence').expect(locks ? 409 : 202);
    } finally {
      await release?.();
    }
    if (locks) await admin(s).post('/rest/v1/migration/run?source=confluence').expect(202);
    expect((await finished(s)).current.status).toBe('succeeded');
    expect(await Profile.count({ where: { tenantId: s.tenantId } })).toBe(2);
  });
});

describe('Profile Migration and restricted categories', () => {
  /** Position and Website in a category restricted to `groupName`. */
  async function restrict(s: Site, groupName: string) {
    const group = s.host.groups.find((g) => g.name === groupName)!;
    const category = (await admin(s).post('/rest/v1/categories', { name: 'HR only', restrictedToGroups: [{ id: group.id, name: group.name }] }).expect(201)).body.id;
    for (const key of ['position', 'website']) await admin(s).patch(`/rest/v1/fields/${key}`, { categoryId: category }).expect(200);
  }

  it('the dry run and the report leave out values of categories the admin may not see (and still migrate them)', async () => {
    const s = await site(true);
    s.host.groups.push({ id: 'group-hr-team', name: 'hr-team' });
    await restrict(s, 'hr-team');

    const dry = (await admin(s).post('/rest/v1/migration/dry-run?source=confluence').expect(200)).body;
    expect(dry.wouldChange).toBe(2);
    // Ann's five other values are shown; her position and website, and Ben's position, are not.
    expect(dry.sample.map((x: { accountId: string }) => x.accountId)).toEqual(['acc-ann']);
    expect(dry.sample[0].fields.map((f: { key: string }) => f.key).sort()).toEqual(['department', 'im', 'location', 'phone']);
    expect(dry.hiddenValues).toBe(3);
    expect(JSON.stringify(dry)).not.toMatch(/Archivist|Clerk|ann\.example/);

    const file = 'email;website;location\nann@example.com;not a web address;Bern\n';
    const csvDry = (await csv(s, file, 'dry-run').expect(200)).body;
    expect(csvDry).toMatchObject({ invalid: [], hiddenValues: 1 });
    expect(JSON.stringify(csvDry)).not.toContain('not a web address');

    await csv(s, file, 'run').expect(202);
    const report = (await finished(s)).current.report;
    expect(report).toMatchObject({ invalid: [], hiddenValues: 1 });
    expect(JSON.stringify(report)).not.toContain('not a web address');

    await admin(s).post('/rest/v1/migration/run?source=confluence').expect(202);
    await finished(s);
    expect((await Profile.findOne({ where: { tenantId: s.tenantId, accountId: 'acc-ben' } }))!.values).toEqual({ position: 'Clerk' });
  });

  it('an admin in the category\'s group sees them', async () => {
    const s = await site(true);
    await restrict(s, 'confluence-administrators');
    const dry = (await admin(s).post('/rest/v1/migration/dry-run?source=confluence').expect(200)).body;
    expect(dry.hiddenValues).toBe(0);
    expect(dry.sample.find((x: { accountId: string }) => x.accountId === 'acc-ben').fields).toEqual([{ key: 'position', label: 'Position', before: null, after: 'Clerk' }]);
  });
});
