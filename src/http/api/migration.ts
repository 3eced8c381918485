import express, { Router, type Request } from 'express';
import type { AdminCheck } from '../../connect/adminCheck';
import type { Addon } from '../../connect/addon';
import { authenticateRest, confluenceFor, requireAdmin, type AuthContext } from '../../connect/auth';
import type { ConfluenceUser } from '../../connect/confluenceClient';
import { confluenceDirectoryFor } from '../../connect/connectConfluenceDirectory';
import type { ViewerResolver } from '../../connect/viewer';
import { Account, ProfileField } from '../../db/models';
import { refreshAccounts } from '../../directory/accounts';
import { badRequest, conflict } from '../../errors';
import { hiddenMigratedFields, MIGRATED_KEYS, parseMigrationCsv, planMigration, withoutHiddenInvalid, type MigrationPlan, type MigrationRow } from '../../profiles/migration';
import type { MigrationRuns } from '../../profiles/migrationRuns';
import { asyncHandler } from '../../asyncHandler';
import type { RateLimits } from '../rateLimit';

type UserWithDetails = ConfluenceUser & { details?: { personal?: Record<string, string>; business?: Record<string, string> } };

const DETAILS = 'details.personal,details.business';

const availability = new Map<string, { available: boolean; expires: number }>();

/** Whether this site still answers Confluence's old profile details (Cloud withdrew them); asked once per 5 minutes. */
async function detailsAvailable(addon: Addon, auth: AuthContext): Promise<boolean> {
  const cached = availability.get(auth.tenantId);
  if (cached && cached.expires > Date.now()) return cached.available;
  const me = await confluenceFor(addon, auth).getJson<UserWithDetails>('/rest/api/user', { accountId: auth.accountId, expand: DETAILS });
  const available = !!me?.details && (!!me.details.personal || !!me.details.business);
  if (availability.size > 10_000) availability.clear();
  availability.set(auth.tenantId, { available, expires: Date.now() + 5 * 60_000 });
  return available;
}

/** Every person's old Confluence profile details, 100 per bulk call, as migration rows. */
async function confluenceRows(addon: Addon, auth: AuthContext): Promise<MigrationRow[]> {
  const confluence = confluenceFor(addon, auth);
  const directory = confluenceDirectoryFor(confluence);
  await refreshAccounts(auth.tenantId, directory);
  const accounts = await Account.findAll({ attributes: ['accountId'], where: { tenantId: auth.tenantId, active: true } });
  const rows: MigrationRow[] = [];
  for (let i = 0; i < accounts.length; i += 100) {
    const ids = accounts.slice(i, i + 100).map((a) => a.accountId);
    const page = await confluence.getJson<{ results: UserWithDetails[] }>('/rest/api/user/bulk', { accountId: ids, expand: DETAILS, limit: '100' });
    for (const user of page?.results ?? []) {
      const values: Record<string, string> = { ...(user.details?.personal ?? {}), ...(user.details?.business ?? {}) };
      rows.push({ identifier: { kind: 'accountId', value: user.accountId }, values: Object.fromEntries(MIGRATED_KEYS.filter((k) => values[k]).map((k) => [k, values[k]])) });
    }
  }
  return rows;
}

async function rowsFor(addon: Addon, req: Request): Promise<{ source: 'confluence' | 'csv'; rows: MigrationRow[]; unknownColumns: string[] }> {
  if (req.query.source === 'csv') {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw badRequest('Send the CSV file as the request body.');
    const parsed = parseMigrationCsv(req.body);
    // Matching needs the site's people with their emails, as Confluence has them now.
    await refreshAccounts(req.auth!.tenantId, confluenceDirectoryFor(confluenceFor(addon, req.auth!)));
    return { source: 'csv', ...parsed };
  }
  if (req.query.source !== 'confluence') throw badRequest('source must be confluence or csv.');
  if (!(await detailsAvailable(addon, req.auth!))) throw badRequest('This site does not provide Confluence profile details any more: upload a CSV file instead.');
  return { source: 'confluence', rows: await confluenceRows(addon, req.auth!), unknownColumns: [] };
}

type Hidden = Awaited<ReturnType<typeof hiddenMigratedFields>>;

/**
 * What the dry run shows: counts, a sample of before/after with today's labels, and the warning.
 * Values of fields in categories the admin may not see are left out of the sample and the
 * invalid list, and counted in `hiddenValues`.
 */
