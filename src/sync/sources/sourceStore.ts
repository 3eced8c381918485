import { col, fn, Op, QueryTypes, where, type Transaction } from 'sequelize';
import { isPlainBind, parseLdapUrl, PLAIN_BIND_WARNING } from '../../directory/ldap';
import { badRequest, duplicateSource, notFound, plainBindRefused, writeBackRefused } from '../../errors';
import { DataSource, DirectoryEntry, FieldMapping, ProfileField } from '../../db/models';
import { secretPlace, type SecretBox } from '../../secrets';
import { recordAudit, type Actor } from '../../profiles/structure';
import { takeTenantSyncWrites } from '../engine/engine';
import type { FieldType } from '../../profiles/fieldTypes';
import { protectedAttributeReason, rdnAttributesOf, USUAL_RDN_ATTRIBUTES, type EntryIdentity } from '../writeBack/protectedAttributes';
import { DEFAULT_INCREMENTAL_SCHEDULE, type ScheduleRules } from '../runs/schedule';
import { checkSchedules, mappingAttributeProblem, parseSettingsFor, type IncrementalInput, type LdapSettings, type MappingsInput, type SourceCreateInput, type SourceUpdateInput, type XmlSettings } from './sourceSettings';
import { parseDisplayDate, TIMESTAMP_PRESETS } from '../readers/timestamps';
import type { UsnMark } from '../readers/usn';

/** The secrets of a source, stored only encrypted as one JSON document. */
export interface SourceSecrets {
  /** LDAP: the bind password. */
  bindPassword?: string;
  /** XML from a URL: the password of its user. */
  password?: string;
}

export function readSecrets(source: DataSource, box: SecretBox): SourceSecrets {
  return source.secretsEncrypted ? (JSON.parse(box.decrypt(source.secretsEncrypted, secretPlace.sourceSecrets(source.tenantId, String(source.id)))) as SourceSecrets) : {};
}

/** The encrypted form of a source's secrets, bound to that source's row (so it needs its id). */
function writeSecrets(source: DataSource, secrets: SourceSecrets, box: SecretBox): string | null {
  return Object.values(secrets).some((v) => v !== undefined) ? box.encrypt(JSON.stringify(secrets), secretPlace.sourceSecrets(source.tenantId, String(source.id))) : null;
}

/** A warning about a source's settings: a stable `id` and a message for people. */
export interface SourceWarning {
  id: 'plain_bind';
  message: string;
}

/** The warnings about an LDAP source's settings (also in the source list). */
export function ldapWarnings(settings: Parameters<typeof isPlainBind>[0]): SourceWarning[] {
  return isPlainBind(settings) ? [{ id: 'plain_bind', message: PLAIN_BIND_WARNING }] : [];
}

export function ldapSettingsOf(source: DataSource): LdapSettings {
  return source.settings as unknown as LdapSettings;
}

export function xmlSettingsOf(source: DataSource): XmlSettings {
  return source.settings as unknown as XmlSettings;
}

/** What `data_sources.incremental` holds: the admin's settings plus the engine's own state. */
export interface IncrementalState {
  enabled: boolean;
  /** The mark: the highest timestamp the last successful run read (ISO); null = next run is full. */
  lastSyncAt: string | null;
  timestampPattern: string;
  timestampAttribute: 'modifyTimestamp' | 'whenChanged' | 'uSNChanged';
  overlapMinutes: number;
  schedule: string | null;
  /** With uSNChanged: the DC the last successful run read, and its highest committed USN then (see ../readers/usn.ts). */
  usn: UsnMark | null;
  /** Fields mapped or re-mapped since the last full run: the next incremental run reads them for everyone. */
  pendingFields: string[];
  lastFullRunAt: string | null;
}

