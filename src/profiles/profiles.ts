import { Op, QueryTypes } from 'sequelize';
import { Account, DataSource, FieldCategory, FieldMapping, Profile, ProfileField, ProfilePicture } from '../db/models';
import { forbidden, internalError, notFound, staleVersion, unprocessable } from '../errors';
import { validateValue, type FieldType } from './fieldTypes';
import { canEditProfile, canSeeCategory, canSeeField, type Viewer } from './policy';
import { refreshesOf, type DirectoryValue, type Refresh } from './refresh';
import { recordAudit } from './structure';

/**
 * Profiles as people see and edit them: the fields of the categories the viewer may see, each
 * value with where it comes from, and edits validated by type, checked against the version the
 * form was built from, and (for fields a directory fills) written back to the directory first.
 */

export type ValueOrigin = 'user' | 'ldap' | 'xml' | 'migration';

export interface ProfileFieldView {
  key: string;
  label: string;
  type: string;
  helpText: string;
  required: boolean;
  shownInProfile: boolean;
  value: unknown;
  /** The value as text for people: option labels, display names; null when empty. */
  display: string | string[] | null;
  /** For user fields: the people, with names. */
  people?: Array<{ accountId: string; displayName: string | null }>;
  /** For select fields: the options a person may choose (retired ones only when already chosen). */
  options?: Array<{ id: string; label: string; retired: boolean }>;
  origin: { kind: ValueOrigin; sourceId?: string; sourceName?: string; syncedAt?: string | null } | null;
  /** The viewer may change it here (a directory's field only with write-back). */
  editable: boolean;
  /** Saving it writes the directory first. */
  writesBack: boolean;
  /**
   * Only in the edit form: the directory changed this value since the last sync. `value` is the
   * directory's; Save stores it. `previous` is the stored value as text, `sourceName` the directory.
   */
  refreshed?: { previous: string | string[] | null; sourceName: string | null };
}

export interface ProfileView {
  accountId: string;
  displayName: string | null;
  hasPicture: boolean;
  pictureVersion: string | null;
  /** `user` for an uploaded picture (removable), `ldap:<id>` for a directory's. */
  pictureSource: string | null;
  version: number;
  updatedAt: string | null;
  leftDirectoryAt: string | null;
  canEdit: boolean;
  categories: Array<{ id: string; name: string; restricted: boolean; fields: ProfileFieldView[] }>;
}

/** What the sync layer offers profiles: current directory values, and writing edits back. */
export interface DirectoryPort {
  /**
   * The directory's current values of the person's mapped fields (re-read live), each from the
   * source a sync would take it from; none from a directory that cannot be reached right now.
   */
  readCurrent(tenantId: string, accountId: string): Promise<Record<string, DirectoryValue>>;
  /**
   * Writes changed values to the directory. Throws a 409 `ldap_conflict` when the directory's value
   * is no longer the one the form was built from, and LDAP's own reason when it refuses.
   */
  writeBack(tenantId: string, accountId: string, changes: Array<{ fieldKey: string; value: unknown; baseline: unknown }>): Promise<void>;
}

interface SourceInfo {
  name: string;
  writeBack: boolean;
  mappings: Map<string, { writeBack: boolean }>;
  syncedAt: string | null;
}

async function sourcesOf(tenantId: string): Promise<Map<string, SourceInfo>> {
  const [sources, mappings, lastRuns] = await Promise.all([
    DataSource.findAll({ where: { tenantId } }),
    FieldMapping.findAll({ where: { tenantId } }),
    DataSource.sequelize!.query<{ source_id: string; finished_at: Date }>(
      `SELECT source_id::text AS source_id, max(finished_at) AS finished_at FROM sync_runs WHERE tenant_id = :tenantId AND status = 'succeeded' GROUP BY source_id`,
      { replacements: { tenantId }, type: QueryTypes.SELECT },
    ),
  ]);
  const synced = new Map(lastRuns.map((r) => [r.source_id, r.finished_at ? new Date(r.finished_at).toISOString() : null]));
  return new Map(
    sources.map((s) => [
      String(s.id),
      {
        name: s.name,
        writeBack: s.writeBack && s.enabled,
        mappings: new Map(mappings.filter((m) => String(m.sourceId) === String(s.id) && s.enabled).map((m) => [m.fieldKey, { writeBack: m.writeBack }])),
        syncedAt: synced.get(String(s.id)) ?? null,
      },
    ]),
  );
}