async function presentPlan(tenantId: string, source: string, plan: MigrationPlan, hidden: Hidden) {
  const labels = new Map((await ProfileField.findAll({ attributes: ['key', 'label'], where: { tenantId, key: MIGRATED_KEYS } })).map((f) => [f.key, f.label]));
  const visibleKeys = (values: Record<string, unknown>) => Object.keys(values).filter((k) => !hidden.keys.has(k));
  const sample = plan.changes.filter((c) => visibleKeys(c.after).length > 0).slice(0, 10);
  const { invalid, hiddenValues } = withoutHiddenInvalid(plan.invalid, hidden);
  const names = new Map(
    (await Account.findAll({ attributes: ['accountId', 'displayName'], where: { tenantId, accountId: sample.map((c) => c.accountId) } })).map((a) => [a.accountId, a.displayName]),
  );
  return {
    source,
    wouldChange: plan.changes.length,
    unchanged: plan.unchanged,
    unmatched: plan.unmatched,
    invalid,
    keptFromSources: plan.keptFromSources,
    unknownColumns: plan.unknownColumns,
    hiddenValues: hiddenValues + plan.changes.reduce((n, c) => n + Object.keys(c.after).length - visibleKeys(c.after).length, 0),
    sample: sample.map((c) => ({
      accountId: c.accountId,
      displayName: names.get(c.accountId) ?? null,
      line: c.line ?? null,
      fields: visibleKeys(c.after).map((k) => ({ key: k, label: labels.get(k) ?? k, before: c.before[k] ?? null, after: c.after[k] })),
    })),
    warning: 'Migration overwrites what is already in these six Rollcall fields for the people listed.',
  };
}

/** The Profile Migration assistant's REST calls (admins). */
export function migrationRouter(addon: Addon, adminCheck: AdminCheck, options: { runs: MigrationRuns; viewers: ViewerResolver; rateLimits: RateLimits }): Router {
  const { runs, viewers, rateLimits } = options;
  const hiddenFor = async (req: Request) => hiddenMigratedFields(req.auth!.tenantId, await viewers.viewerOf(req.auth!));
  const router = Router();
  const admin = [...authenticateRest(addon), requireAdmin(addon, adminCheck)];
  const csvBody = express.raw({ type: () => true, limit: '50mb' });
  const overwrite = (req: Request) => req.query.overwriteSourceFields === 'true';

  router.get(
    '/rest/v1/migration',
    ...admin,
    asyncHandler(async (req, res) => {
      const state = await runs.state(req.auth!.tenantId);
      const { runId: _runId, owner: _owner, heartbeatAt: _heartbeatAt, report, ...current } = state.current ?? {};
      if (report) {
        // The report is the site's; each admin sees the values of the categories they may see.
        const { invalid, hiddenValues } = withoutHiddenInvalid(report.invalid, await hiddenFor(req));
        Object.assign(current, { report: { ...report, invalid, hiddenValues } });
      }
      res.json({ confluenceDetailsAvailable: await detailsAvailable(addon, req.auth!), lastRunAt: state.lastRunAt, showHint: !state.lastRunAt, current: state.current ? current : null });
    }),
  );

  router.post(
    '/rest/v1/migration/dry-run',
    ...admin,
    rateLimits.limit('migration'),
    csvBody,
    asyncHandler(async (req, res) => {
      const { source, rows, unknownColumns } = await rowsFor(addon, req);
      const plan = await planMigration(req.auth!.tenantId, rows, { overwriteSourceFields: overwrite(req), unknownColumns });
      res.json(await presentPlan(req.auth!.tenantId, source, plan, await hiddenFor(req)));
    }),
  );

  router.post(
    '/rest/v1/migration/run',
    ...admin,
    rateLimits.limit('migration'),
    csvBody,
    asyncHandler(async (req, res) => {
      const tenantId = req.auth!.tenantId;
      // Refused early (409) while a run is going, before reading Confluence or the file; start() checks again under the lock.
      if ((await runs.state(tenantId)).current?.status === 'running') throw conflict('migration_running', 'A migration is running right now; wait for it to finish.');
      const { source, rows, unknownColumns } = await rowsFor(addon, req);
      const plan = await planMigration(tenantId, rows, { overwriteSourceFields: overwrite(req), unknownColumns });
      const report = { source, migrated: plan.changes.length, unchanged: plan.unchanged, unmatched: plan.unmatched, invalid: plan.invalid, keptFromSources: plan.keptFromSources };
      await runs.start(tenantId, req.auth!.accountId, plan, report);
      res.status(202).json({ status: 'running', total: plan.changes.length });
    }),
  );
  return router;
}