export function incrementalOf(source: DataSource): IncrementalState {
  const stored = source.incremental as Partial<IncrementalState>;
  return {
    enabled: stored.enabled ?? false,
    lastSyncAt: stored.lastSyncAt ?? null,
    timestampPattern: stored.timestampPattern ?? TIMESTAMP_PRESETS[1],
    timestampAttribute: stored.timestampAttribute ?? 'modifyTimestamp',
    overlapMinutes: stored.overlapMinutes ?? 5,
    schedule: stored.schedule === undefined ? DEFAULT_INCREMENTAL_SCHEDULE : stored.schedule,
    pendingFields: stored.pendingFields ?? [],
    lastFullRunAt: stored.lastFullRunAt ?? null,
    usn: stored.usn ?? null,
  };
}

/** The admin's incremental settings over the engine's state (which they never overwrite). */
function mergeIncremental(input: IncrementalInput, current: IncrementalState | undefined): IncrementalState {
  const lastSyncAt = input.lastSyncDate ? parseDisplayDate(input.lastSyncDate)!.toISOString() : null;
  // The USN mark goes with the date it was taken at: a date the admin changes is read by date.
  return {
    usn: lastSyncAt !== null && current?.lastSyncAt === lastSyncAt ? current.usn : null,
    enabled: input.enabled,
    lastSyncAt,
    timestampPattern: input.timestampPattern,
    timestampAttribute: input.timestampAttribute,
    overlapMinutes: input.overlapMinutes,
    schedule: input.schedule,
    pendingFields: current?.pendingFields ?? [],
    lastFullRunAt: current?.lastFullRunAt ?? null,
  };
}

/** Stores what a successful run learnt: the new mark, and after a full run that nothing is pending. */
export async function recordRunState(source: DataSource, patch: Partial<Pick<IncrementalState, 'lastSyncAt' | 'pendingFields' | 'lastFullRunAt' | 'usn'>>): Promise<void> {
  // A JSONB merge, so an admin's edit made during the run is not overwritten.
  await DataSource.sequelize!.query('UPDATE data_sources SET incremental = incremental || CAST(:patch AS jsonb) WHERE id = :id AND tenant_id = :tenantId', {
    replacements: { patch: JSON.stringify(patch), id: source.id, tenantId: source.tenantId },
  });
}

/** The tenant's sources by priority (1 = highest). */
export function listSources(tenantId: string): Promise<DataSource[]> {
  return DataSource.findAll({ where: { tenantId }, order: [['priority', 'ASC'], ['id', 'ASC']] });
}

/** One of the tenant's sources; 404 for an unknown or another tenant's id. */
export async function getSource(tenantId: string, id: string, transaction?: Transaction): Promise<DataSource> {
  const source = await DataSource.findOne({ where: { tenantId, id }, transaction });
  if (!source) throw notFound(`Data source ${id}`);
  return source;
}

/** What the operator's rules ask of a source's settings when it is saved. */
export interface SourceRules {
  /** LDAP_REFUSE_PLAIN_BIND. */
  refusePlainBind?: boolean;
  /** SYNC_MIN_INTERVAL_MINUTES: schedules saved must keep to it (see `checkSchedules`); unset, only their syntax is checked. */
  schedules?: ScheduleRules;
}

/** Throws `plain_bind_refused` (400) when the rules refuse a simple bind over plain ldap:// and `source` would do one. */
export function assertBindAllowed(source: Pick<DataSource, 'kind' | 'settings' | 'name'>, rules: SourceRules): void {
  if (rules.refusePlainBind && source.kind === 'ldap' && isPlainBind(ldapSettingsOf(source as DataSource))) {
    throw plainBindRefused(`"${source.name}" would bind over plain ldap:// without StartTLS, which this server refuses: ${PLAIN_BIND_WARNING}`);
  }
}

/**
 * What a stored secret is bound to: where it is sent and as whom. LDAP: scheme, host and port,
 * StartTLS, the CA certificate and the bind DN; XML: the URL and its user. When this changes, the
 * stored secret is dropped unless the same request sends one, so a changed URL never receives the
 * password an admin entered for another server.
 */