/** Which source fills a field (the highest-priority mapping), and whether edits may go back to it. */
function fillingSource(fieldKey: string, sources: Map<string, SourceInfo>, origin: string | undefined): { sourceId: string; info: SourceInfo } | null {
  if (origin && /^(ldap|xml):/.test(origin)) {
    const sourceId = origin.split(':')[1];
    const info = sources.get(sourceId);
    if (info?.mappings.has(fieldKey)) return { sourceId, info };
  }
  for (const [sourceId, info] of sources) if (info.mappings.has(fieldKey)) return { sourceId, info };
  return null;
}

function originOf(label: string | undefined, sources: Map<string, SourceInfo>): ProfileFieldView['origin'] {
  if (!label) return null;
  const [kind, sourceId] = label.split(':') as [ValueOrigin, string | undefined];
  if (!sourceId) return { kind };
  const info = sources.get(sourceId);
  return { kind, sourceId, sourceName: info?.name, syncedAt: info?.syncedAt ?? null };
}

/**
 * A profile as `viewer` may see it: the categories they may see (restricted ones only for members
 * of their groups, owner and admins included), and of those the fields shown in profiles.
 * `forEdit`, when the viewer may edit the profile, adds the fields hidden from profiles, select
 * options and (with a directory port) the directory's live values: a value the directory changed
 * since the last sync is shown as the directory's and marked `refreshed` (Save stores it, see
 * refresh.ts). `baseline` holds the live values only for the fields the viewer may see and edit,
 * which the form sends back with the save for the write-back conflict check. For anyone else
 * `forEdit` changes nothing.
 */
export async function getProfileView(
  tenantId: string,
  viewer: Viewer,
  accountId: string,
  options: { forEdit?: boolean; directory?: DirectoryPort } = {},
): Promise<{ view: ProfileView; baseline: Record<string, unknown> }> {
  const [categories, fields, profile, account, picture, sources] = await Promise.all([
    FieldCategory.findAll({ where: { tenantId }, order: [['position', 'ASC'], ['id', 'ASC']] }),
    ProfileField.findAll({ where: { tenantId }, order: [['position', 'ASC'], ['id', 'ASC']] }),
    Profile.findOne({ where: { tenantId, accountId } }),
    Account.findOne({ where: { tenantId, accountId } }),
    ProfilePicture.findOne({ attributes: ['updatedAt', 'originalHash', 'source'], where: { tenantId, accountId } }),
    sourcesOf(tenantId),
  ]);
  if (!profile && !account) throw notFound(`Person ${accountId}`, `No person with account id ${accountId} on this site`);
  const canEdit = canEditProfile(viewer, accountId);
  const editing = !!options.forEdit && canEdit;
  const values: Record<string, unknown> = { ...(profile?.values ?? {}) };
  let live: Record<string, DirectoryValue> = {};
  let refreshes = new Map<string, Refresh>();
  if (editing && options.directory) {
    live = await options.directory.readCurrent(tenantId, accountId);
    refreshes = refreshesOf(profile, live, new Set(fields.map((f) => f.key)));
    for (const [key, refresh] of refreshes) values[key] = refresh.value; // the form shows what Save stores
  }
  const visible = categories.filter((c) => canSeeCategory(viewer, c));
  const people = await peopleNamed(tenantId, fields, values);
  const view: ProfileView = {
    accountId,
    displayName: account?.displayName ?? null,
    hasPicture: !!picture,
    pictureVersion: picture?.originalHash ?? null,
    pictureSource: picture?.source ?? null,
    version: profile?.version ?? 0,
    updatedAt: profile ? new Date(profile.updatedAt).toISOString() : null,
    leftDirectoryAt: profile?.leftDirectoryAt ? new Date(profile.leftDirectoryAt).toISOString() : null,
    canEdit,
    categories: visible.map((category) => ({
      id: String(category.id),
      name: category.name,
      restricted: category.restrictedToGroups.length > 0,
      fields: fields
        .filter((f) => String(f.categoryId) === String(category.id) && canSeeField(viewer, accountId, f, editing ? 'edit' : 'view'))
        .map((field) => {
          const label = profile?.valueSources[field.key];
          const filling = fillingSource(field.key, sources, label);
          const writesBack = !!filling && filling.info.writeBack && !!filling.info.mappings.get(field.key)?.writeBack;
          const value = values[field.key] ?? null;
          return {
            key: field.key,
            label: field.label,
            type: field.type,
            helpText: field.helpText,
            required: field.required,
            shownInProfile: field.shownInProfile,
            value,
            display: displayOf(field, value, people),
            ...(field.type === 'user' || field.type === 'multiuser' ? { people: toList(value).map((id) => ({ accountId: id, displayName: people.get(id) ?? null })) } : {}),
            ...(editing && (field.type === 'select' || field.type === 'multiselect')
              ? { options: field.options.filter((o) => !o.retired || toList(value).includes(o.id)) }
              : {}),
            origin: originOf(label, sources),
            editable: canEdit && (!filling || writesBack),
            writesBack,
            ...(refreshes.has(field.key) ? { refreshed: refreshedView(field, refreshes.get(field.key)!, sources, people) } : {}),
          };
        }),
    })),
  };
  // The directory holds every mapped field, restricted categories' too: only what this form edits leaves.
  const editable = new Set(view.categories.flatMap((c) => c.fields.filter((f) => f.editable).map((f) => f.key)));
  const baseline = Object.fromEntries(Object.entries(live).filter(([key]) => editable.has(key)).map(([key, read]) => [key, read.value]));
  return { view, baseline };
}

