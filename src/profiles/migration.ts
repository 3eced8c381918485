import { parse } from 'csv-parse/sync';
import { QueryTypes } from 'sequelize';
import { FieldCategory, Profile, ProfileField, TenantSetting } from '../db/models';
import { badRequest } from '../errors';
import { findAccountIdsByEmail, knownAccountIds } from '../directory/accounts';
import { DEFAULT_FIELDS } from './defaults';
import { validateValue, type FieldType } from './fieldTypes';
import { canSeeCategory, type Viewer } from './policy';

/**
 * A problem of the CSV file: a 400 whose `details` name the request's body (the file), so the
 * page shows it next to its file input.
 */
const fileProblem = (message: string) => badRequest(message, [{ path: 'body', message }]);

/**
 * The Profile Migration assistant: copies existing profile data (Confluence's old profile details,
 * or a CSV file from a Server/Data Center site) into the six default fields, addressed by their
 * stable keys whatever their labels are now. A dry run plans; a run writes what the plan says,
 * with the source "migration".
 */

export const MIGRATED_KEYS = DEFAULT_FIELDS.map((f) => f.key); // phone, im, website, position, department, location
export type MigratedKey = (typeof MIGRATED_KEYS)[number];

/** One person's data to migrate, from either source. */
export interface MigrationRow {
  /** The CSV line the row starts on (Confluence rows: none). */
  line?: number;
  identifier: { kind: 'email' | 'accountId'; value: string };
  values: Partial<Record<string, string>>;
}

export interface MigrationPlan {
  changes: Array<{ accountId: string; line?: number; before: Record<string, unknown>; after: Record<string, unknown> }>;
  unchanged: number;
  unmatched: Array<{ line?: number; identifier: string }>;
  /** `key`: the field's key (reports stored before it was added have none). */
  invalid: Array<{ line?: number; identifier: string; key?: string; field: string; value: string; reason: string }>;
  /** Values not migrated because a directory (LDAP, XML) fills that field and overwriting was not asked for. */
  keptFromSources: number;
  /** CSV columns that are neither the identifier nor one of the six fields (ignored). */
  unknownColumns: string[];
}

const IDENTIFIER_COLUMNS: Record<string, 'email' | 'accountId'> = { accountid: 'accountId', 'account id': 'accountId', account_id: 'accountId', email: 'email', 'e-mail': 'email', mail: 'email' };

/**
 * Reads a CSV export: a header row naming an identifier column (account id or email) and any of
 * the six fields (case-insensitive); `,` or `;` separators; UTF-8 with or without a BOM; quoted
 * values may hold separators and line breaks.
 */