function secretBinding(kind: DataSource['kind'], settings: unknown): string {
  if (kind === 'ldap') {
    const s = settings as LdapSettings;
    const target = parseLdapUrl(s.url);
    const where = typeof target === 'string' ? s.url : [target.secure, target.host.toLowerCase(), target.port];
    return JSON.stringify([where, !!s.startTls, s.caCertificate?.trim() ?? '', s.bindDn?.trim() ?? '']);
  }
  const location = (settings as XmlSettings).location;
  return JSON.stringify(location.kind === 'url' ? [location.kind, new URL(location.url).href, location.username ?? ''] : [location.kind]);
}

async function assertNameFree(tenantId: string, name: string, exceptId: string | undefined, transaction: Transaction): Promise<void> {
  const clash = await DataSource.findOne({
    where: { tenantId, ...(exceptId ? { id: { [Op.ne]: exceptId } } : {}), [Op.and]: [where(fn('lower', col('name')), name.toLowerCase())] },
    transaction,
  });
  if (clash) throw duplicateSource(`A data source named "${clash.name}" already exists.`);
}

/** Adds a source; without a priority it comes last (lowest priority). */
export async function createSource(actor: Actor, input: SourceCreateInput, box: SecretBox, rules: SourceRules = {}): Promise<DataSource> {
  if (rules.schedules) checkSchedules(input, rules.schedules);
  assertBindAllowed({ kind: input.kind, name: input.name, settings: input.settings as unknown as Record<string, unknown> }, rules);
  return DataSource.sequelize!.transaction(async (transaction) => {
    await assertNameFree(actor.tenantId, input.name, undefined, transaction);
    const last = (await DataSource.max('priority', { where: { tenantId: actor.tenantId }, transaction })) as number | null;
    const source = await DataSource.create(
      {
        tenantId: actor.tenantId,
        kind: input.kind,
        name: input.name,
        enabled: input.enabled,
        priority: input.priority ?? (last ?? 0) + 1,
        schedule: input.schedule,
        settings: input.settings as unknown as Record<string, unknown>,
        incremental: (input.kind === 'ldap' ? mergeIncremental(input.incremental, undefined) : {}) as unknown as Record<string, unknown>,
      },
      { transaction },
    );
    // The secrets are bound to the row's id, which exists only now.
    source.secretsEncrypted = writeSecrets(source, input.kind === 'ldap' ? { bindPassword: input.bindPassword ?? undefined } : { password: input.password ?? undefined }, box);
    if (source.secretsEncrypted) await source.save({ transaction });
    await recordAudit(actor, { action: 'source.created', subjectType: 'source', subjectId: String(source.id), details: { name: source.name } }, transaction);
    return source;
  });
}

/**
 * Changes a source's settings; the bind password only when the input carries one (null clears
 * it). A change of where the secret goes or as whom (see {@link secretBinding}) drops the stored
 * secret unless the input carries one.
 */
export async function updateSource(actor: Actor, id: string, input: SourceUpdateInput, box: SecretBox, rules: SourceRules = {}): Promise<DataSource> {
  if (rules.schedules) checkSchedules(input, rules.schedules);
  return DataSource.sequelize!.transaction(async (transaction) => {
    const source = await getSource(actor.tenantId, id, transaction);
    if (input.name !== undefined && input.name !== source.name) {
      await assertNameFree(actor.tenantId, input.name, id, transaction);
      source.name = input.name;
    }
    if (input.enabled !== undefined) source.enabled = input.enabled;
    if (input.writeBack !== undefined) source.writeBack = input.writeBack;
    if (input.priority !== undefined) source.priority = input.priority;
    if (input.schedule !== undefined) source.schedule = input.schedule;
    const boundTo = secretBinding(source.kind, source.settings);
    if (input.settings !== undefined) source.settings = parseSettingsFor(source.kind, input.settings) as unknown as Record<string, unknown>;
    // Only new settings are checked: a source saved before the switch can still be renamed or disabled.
    if (input.settings !== undefined) assertBindAllowed(source, rules);
    const secretField = source.kind === 'ldap' ? 'bindPassword' : 'password';
    const secretCleared = secretBinding(source.kind, source.settings) !== boundTo && input[secretField] === undefined && !!readSecrets(source, box)[secretField];
    if (secretCleared) source.secretsEncrypted = writeSecrets(source, { ...readSecrets(source, box), [secretField]: undefined }, box);
    if (input.incremental !== undefined) source.incremental = mergeIncremental(input.incremental, incrementalOf(source)) as unknown as Record<string, unknown>;
    if (input.bindPassword !== undefined) {
      source.secretsEncrypted = writeSecrets(source, { ...readSecrets(source, box), bindPassword: input.bindPassword ?? undefined }, box);
    }
    if (input.password !== undefined) {
      source.secretsEncrypted = writeSecrets(source, { ...readSecrets(source, box), password: input.password ?? undefined }, box);
    }
    const changed = (source.changed() || []).filter((k) => k !== 'secretsEncrypted');
    await source.save({ transaction });
    if (changed.includes('priority') || changed.includes('enabled')) await queueProfilesOf(source, transaction);
    await recordAudit(
      actor,
      { action: 'source.updated', subjectType: 'source', subjectId: id, details: { changed, passwordChanged: input.bindPassword !== undefined || input.password !== undefined, passwordClearedByChange: secretCleared } },
      transaction,
    );
    return source;
  });
}

