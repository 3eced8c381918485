import { Account, ProfileField } from '../db/models';
import { refreshAccounts } from '../directory/accounts';
import type { ConfluenceDirectory } from '../directory/confluenceDirectory';
import { badRequest, migrationRunning } from '../errors';
import {
  hiddenMigratedFields,
  MIGRATED_KEYS,
  parseMigrationCsv,
  planMigration,
  withoutHiddenInvalid,
  type MigrationPlan,
  type MigrationReport,
  type MigrationRow,
  type MigrationState,
} from './migration';
import type { MigrationRuns } from './migrationRuns';
import type { Viewer } from './policy';

/** Options of {@link MigrationAssistant}. */
export interface MigrationAssistantOptions {
  /** Runs migrations in the background, one per tenant at a time. */
  runs: MigrationRuns;
  /** The tenant's Confluence people, read as the app. */
  directoryFor(tenantId: string): Promise<ConfluenceDirectory>;
  /** How long the answer to "does this site still give the old profile details?" is kept, in ms. Default 5 minutes. */
  detailsCheckTtlMs?: number;
}

/** Who asks: the site, the admin, and who they are for the profile policy (resolved only when values are to be shown). */
export interface MigrationAsker {
  tenantId: string;
  accountId: string;
  viewer(): Promise<Viewer>;
}

/** What a dry run or a run reads, and how. */
export interface MigrationInput {
  /** Confluence's old profile details of everyone, or a CSV file. */
  source: 'confluence' | 'csv';
  /** The CSV file's bytes (`source: 'csv'`); null when none was sent. */
  csv: Buffer | null;
  /** Also replace values a directory (LDAP, XML) filled. */
  overwriteSourceFields: boolean;
}

/** Invalid values as the asker may see them: those of hidden fields left out, no field keys. */
export type VisibleInvalid = ReturnType<typeof withoutHiddenInvalid>['invalid'];

/** A run's report as the asker may see it: `hiddenValues` counts the invalid values left out. */
export type VisibleReport = Omit<MigrationReport, 'invalid'> & { invalid: VisibleInvalid; hiddenValues: number };

/** The assistant's state for one admin. */
export interface MigrationStatus {
  /** Whether the site still gives Confluence's old profile details (otherwise only a CSV file can be migrated). */
  confluenceDetailsAvailable: boolean;
  lastRunAt: string | null;
  /** The run going or last run, with its report as the asker may see it; an interrupted run shows as failed. */
  current: (Omit<NonNullable<MigrationState['current']>, 'report'> & { report?: VisibleReport }) | null;
}

/**
 * What a dry run shows: the plan's counts, and a sample of before/after with today's labels.
 * Values of fields in categories the asker may not see are left out of the sample and the invalid
 * list, and counted in `hiddenValues` (the run still migrates them).
 */
export interface MigrationPreview {
  source: MigrationInput['source'];
  wouldChange: number;
  unchanged: number;
  unmatched: MigrationPlan['unmatched'];
  invalid: VisibleInvalid;
  keptFromSources: number;
  unknownColumns: string[];
  hiddenValues: number;
  /** Up to {@link SAMPLE_SIZE} people whose change shows at least one visible field. */
  sample: Array<{ accountId: string; displayName: string | null; line: number | null; fields: Array<{ key: string; label: string; before: unknown; after: unknown }> }>;
}

/** People shown in a dry run's sample. */
export const SAMPLE_SIZE = 10;

const RUNNING = 'A migration is running right now; wait for it to finish.';

/**
 * The Profile Migration assistant (admins): its state, the dry run and the run, from Confluence's
 * old profile details or a CSV file. One per app instance (the server creates it); it remembers,
 * per tenant and for a few minutes, whether the site still gives the old details, which the
 * page asks on every poll.
 */
export class MigrationAssistant {
  private readonly detailsCheck = new Map<string, { available: boolean; expires: number }>();
  private readonly detailsCheckTtlMs: number;

  constructor(private readonly options: MigrationAssistantOptions) {
    this.detailsCheckTtlMs = options.detailsCheckTtlMs ?? 5 * 60_000;
  }

  /** The tenant's migration state, with the report's invalid values the asker may see. */
  async status(asker: MigrationAsker): Promise<MigrationStatus> {
    const state = await this.options.runs.state(asker.tenantId);
    let current: MigrationStatus['current'] = null;
    if (state.current) {
      const { report, ...run } = state.current;
      // The report is the site's; each admin sees the values of the categories they may see.
      current = report ? { ...run, report: { ...report, ...withoutHiddenInvalid(report.invalid, await this.hiddenFor(asker)) } } : run;
    }
    return { confluenceDetailsAvailable: await this.detailsAvailable(asker), lastRunAt: state.lastRunAt, current };
  }