function refreshedView(field: ProfileField, refresh: Refresh, sources: Map<string, SourceInfo>, people: Map<string, string | null>): ProfileFieldView['refreshed'] {
  return { previous: displayOf(field, refresh.before, people), sourceName: sources.get(refresh.source.split(':')[1])?.name ?? null };
}

const toList = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : []);

async function peopleNamed(tenantId: string, fields: ProfileField[], values: Record<string, unknown>): Promise<Map<string, string | null>> {
  const ids = fields.filter((f) => f.type === 'user' || f.type === 'multiuser').flatMap((f) => toList(values[f.key]));
  if (ids.length === 0) return new Map();
  const accounts = await Account.findAll({ attributes: ['accountId', 'displayName'], where: { tenantId, accountId: { [Op.in]: [...new Set(ids)] } } });
  return new Map(accounts.map((a) => [a.accountId, a.displayName]));
}

function displayOf(field: ProfileField, value: unknown, people: Map<string, string | null>): string | string[] | null {
  if (value === null || value === undefined) return null;
  switch (field.type as FieldType) {
    case 'select':
      return field.options.find((o) => o.id === value)?.label ?? null;
    case 'multiselect':
      return toList(value).map((id) => field.options.find((o) => o.id === id)?.label ?? id);
    case 'user':
      return people.get(value as string) ?? (value as string);
    case 'multiuser':
      return toList(value).map((id) => people.get(id) ?? id);
    default:
      return String(value);
  }
}

/** The people an edit names in user fields, by field (the caller makes sure Confluence knows them). */
export async function referencedAccountIds(tenantId: string, values: Record<string, unknown>): Promise<Array<{ fieldKey: string; accountId: string }>> {
  const userFields = await ProfileField.findAll({ attributes: ['key'], where: { tenantId, type: ['user', 'multiuser'], key: Object.keys(values) } });
  return userFields.flatMap((f) => toList(values[f.key]).map((accountId) => ({ fieldKey: f.key, accountId })));
}

export interface ProfileUpdate {
  /** Field key → new value (absent keys stay as they are; null clears). */
  values: Record<string, unknown>;
  /** The profile version the form was built from (0 for a profile not stored yet). */
  version: number;
  /** The directory values the form was built from (`baseline` of the form's view). */
  ldapValues?: Record<string, unknown>;
}

/**
 * Saves an edit: permission, visibility, read-only fields, types, required fields, version,
 * write-back, audit. With a directory port it also re-reads the person's directory values and
 * stores those the directory changed since the last sync (refresh.ts), for the fields the viewer
 * may see: what the edit form showed as "changed in the directory". A field the edit changes
 * keeps the edit (written back first); the others take the directory's value, with its source.
 */