/**
 * A source's priority, enabled flag or existence decides which values its people's profiles take
 * where sources overlap, but changes none of the other sources' entries, so no run would rebuild
 * those profiles: they join the tenant's pending list, which the next run of any of its sources
 * works off at its end (sync/engine/engine.ts, writePendingProfiles).
 */
async function queueProfilesOf(source: DataSource, transaction: Transaction): Promise<void> {
  await takeTenantSyncWrites(String(source.tenantId), transaction);
  await DataSource.sequelize!.query(
    `INSERT INTO pending_profiles (tenant_id, account_id)
     SELECT DISTINCT tenant_id, account_id FROM directory_entries
     WHERE tenant_id = $1 AND source_id = $2 AND account_id IS NOT NULL AND gone_at IS NULL
     ON CONFLICT DO NOTHING`,
    { bind: [source.tenantId, source.id], transaction },
  );
}

/**
 * Deletes a source with its mappings, entries and runs. Profile values it filled stay; its people
 * join the pending list, so that fields other sources also map take their values with the next
 * sync.
 */
export async function deleteSource(actor: Actor, id: string): Promise<void> {
  await DataSource.sequelize!.transaction(async (transaction) => {
    const source = await getSource(actor.tenantId, id, transaction);
    await queueProfilesOf(source, transaction);
    await source.destroy({ transaction });
    await recordAudit(actor, { action: 'source.deleted', subjectType: 'source', subjectId: id, details: { name: source.name } }, transaction);
  });
}

export function listMappings(tenantId: string, sourceId: string): Promise<FieldMapping[]> {
  return FieldMapping.findAll({ where: { tenantId, sourceId }, order: [['id', 'ASC']] });
}

/** A source's mappings as {@link listMappings} gives them, for a source that must exist: 404 for an unknown or another tenant's id. */
export async function getMappings(tenantId: string, sourceId: string): Promise<FieldMapping[]> {
  await getSource(tenantId, sourceId);
  return listMappings(tenantId, sourceId);
}

/** Text-like types may be written back to LDAP (profile issue); others are read-only there. */
const WRITE_BACK_TYPES: ReadonlySet<FieldType> = new Set(['text', 'multiline', 'email', 'phone', 'url', 'number', 'date']);

/**
 * What identifies an LDAP source's entries, for the write-back rule: the match and id attributes,
 * and as RDN attributes the usual ones (uid, cn) and those of the entries it has read.
 */