  /** Plans a migration without writing anything (see {@link MigrationPreview}). */
  async dryRun(asker: MigrationAsker, input: MigrationInput): Promise<MigrationPreview> {
    const { rows, unknownColumns } = await this.readRows(asker, input);
    const plan = await planMigration(asker.tenantId, rows, { overwriteSourceFields: input.overwriteSourceFields, unknownColumns });
    return this.preview(asker, input.source, plan, await this.hiddenFor(asker));
  }

  /**
   * Plans the migration and starts it in the background; returns how many people it changes.
   * 409 `migration_running` while a run is going, checked before Confluence or the file is read
   * (and again under the tenant's lock by `MigrationRuns.start`).
   */
  async run(asker: MigrationAsker, input: MigrationInput): Promise<{ total: number }> {
    const { tenantId } = asker;
    if ((await this.options.runs.state(tenantId)).current?.status === 'running') throw migrationRunning(RUNNING);
    const { rows, unknownColumns } = await this.readRows(asker, input);
    const plan = await planMigration(tenantId, rows, { overwriteSourceFields: input.overwriteSourceFields, unknownColumns });
    const report: MigrationReport = {
      source: input.source,
      migrated: plan.changes.length,
      unchanged: plan.unchanged,
      unmatched: plan.unmatched,
      invalid: plan.invalid,
      keptFromSources: plan.keptFromSources,
    };
    await this.options.runs.start(tenantId, asker.accountId, plan, report);
    return { total: plan.changes.length };
  }

  /** The rows to migrate: the CSV file's, or everyone's old Confluence details. Matching needs the site's people with their emails as Confluence has them now, so both refresh the accounts first. */
  private async readRows(asker: MigrationAsker, input: MigrationInput): Promise<{ rows: MigrationRow[]; unknownColumns: string[] }> {
    if (input.source === 'csv') {
      if (!input.csv || input.csv.length === 0) throw badRequest('Send the CSV file as the request body.');
      const parsed = parseMigrationCsv(input.csv);
      await refreshAccounts(asker.tenantId, await this.options.directoryFor(asker.tenantId));
      return parsed;
    }
    const directory = await this.options.directoryFor(asker.tenantId);
    if (!(await this.detailsAvailable(asker, directory))) throw badRequest('This site does not provide Confluence profile details any more: upload a CSV file instead.');
    return { rows: await this.confluenceRows(asker.tenantId, directory), unknownColumns: [] };
  }

  /** Every active person's old Confluence profile details, as migration rows of the six fields. */
  private async confluenceRows(tenantId: string, directory: ConfluenceDirectory): Promise<MigrationRow[]> {
    await refreshAccounts(tenantId, directory);
    const accounts = await Account.findAll({ attributes: ['accountId'], where: { tenantId, active: true } });
    const details = await directory.profileDetails(accounts.map((a) => a.accountId));
    return details.map(({ accountId, values }) => ({
      identifier: { kind: 'accountId', value: accountId },
      values: Object.fromEntries(MIGRATED_KEYS.filter((k) => values[k]).map((k) => [k, values[k]])),
    }));
  }

  /** Whether the site still gives the old profile details (Cloud withdrew them), asked with the asker's own account; remembered per tenant. */
  private async detailsAvailable(asker: MigrationAsker, directory?: ConfluenceDirectory): Promise<boolean> {
    const cached = this.detailsCheck.get(asker.tenantId);
    if (cached && cached.expires > Date.now()) return cached.available;
    const available = (await (directory ?? (await this.options.directoryFor(asker.tenantId))).profileDetailsOf(asker.accountId)) !== null;
    // Bounded: an instance serving very many sites forgets them all at once rather than grow.
    if (this.detailsCheck.size > 10_000) this.detailsCheck.clear();
    this.detailsCheck.set(asker.tenantId, { available, expires: Date.now() + this.detailsCheckTtlMs });
    return available;
  }

  private async hiddenFor(asker: MigrationAsker) {
    return hiddenMigratedFields(asker.tenantId, await asker.viewer());
  }

  private async preview(asker: MigrationAsker, source: MigrationInput['source'], plan: MigrationPlan, hidden: Awaited<ReturnType<typeof hiddenMigratedFields>>): Promise<MigrationPreview> {
    const { tenantId } = asker;
    const labels = new Map((await ProfileField.findAll({ attributes: ['key', 'label'], where: { tenantId, key: MIGRATED_KEYS } })).map((f) => [f.key, f.label]));
    const visibleKeys = (values: Record<string, unknown>) => Object.keys(values).filter((k) => !hidden.keys.has(k));
    const sample = plan.changes.filter((c) => visibleKeys(c.after).length > 0).slice(0, SAMPLE_SIZE);
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
    };
  }
}