export async function updateProfile(tenantId: string, viewer: Viewer, accountId: string, update: ProfileUpdate, directory?: DirectoryPort): Promise<void> {
  if (!canEditProfile(viewer, accountId)) throw forbidden('You may edit only your own profile.');
  const [categories, fields, sources] = await Promise.all([FieldCategory.findAll({ where: { tenantId } }), ProfileField.findAll({ where: { tenantId } }), sourcesOf(tenantId)]);
  const visibleCategories = new Set(categories.filter((c) => canSeeCategory(viewer, c)).map((c) => String(c.id)));
  const byKey = new Map(fields.filter((f) => visibleCategories.has(String(f.categoryId))).map((f) => [f.key, f]));
  const current = await Profile.findOne({ where: { tenantId, accountId } });
  // Re-read, never taken from the form: a restricted category the viewer cannot see stays as the sync left it.
  const refreshes = directory ? refreshesOf(current, await directory.readCurrent(tenantId, accountId), new Set(byKey.keys())) : new Map<string, Refresh>();

  const problems: Array<{ path: string; message: string }> = [];
  const normalized: Record<string, unknown> = {};
  const writeBacks: Array<{ fieldKey: string; value: unknown; baseline: unknown }> = [];
  for (const [key, raw] of Object.entries(update.values)) {
    const field = byKey.get(key);
    if (!field) {
      problems.push({ path: `values.${key}`, message: `There is no field "${key}" you may edit` });
      continue;
    }
    const result = validateValue(field.type as FieldType, raw, { options: field.options, allowRetired: toList(current?.values[key]).includes(raw as string) });
    if (!result.ok) {
      problems.push({ path: `values.${key}`, message: `${field.label} ${result.message}` });
      continue;
    }
    if (field.required && result.value === null) {
      problems.push({ path: `values.${key}`, message: `${field.label} is required` });
      continue;
    }
    const stored = current?.values[key] ?? null;
    // Unchanged against what the form showed: the directory's new value where it has one.
    const before = refreshes.has(key) ? refreshes.get(key)!.value : stored;
    if (JSON.stringify(before) === JSON.stringify(result.value)) continue;
    const filling = fillingSource(key, sources, current?.valueSources[key]);
    if (filling) {
      const writesBack = filling.info.writeBack && !!filling.info.mappings.get(key)?.writeBack;
      if (!writesBack) {
        problems.push({ path: `values.${key}`, message: `${field.label} comes from ${filling.info.name}: change it there` });
        continue;
      }
      writeBacks.push({ fieldKey: key, value: result.value, baseline: update.ldapValues?.[key] ?? stored });
    }
    normalized[key] = result.value;
    refreshes.delete(key); // the person's value wins over the directory's
  }
  if (problems.length > 0) throw unprocessable(problems.map((p) => p.message).join('; '), problems);
  if ((current?.version ?? 0) !== update.version) {
    throw staleVersion('This profile changed since you opened it: reload to see the current values, then make your change again.', {
      yourVersion: update.version,
      currentVersion: current?.version ?? 0,
    });
  }
  if (Object.keys(normalized).length === 0 && refreshes.size === 0) return;
  if (writeBacks.length > 0) {
    if (!directory) throw internalError('Write-back is not available.');
    await directory.writeBack(tenantId, accountId, writeBacks); // the directory first: nothing is saved if it refuses
  }

  await Profile.sequelize!.transaction(async (transaction) => {
    const locked = await Profile.findOne({ where: { tenantId, accountId }, lock: transaction.LOCK.UPDATE, transaction });
    if ((locked?.version ?? 0) !== update.version) {
      throw staleVersion('This profile changed while you saved it: reload and try again.', { yourVersion: update.version, currentVersion: locked?.version ?? 0 });
    }
    const values = { ...(locked?.values ?? {}) };
    const valueSources = { ...(locked?.valueSources ?? {}) };
    const changes: Record<string, { before: unknown; after: unknown; source: string }> = {};
    for (const [key, value] of Object.entries(normalized)) {
      const source = writeBacks.some((w) => w.fieldKey === key) ? (valueSources[key] ?? 'user') : 'user';
      changes[key] = { before: values[key] ?? null, after: value, source };
      if (value === null) delete values[key];
      else values[key] = value;
      valueSources[key] = source;
    }
    // The version is the one the refreshes were compared with: `before` is still the stored value.
    for (const [key, refresh] of refreshes) {
      changes[key] = { before: refresh.before, after: refresh.value, source: refresh.source };
      if (refresh.value === null) delete values[key];
      else values[key] = refresh.value;
      valueSources[key] = refresh.source;
    }
    if (locked) {
      locked.values = values;
      locked.valueSources = valueSources;
      locked.version = locked.version + 1;
      await locked.save({ transaction });
    } else {
      await Profile.create({ tenantId, accountId, values, valueSources, version: 1 }, { transaction });
    }
    await recordAudit({ tenantId, accountId: viewer.accountId }, { action: 'profile.edited', subjectType: 'profile', subjectId: accountId, details: { fields: changes } }, transaction);
  });
}