async function identityOf(source: DataSource, transaction: Transaction): Promise<EntryIdentity> {
  const settings = ldapSettingsOf(source);
  // One DN per RDN type (`uid=…`, `cn=…`, `cn=…+uid=…`) is enough to read the types from.
  const dns = await DirectoryEntry.sequelize!.query<{ dn: string }>(
    `SELECT DISTINCT ON (lower(split_part(dn, '=', 1))) dn FROM directory_entries WHERE tenant_id = $1 AND source_id = $2 AND gone_at IS NULL`,
    { bind: [source.tenantId, source.id], type: QueryTypes.SELECT, transaction },
  );
  const rdnAttributes = new Set([...USUAL_RDN_ATTRIBUTES, ...dns.flatMap((e) => rdnAttributesOf(e.dn).map((a) => a.toLowerCase()))]);
  return { matchAttribute: settings.accountMatch.attribute, idAttribute: settings.idAttribute, rdnAttributes: [...rdnAttributes] };
}

/** Replaces the source's field mappings; every field must exist on the tenant. */
export async function setMappings(actor: Actor, sourceId: string, input: MappingsInput): Promise<FieldMapping[]> {
  await DataSource.sequelize!.transaction(async (transaction) => {
    const source = await getSource(actor.tenantId, sourceId, transaction);
    const fields = await ProfileField.findAll({ where: { tenantId: actor.tenantId, key: input.mappings.map((m) => m.fieldKey) }, transaction });
    const byKey = new Map(fields.map((f) => [f.key, f]));
    const problems = input.mappings.flatMap((m, i) => {
      const attributeProblem = mappingAttributeProblem(source.kind, m.attribute);
      if (attributeProblem) return [{ path: `mappings.${i}.attribute`, message: attributeProblem }];
      if (m.writeBack && source.kind !== 'ldap') return [{ path: `mappings.${i}.writeBack`, message: 'Only LDAP sources write back' }];
      const field = byKey.get(m.fieldKey);
      if (!field) return [{ path: `mappings.${i}.fieldKey`, message: `There is no field "${m.fieldKey}"` }];
      if (m.writeBack && !WRITE_BACK_TYPES.has(field.type as FieldType)) {
        return [{ path: `mappings.${i}.writeBack`, message: `"${field.label}" cannot be written back: only text-like fields can` }];
      }
      return [];
    });
    if (problems.length > 0) throw badRequest(problems.map((p) => p.message).join('; '), problems);
    if (source.kind === 'ldap' && input.mappings.some((m) => m.writeBack)) {
      const identity = await identityOf(source, transaction);
      const refused = input.mappings.flatMap((m, i) => {
        const reason = m.writeBack ? protectedAttributeReason(m.attribute, identity) : undefined;
        return reason ? [{ path: `mappings.${i}.writeBack`, message: `"${byKey.get(m.fieldKey)!.label}" cannot be written back to ${m.attribute}: ${reason}.` }] : [];
      });
      if (refused.length > 0) throw writeBackRefused(400, refused.map((p) => p.message).join(' '), refused);
    }
    // Fields mapped or re-mapped since the last full run are read for everyone by the next incremental run.
    const before = new Map((await FieldMapping.findAll({ where: { tenantId: actor.tenantId, sourceId }, transaction })).map((m) => [m.fieldKey, m.attribute.toLowerCase()]));
    const state = incrementalOf(source);
    if (state.lastFullRunAt) {
      const mapped = new Set(input.mappings.map((m) => m.fieldKey));
      const changed = input.mappings.filter((m) => before.get(m.fieldKey) !== m.attribute.toLowerCase()).map((m) => m.fieldKey);
      source.incremental = { ...state, pendingFields: [...new Set([...state.pendingFields, ...changed])].filter((k) => mapped.has(k)) } as unknown as Record<string, unknown>;
      await source.save({ transaction });
    }
    await FieldMapping.destroy({ where: { tenantId: actor.tenantId, sourceId }, transaction });
    await FieldMapping.bulkCreate(
      input.mappings.map((m) => ({ tenantId: actor.tenantId, sourceId, fieldKey: m.fieldKey, attribute: m.attribute, writeBack: m.writeBack })),
      { transaction },
    );
    await recordAudit(actor, { action: 'source.mappings_changed', subjectType: 'source', subjectId: sourceId, details: { mappings: input.mappings } }, transaction);
  });
  return listMappings(actor.tenantId, sourceId);
}
