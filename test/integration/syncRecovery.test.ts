import crypto from 'node:crypto';
import { SyncRun } from '../../src/db/models';
import { createLogger } from '../../src/logger';
import { OutboundGuard } from '../../src/net/outbound';
import { SecretBox } from '../../src/secrets';
import { SyncService } from '../../src/sync/runs/runner';
import { Scheduler } from '../../src/sync/runs/scheduler';
import { inProcessSourceLocks, postgresSourceLocks } from '../../src/sync/runs/sourceLock';
import { useTestApp, type TestApp } from '../support/app';
import { refuseWrites } from '../support/faults';
import type { FixtureUser } from '../support/confluenceHost';
import { ADMIN, installSite, type Site } from '../support/sites';

let app: TestApp;
const sites: Site[] = [];

useTestApp({ sites }, (started) => (app = started));

const ADA: FixtureUser = { accountId: 'acc-ada', displayName: 'Ada Lovelace', email: 'ada@example.com', groups: ['confluence-users'] };
const FILE = Buffer.from('<people><person><mail>ada@example.com</mail><unit>Engines</unit></person></people>');

/** A site with an XML source holding one person. */
async function world() {
  const site = await installSite(app, [ADMIN, ADA]);
  sites.push(site);
  const admin = site.as(ADMIN.accountId);
  const created = await admin.post('/rest/v1/sources', { kind: 'xml', name: 'HR', settings: { location: { kind: 'upload' }, recordPath: 'people/person', matchPath: 'mail' } }).expect(201);
  const sourceId = String(created.body.id);
  await admin.put(`/rest/v1/sources/${sourceId}/mappings`, { mappings: [{ fieldKey: 'department', attribute: 'unit' }] }).expect(200);
  await admin.put(`/rest/v1/sources/${sourceId}/file?name=hr.xml`).set('Content-Type', 'application/xml').send(FILE).expect(200);
  return { site, admin, sourceId };
}

/** PostgreSQL refuses the first `times` writes that end a run of `tenantId`. */
const failRunEnds = (tenantId: string, times: number) =>
  refuseWrites(app.database.sequelize, { table: 'sync_runs', event: 'UPDATE', when: `OLD.tenant_id = ${Number(tenantId)} AND OLD.status = 'running' AND NEW.status <> 'running'`, times });

async function until(condition: () => Promise<boolean>, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !(await condition()); ) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a sync run whose final write fails', () => {
  it('is written after a few tries when the database comes back', async () => {
    const w = await world();
    const restore = await failRunEnds(w.site.tenantId, 2);
    try {
      const started = await w.admin.post(`/rest/v1/sources/${w.sourceId}/sync`, {}).expect(202);
      await app.sync.waitFor(started.body.runId);
      expect(await SyncRun.findByPk(started.body.runId)).toMatchObject({ status: 'succeeded' });
    } finally {
      await restore();
    }
  });

  it('left "running" after every try, is marked failed by the periodic recovery once nobody holds its lock', async () => {
    const w = await world();
    // The recovery as the scheduler runs it, often enough for a test.
    const scheduler = new Scheduler(app.sync, createLogger('silent'), { minIntervalMinutes: 15 }, { recoverEveryMs: 200 });
    await scheduler.start();
    const restore = await failRunEnds(w.site.tenantId, 1_000_000);
    try {
      const started = await w.admin.post(`/rest/v1/sources/${w.sourceId}/sync`, {}).expect(202);
      await app.sync.waitFor(started.body.runId); // about 8 s of tries
      expect(await SyncRun.findByPk(started.body.runId)).toMatchObject({ status: 'running' });
      await restore();
      await until(async () => (await SyncRun.findByPk(started.body.runId))!.status !== 'running');
      const run = (await SyncRun.findByPk(started.body.runId))!;
      expect(run.status).toBe('failed');
      expect(run.message).toMatch(/^The run was interrupted: the app stopped, or could not record the run's end/);
      // And the source runs again.
      const again = await w.admin.post(`/rest/v1/sources/${w.sourceId}/sync`, {}).expect(202);
      await app.sync.waitFor(again.body.runId);
      expect(await SyncRun.findByPk(again.body.runId)).toMatchObject({ status: 'succeeded' });
    } finally {
      scheduler.stop();
      await restore().catch(() => undefined);
    }
  }, 40_000);

  it('the recovery of another instance leaves a run that holds its lock alone', async () => {
    const w = await world();
    const databaseUrl = process.env.ROLLCALL_TEST_DATABASE_URL;
    // Another instance: the same database and locks, none of this instance's runs in memory.
    const other = new SyncService({
      locks: databaseUrl ? postgresSourceLocks(databaseUrl) : inProcessSourceLocks(),
      secrets: new SecretBox(crypto.randomBytes(32)),
      logger: createLogger('silent'),
      directoryFor: () => Promise.reject(new Error('not used')),
      xml: { maxBytes: 1_000_000, guard: new OutboundGuard([]) },
      ldap: { guard: new OutboundGuard([]), refusePlainBind: false },
    });
    // A run going here (its end held back for a while by the failing writes).
    const restore = await failRunEnds(w.site.tenantId, 3);
    try {
      const started = await w.admin.post(`/rest/v1/sources/${w.sourceId}/sync`, {}).expect(202);
      await until(async () => (await SyncRun.count({ where: { id: started.body.runId, status: 'running' } })) === 1);
      if (databaseUrl) expect(await other.recoverInterrupted()).toBe(0); // embedded: one instance only
      await app.sync.waitFor(started.body.runId);
      expect(await SyncRun.findByPk(started.body.runId)).toMatchObject({ status: 'succeeded' });
    } finally {
      await restore();
    }
  });
});