export function parseMigrationCsv(bytes: Buffer): { rows: MigrationRow[]; unknownColumns: string[] } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw fileProblem('The file is not UTF-8 text: save it as CSV UTF-8.');
  }
  // PostgreSQL text cannot hold NUL; a CSV export never does.
  if (text.includes('\u0000')) throw fileProblem('The file holds a NUL character (\\u0000): it is not a CSV text file.');
  const headerLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (headerLine.match(/;/g)?.length ?? 0) > (headerLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), delimiter, skip_empty_lines: true, trim: true, info: true, relax_column_count: true });
  } catch (err) {
    throw fileProblem(`The CSV file cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const columns = headerLine.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
  const idColumn = columns.find((c) => IDENTIFIER_COLUMNS[c]);
  if (!idColumn) throw fileProblem(`The header row names no identifier column: add "accountId" or "email" (found: ${columns.join(', ') || 'nothing'}).`);
  const fieldColumns = columns.filter((c) => (MIGRATED_KEYS as string[]).includes(c));
  if (fieldColumns.length === 0) throw fileProblem(`The header row names none of the fields ${MIGRATED_KEYS.join(', ')}.`);
  let previousEnd = 1;
  const rows = records.map(({ record, info }) => {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    return {
      line,
      identifier: { kind: IDENTIFIER_COLUMNS[idColumn], value: (record[idColumn] ?? '').trim() },
      values: Object.fromEntries(fieldColumns.filter((c) => record[c] !== undefined).map((c) => [c, record[c]])),
    };
  });
  return { rows, unknownColumns: columns.filter((c) => c && c !== idColumn && !fieldColumns.includes(c)) };
}

/** Plans a migration without writing anything: what would change, for whom, and what is refused. */
export async function planMigration(tenantId: string, rows: MigrationRow[], options: { overwriteSourceFields: boolean; unknownColumns?: string[] }): Promise<MigrationPlan> {
  const plan: MigrationPlan = { changes: [], unchanged: 0, unmatched: [], invalid: [], keptFromSources: 0, unknownColumns: options.unknownColumns ?? [] };
  const fields = new Map((await ProfileField.findAll({ where: { tenantId, key: MIGRATED_KEYS } })).map((f) => [f.key, f]));
  const emails = await findAccountIdsByEmail(tenantId, rows.filter((r) => r.identifier.kind === 'email').map((r) => r.identifier.value.toLowerCase()));
  const ids = await knownAccountIds(tenantId, rows.filter((r) => r.identifier.kind === 'accountId').map((r) => r.identifier.value));
  const accountOf = (row: MigrationRow) => (row.identifier.kind === 'email' ? emails.get(row.identifier.value.toLowerCase()) : ids.has(row.identifier.value) ? row.identifier.value : undefined);
  const matched = rows.map((row) => ({ row, accountId: accountOf(row) }));
  const accountIds = [...new Set(matched.map((m) => m.accountId).filter((a): a is string => !!a))];
  const profiles = new Map(
    (accountIds.length ? await Profile.findAll({ attributes: ['accountId', 'values', 'valueSources'], where: { tenantId, accountId: accountIds } }) : []).map((p) => [p.accountId, p]),
  );
  for (const { row, accountId } of matched) {
    if (!row.identifier.value || !accountId) {
      plan.unmatched.push({ line: row.line, identifier: row.identifier.value || '(empty)' });
      continue;
    }
    const profile = profiles.get(accountId);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(row.values)) {
      const field = fields.get(key);
      if (!field || raw === undefined || raw.trim() === '') continue; // an empty cell migrates nothing
      const source = profile?.valueSources[key];
      if (source && /^(ldap|xml):/.test(source) && !options.overwriteSourceFields) {
        plan.keptFromSources++;
        continue;
      }
      const result = validateValue(field.type as FieldType, raw);
      if (!result.ok) {
        plan.invalid.push({ line: row.line, identifier: row.identifier.value, key, field: field.label, value: raw, reason: `${field.label} ${result.message}` });
        continue;
      }
      if (JSON.stringify(profile?.values[key] ?? null) === JSON.stringify(result.value)) continue;
      before[key] = profile?.values[key] ?? null;
      after[key] = result.value;
    }
    if (Object.keys(after).length === 0) plan.unchanged++;
    else plan.changes.push({ accountId, line: row.line, before, after });
  }
  return plan;
}

/**
 * The six fields' keys (and labels) whose category the viewer may not see: a restricted category
 * applies to admins outside its groups too (policy.ts), so the dry run and the report leave their
 * values out. The run still migrates them.
 */
export async function hiddenMigratedFields(tenantId: string, viewer: Viewer): Promise<{ keys: Set<string>; labels: Set<string> }> {
  const [fields, categories] = await Promise.all([
    ProfileField.findAll({ attributes: ['key', 'label', 'categoryId'], where: { tenantId, key: MIGRATED_KEYS } }),
    FieldCategory.findAll({ attributes: ['id', 'restrictedToGroups'], where: { tenantId } }),
  ]);
  const visible = new Set(categories.filter((c) => canSeeCategory(viewer, c)).map((c) => String(c.id)));
  const hidden = fields.filter((f) => !visible.has(String(f.categoryId)));
  return { keys: new Set(hidden.map((f) => f.key)), labels: new Set(hidden.map((f) => f.label)) };
}

/**
 * What of a plan's sample or a report's invalid values the viewer may see: entries of hidden
 * fields are left out (and counted), and the field keys kept inside are not shown.
 */
export function withoutHiddenInvalid(invalid: MigrationPlan['invalid'], hidden: { keys: Set<string>; labels: Set<string> }): { invalid: Array<Omit<MigrationPlan['invalid'][number], 'key'>>; hiddenValues: number } {
  // Without a key (an older report), the label at the time tells the field.
  const isHidden = (i: MigrationPlan['invalid'][number]) => (i.key ? hidden.keys.has(i.key) : hidden.labels.has(i.field));
  const shown = invalid.filter((i) => !isHidden(i)).map(({ key: _key, ...rest }) => rest);
  return { invalid: shown, hiddenValues: invalid.length - shown.length };
}

/** Writes a plan: multi-row, 500 profiles per statement, each value marked "migration", one audit event per person. */
export async function applyMigration(tenantId: string, actorAccountId: string, plan: MigrationPlan, onProgress?: (done: number) => Promise<void>): Promise<void> {
  const sequelize = Profile.sequelize!;
  for (let i = 0; i < plan.changes.length; i += 500) {
    const chunk = plan.changes.slice(i, i + 500);
    await sequelize.transaction(async (transaction) => {
      const rows = chunk.map((c) => ({ account_id: c.accountId, values: c.after, sources: Object.fromEntries(Object.keys(c.after).map((k) => [k, 'migration'])) }));
      await sequelize.query(
        `INSERT INTO profiles (tenant_id, account_id, "values", value_sources, version, created_at, updated_at)
         SELECT :tenantId, r.account_id, r."values", r.sources, 1, now(), now() FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(account_id text, "values" jsonb, sources jsonb)
         ON CONFLICT (tenant_id, account_id) DO UPDATE SET "values" = profiles."values" || EXCLUDED."values",
           value_sources = profiles.value_sources || EXCLUDED.value_sources, version = profiles.version + 1, updated_at = now()`,
        { replacements: { tenantId, rows: JSON.stringify(rows) }, transaction, type: QueryTypes.INSERT },
      );
      const audits = chunk.map((c) => ({
        account_id: c.accountId,
        details: { source: 'migration', fields: Object.fromEntries(Object.keys(c.after).map((k) => [k, { before: c.before[k], after: c.after[k], source: 'migration' }])) },
      }));
      await sequelize.query(
        `INSERT INTO audit_events (tenant_id, actor_account_id, action, subject_type, subject_id, details, created_at)
         SELECT :tenantId, :actor, 'profile.migrated', 'profile', r.account_id, r.details, now() FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(account_id text, details jsonb)`,
        { replacements: { tenantId, actor: actorAccountId, rows: JSON.stringify(audits) }, transaction, type: QueryTypes.INSERT },
      );
    });
    await onProgress?.(Math.min(i + 500, plan.changes.length));
  }
}

/** The migration state of a tenant (in tenant_settings): the last run, and the one going. */
export interface MigrationState {
  lastRunAt: string | null;
  current: {
    status: 'running' | 'succeeded' | 'failed';
    /** Which run (states written before these three were added have none). */
    runId?: string;
    /** The instance running it (`INSTANCE_ID` of migrationRuns.ts). */
    owner?: string;
    /** When the run last said it is alive (ISO); see `MigrationRuns`. */
    heartbeatAt?: string;
    startedAt: string;
    finishedAt?: string;
    total: number;
    done: number;
    report?: MigrationReport;
    message?: string;
  } | null;
}

export interface MigrationReport {
  source: 'confluence' | 'csv';
  migrated: number;
  unchanged: number;
  unmatched: MigrationPlan['unmatched'];
  invalid: MigrationPlan['invalid'];
  keptFromSources: number;
}

/** The tenant_settings key of the state. */
export const MIGRATION_STATE_KEY = 'migration';

export async function readMigrationState(tenantId: string): Promise<MigrationState> {
  const setting = await TenantSetting.findOne({ where: { tenantId, key: MIGRATION_STATE_KEY } });
  return (setting?.value as MigrationState) ?? { lastRunAt: null, current: null };
}

export async function writeMigrationState(tenantId: string, state: MigrationState): Promise<void> {
  await TenantSetting.upsert({ tenantId, key: MIGRATION_STATE_KEY, value: state });
}
