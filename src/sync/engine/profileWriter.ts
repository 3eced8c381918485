import { QueryTypes, type Transaction } from 'sequelize';
import { DirectoryEntry } from '../../db/models';
import { findAccountIdsByEmail, knownAccountIds } from '../../directory/accounts';
import type { PersonRef, SourceValue } from '../readers/sourceRecord';

/**
 * Builds profiles from directory entries: for every field a source maps, the value of the
 * highest-priority enabled source that has one (priority 1 first). Writes only profiles whose
 * values changed, in one multi-row statement. Audit: one event per changed profile that existed
 * before (`profile.synced`, with each field's before and after), and one event per run for the
 * profiles it created (`profiles.created`, with their count; see recordCreated).
 */

interface EntryRow {
  account_id: string;
  source_id: string;
  kind: string;
  values: Record<string, SourceValue>;
}

interface ProfileRow {
  account_id: string;
  values: Record<string, unknown>;
  value_sources: Record<string, string>;
  /** Marked "left the directory" (read, not written: the upsert clears the mark). */
  left?: boolean;
}

const isRef = (v: unknown): v is PersonRef => typeof v === 'object' && v !== null && !Array.isArray(v) && 'ref' in v;

/** Resolves person references of these entries to account ids (unresolvable ones to null). */
async function resolveRefs(tenantId: string, entries: EntryRow[], transaction: Transaction): Promise<(ref: PersonRef, sourceId: string) => string | null> {
  const dnsBySource = new Map<string, Set<string>>();
  const emails = new Set<string>();
  const ids = new Set<string>();
  for (const entry of entries) {
    for (const value of Object.values(entry.values)) {
      for (const ref of (Array.isArray(value) ? value : [value]).filter(isRef)) {
        if (ref.ref === 'dn') {
          if (!dnsBySource.has(entry.source_id)) dnsBySource.set(entry.source_id, new Set());
          dnsBySource.get(entry.source_id)!.add(ref.value.toLowerCase());
        } else if (ref.ref === 'email') emails.add(ref.value.toLowerCase());
        else ids.add(ref.value);
      }
    }
  }
  const byDn = new Map<string, string>();
  for (const [sourceId, dns] of dnsBySource) {
    const rows = await DirectoryEntry.sequelize!.query<{ dn: string; account_id: string }>(
      `SELECT lower(dn) AS dn, account_id FROM directory_entries
       WHERE tenant_id = $1 AND source_id = $2 AND lower(dn) = ANY ($3::text[]) AND account_id IS NOT NULL AND gone_at IS NULL`,
      { bind: [tenantId, sourceId, [...dns]], type: QueryTypes.SELECT, transaction },
    );
    for (const row of rows) byDn.set(`${sourceId}|${row.dn}`, row.account_id);
  }
  const byEmail = emails.size ? await findAccountIdsByEmail(tenantId, [...emails], transaction) : new Map<string, string>();
  const known = ids.size ? await knownAccountIds(tenantId, [...ids], transaction) : new Set<string>();
  return (ref, sourceId) => {
    if (ref.ref === 'dn') return byDn.get(`${sourceId}|${ref.value.toLowerCase()}`) ?? null;
    if (ref.ref === 'email') return byEmail.get(ref.value.toLowerCase()) ?? null;
    return known.has(ref.value) ? ref.value : null;
  };
}

export interface ProfileWriteResult {
  written: number;
  /** Of the written profiles, the ones that did not exist before. */
  created: number;
  /** Accounts with a person reference that did not resolve (its entry may come in a later page). */
  unresolved: Set<string>;
}

export interface ProfileWriteOptions {
  /**
   * Profiles with a person reference that does not resolve yet are not written now (their
   * accounts are returned in `unresolved`): while a run's pages are read, the person named may
   * come in a later page, and writing the profile now would write it twice.
   */
  deferUnresolved?: boolean;
}

/** Recomputes the source-filled fields of these accounts' profiles and writes the ones that changed. */
export async function writeProfiles(
  tenantId: string,
  accountIds: string[],
  runId: string,
  transaction: Transaction,
  options: ProfileWriteOptions = {},
): Promise<ProfileWriteResult> {
  const result: ProfileWriteResult = { written: 0, created: 0, unresolved: new Set() };
  if (accountIds.length === 0) return result;
  const sequelize = DirectoryEntry.sequelize!;
  const entries = await sequelize.query<EntryRow>(
    `SELECT e.account_id, e.source_id::text AS source_id, s.kind, e."values"
     FROM directory_entries e JOIN data_sources s ON s.id = e.source_id AND s.tenant_id = e.tenant_id
     WHERE e.tenant_id = $1 AND e.account_id = ANY ($2::text[]) AND e.gone_at IS NULL AND s.enabled
     ORDER BY s.priority, s.id`,
    { bind: [tenantId, accountIds], type: QueryTypes.SELECT, transaction },
  );
  const resolve = await resolveRefs(tenantId, entries, transaction);

  // The fields each account's entries fill, merged by priority. Entries come by source priority:
  // the first source with a value wins; a field its sources map but none fills is cleared, and
  // stays marked as coming from the top source that maps it.
  const entriesByAccount = new Map<string, EntryRow[]>();
  for (const entry of entries) {
    if (!entriesByAccount.has(entry.account_id)) entriesByAccount.set(entry.account_id, []);
    entriesByAccount.get(entry.account_id)!.push(entry);
  }
  const merged = new Map<string, { set: Record<string, unknown>; cleared: string[]; sources: Record<string, string> }>();
  for (const [accountId, accountEntries] of entriesByAccount) {
    const fields = { set: {} as Record<string, unknown>, cleared: [] as string[], sources: {} as Record<string, string> };
    for (const fieldKey of new Set(accountEntries.flatMap((e) => Object.keys(e.values)))) {
      const mapping = accountEntries.filter((e) => fieldKey in e.values);
      let chosen: { value: unknown; entry: EntryRow } | undefined;
      for (const entry of mapping) {
        const value = resolveValue(entry.values[fieldKey], (ref) => resolve(ref, entry.source_id), () => result.unresolved.add(accountId));
        if (value !== null) {
          chosen = { value, entry };
          break;
        }
      }
      const from = chosen?.entry ?? mapping[0];
      if (chosen) fields.set[fieldKey] = chosen.value;
      else fields.cleared.push(fieldKey);
      fields.sources[fieldKey] = `${from.kind}:${from.source_id}`;
    }
    if (!(options.deferUnresolved && result.unresolved.has(accountId))) merged.set(accountId, fields);
  }
  if (merged.size === 0) return result;

  const current = await sequelize.query<ProfileRow>(
    // In one order, so that two writers of overlapping profiles (an edit, a sync) queue instead of deadlocking.
    `SELECT account_id, "values", value_sources, left_directory_at IS NOT NULL AS "left" FROM profiles
     WHERE tenant_id = $1 AND account_id = ANY ($2::text[]) ORDER BY account_id FOR UPDATE`,
    { bind: [tenantId, [...merged.keys()]], type: QueryTypes.SELECT, transaction },
  );
  const profiles = new Map(current.map((p) => [p.account_id, p]));

  const changedRows: ProfileRow[] = [];
  const auditRows: Array<{ account_id: string; source: string; details: object }> = [];
  for (const [accountId, fields] of merged) {
    const existing = profiles.get(accountId);
    if (!existing) {
      // A profile the sync creates has nothing to diff: it is written, and counted in the run's
      // one event instead of an event of its own (a first import of 100,000 people would
      // otherwise write 100,000 events, each listing every field).
      changedRows.push({ account_id: accountId, values: fields.set, value_sources: fields.sources });
      result.created++;
      continue;
    }
    const before = existing;
    const values = { ...before.values, ...fields.set };
    for (const fieldKey of fields.cleared) delete values[fieldKey];
    const sources = { ...before.value_sources, ...fields.sources };
    const changedFields = Object.keys({ ...before.values, ...values }).filter((k) => JSON.stringify(before.values[k]) !== JSON.stringify(values[k]));
    const sourcesChanged = JSON.stringify(sortKeys(before.value_sources)) !== JSON.stringify(sortKeys(sources));
    // Someone back in a directory after they left is written even with the values they had.
    if (changedFields.length === 0 && !sourcesChanged && !before.left) continue;
    changedRows.push({ account_id: accountId, values, value_sources: sources });
    if (changedFields.length > 0) {
      auditRows.push({
        account_id: accountId,
        source: [...new Set(changedFields.map((k) => sources[k]))].join(','),
        details: { runId, fields: Object.fromEntries(changedFields.map((k) => [k, { before: before.values[k] ?? null, after: values[k] ?? null, source: sources[k] ?? null }])) },
      });
    }
  }
  if (changedRows.length === 0) return result;
  // Bind parameters: the rows travel as one JSON parameter, neither escaped nor copied into the statement.
  await sequelize.query(
    `INSERT INTO profiles (tenant_id, account_id, "values", value_sources, version, left_directory_at, created_at, updated_at)
     SELECT $1::bigint, r.account_id, r."values", r.value_sources, 1, NULL, now(), now()
     FROM jsonb_to_recordset($2::jsonb) AS r(account_id text, "values" jsonb, value_sources jsonb)
     ON CONFLICT (tenant_id, account_id) DO UPDATE SET "values" = EXCLUDED."values", value_sources = EXCLUDED.value_sources,
       version = profiles.version + 1, left_directory_at = NULL, updated_at = now()`,
    { bind: [tenantId, JSON.stringify(changedRows)], transaction },
  );
  if (auditRows.length > 0) {
    await sequelize.query(
      `INSERT INTO audit_events (tenant_id, actor_account_id, action, subject_type, subject_id, details, created_at)
       SELECT $1::bigint, NULL, 'profile.synced', 'profile', r.account_id, r.details || jsonb_build_object('source', r.source), now()
       FROM jsonb_to_recordset($2::jsonb) AS r(account_id text, source text, details jsonb)`,
      { bind: [tenantId, JSON.stringify(auditRows)], transaction },
    );
  }
  await recordCreated(tenantId, runId, result.created, transaction);
  result.written = changedRows.length;
  return result;
}

/**
 * Adds `created` to the run's `profiles.created` audit event (subject: the sync run; details:
 * runId, sourceId, source as `kind:id`, created), inserting it with the run's first created
 * profiles. The run's pages are written one after another under the tenant's sync-write lock, so
 * two transactions never add to one run's event at once; each page's transaction adds its own
 * count, so a run that fails midway leaves the count of the profiles its committed pages created.
 */
async function recordCreated(tenantId: string, runId: string, created: number, transaction: Transaction): Promise<void> {
  if (created === 0) return;
  const sequelize = DirectoryEntry.sequelize!;
  const [, updated] = await sequelize.query(
    `UPDATE audit_events SET details = jsonb_set(details, '{created}', to_jsonb((details ->> 'created')::int + $3::int))
     WHERE tenant_id = $1 AND subject_type = 'sync_run' AND subject_id = $2 AND action = 'profiles.created'`,
    { bind: [tenantId, runId, created], type: QueryTypes.UPDATE, transaction },
  );
  if (Number(updated) > 0) return;
  await sequelize.query(
    `INSERT INTO audit_events (tenant_id, actor_account_id, action, subject_type, subject_id, details, created_at)
     SELECT $1::bigint, NULL, 'profiles.created', 'sync_run', $2::text,
       jsonb_build_object('runId', $2::text, 'sourceId', s.id::text, 'source', s.kind || ':' || s.id, 'created', $3::int), now()
     FROM sync_runs r JOIN data_sources s ON s.id = r.source_id AND s.tenant_id = r.tenant_id
     WHERE r.tenant_id = $1 AND r.id = $2::bigint`,
    { bind: [tenantId, runId, created], transaction },
  );
}

function resolveValue(raw: SourceValue, resolve: (ref: PersonRef) => string | null, onUnresolved: () => void): unknown {
  if (isRef(raw)) {
    const id = resolve(raw);
    if (id === null) onUnresolved();
    return id;
  }
  if (Array.isArray(raw) && raw.some(isRef)) {
    const ids = (raw as PersonRef[]).map((r) => {
      const id = resolve(r);
      if (id === null) onUnresolved();
      return id;
    });
    const resolved = ids.filter((id): id is string => id !== null);
    return resolved.length ? [...new Set(resolved)] : null;
  }
  return raw;
}

/** The entries in one order whatever the order of insertion (code-unit order: field keys are compared, not shown). */
function sortKeys(o: Record<string, string>): Array<[string, string]> {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
