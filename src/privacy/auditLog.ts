import { Op, type WhereOptions } from 'sequelize';
import { Account, AuditEvent, DataSource, FieldCategory, ProfileField } from '../db/models';
import { canSeeCategory, type Viewer } from '../profiles/policy';

/** What the audit log is asked for: newest first, after `cursor`. */
export interface AuditQuery {
  /** Events about this person's profile. */
  person?: string;
  /** Events this person did. */
  actor?: string;
  /** Actions (`profile.edited`…), or prefixes ending in `.` (`profile.`). */
  actions?: string[];
  from?: Date;
  to?: Date;
  cursor?: AuditCursor;
  limit: number;
}

/** Where a page ended: the last event's time (PostgreSQL's, to the microsecond, as ISO text) and id. */
export interface AuditCursor {
  at: string;
  id: string;
}

/** A changed field of a profile event, as the viewer may see it. */
export interface AuditChange {
  field: string;
  /** The field's label now; its key when the field no longer exists. */
  label: string;
  /** The field's type now; null when it no longer exists (its values are then not shown). */
  type: string | null;
  before: unknown;
  after: unknown;
  /** The values as people read them: option labels for select fields, names for user fields, lists joined; null for none. */
  beforeText: string | null;
  afterText: string | null;
  /** Where the new value came from (`user`, `ldap:3`, `xml:4`, `migration`). */
  source: string | null;
}

export interface AuditEntry {
  id: string;
  at: Date;
  action: string;
  /** Who did it: a person, a sync run, the migration, or Rollcall itself. */
  by: 'person' | 'sync' | 'migration' | 'system';
  actor: { accountId: string; displayName: string | null } | null;
  subject: { type: string; id: string; displayName: string | null };
  /** The sync run that did it (its id and source), when one did. */
  run: { id: string; sourceId: string | null; sourceName: string | null } | null;
  /** A profile event's changed fields the viewer may see; null for other events. */
  changes: AuditChange[] | null;
  /** Any other event's details (settings and structure, never a profile's values). */
  details: Record<string, unknown> | null;
}

/**
 * The site's audit events newest first, as `viewer` may see them: a profile event lists only the
 * fields of categories the viewer may see (restricted categories apply to admins too), an event
 * whose changed fields are all hidden is left out, and a field that no longer exists shows its key
 * without values (its category, and so who may see it, is unknown). Names of actors and people
 * are the accounts' as last read. One page of `limit`, and the cursor of the next when there is one.
 */
export async function readAuditLog(tenantId: string, viewer: Viewer, query: AuditQuery): Promise<{ entries: AuditEntry[]; next: AuditCursor | null }> {
  const where: WhereOptions<AuditEvent>[] = [{ tenantId }];
  if (query.person) where.push({ subjectType: 'profile', subjectId: query.person });
  if (query.actor) where.push({ actorAccountId: query.actor });
  if (query.actions?.length) {
    where.push({ [Op.or]: query.actions.map((a) => (a.endsWith('.') ? { action: { [Op.startsWith]: a } } : { action: a })) });
  }
  if (query.from) where.push({ createdAt: { [Op.gte]: query.from } });
  if (query.to) where.push({ createdAt: { [Op.lt]: query.to } });
  if (query.cursor) {
    // The boundary at PostgreSQL's precision (a sync writes hundreds of events with one now()):
    // a JavaScript Date would cut the microseconds and skip the rest of them.
    const at = AuditEvent.sequelize!.escape(query.cursor.at);
    const id = AuditEvent.sequelize!.escape(query.cursor.id);
    where.push(AuditEvent.sequelize!.literal(`("AuditEvent"."created_at" < ${at}::timestamptz OR ("AuditEvent"."created_at" = ${at}::timestamptz AND "AuditEvent"."id" < ${id}::bigint))`));
  }
  const rows = await AuditEvent.findAll({
    attributes: { include: [[AuditEvent.sequelize!.literal(`to_char("AuditEvent"."created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`), 'cursorAt']] },
    where: { [Op.and]: where },
    order: [['createdAt', 'DESC'], ['id', 'DESC']],
    limit: query.limit + 1,
  });
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);

  const [fields, categories] = await Promise.all([ProfileField.findAll({ where: { tenantId } }), FieldCategory.findAll({ where: { tenantId } })]);
  const visibleCategories = new Set(categories.filter((c) => canSeeCategory(viewer, c)).map((c) => String(c.id)));
  const fieldByKey = new Map(fields.map((f) => [f.key, f]));
  // Changes in the order the profile shows its fields (category, then field), gone fields last.
  const categoryRank = new Map(categories.map((c) => [String(c.id), c.position]));
  const rank = (key: string) => {
    const field = fieldByKey.get(key);
    return field ? [categoryRank.get(String(field.categoryId)) ?? 0, field.position] : [Number.MAX_SAFE_INTEGER, 0];
  };
  const byFieldOrder = (a: AuditChange, b: AuditChange) => {
    const [ca, fa] = rank(a.field);
    const [cb, fb] = rank(b.field);
    return ca - cb || fa - fb || (a.field < b.field ? -1 : 1);
  };
  const people = new Set<string>();
  const sourceIds = new Set<string>();
  for (const e of page) {
    if (e.actorAccountId) people.add(e.actorAccountId);
    if (e.subjectType === 'profile') people.add(e.subjectId);
    // People named in user fields' before and after, for their names.
    const changed = (e.details ?? {}).fields;
    if (e.subjectType === 'profile' && changed && typeof changed === 'object') {
      for (const [key, change] of Object.entries(changed as Record<string, { before?: unknown; after?: unknown }>)) {
        const type = fieldByKey.get(key)?.type;
        if (type !== 'user' && type !== 'multiuser') continue;
        for (const v of [change?.before, change?.after].flat()) if (typeof v === 'string') people.add(v);
      }
    }
    const runSource = runSourceOf(e);
    if (runSource) sourceIds.add(runSource);
  }
  const [accounts, sources] = await Promise.all([
    people.size ? Account.findAll({ attributes: ['accountId', 'displayName'], where: { tenantId, accountId: [...people] } }) : [],
    sourceIds.size ? DataSource.findAll({ attributes: ['id', 'name'], where: { tenantId, id: [...sourceIds] } }) : [],
  ]);
  const nameOf = new Map(accounts.map((a) => [a.accountId, a.displayName]));
  const sourceName = new Map(sources.map((s) => [String(s.id), s.name]));

  const entries: AuditEntry[] = [];
  for (const e of page) {
    const details = e.details ?? {};
    let changes: AuditChange[] | null = null;
    if (e.subjectType === 'profile' && details.fields && typeof details.fields === 'object' && !Array.isArray(details.fields)) {
      changes = [];
      for (const [key, change] of Object.entries(details.fields as Record<string, { before?: unknown; after?: unknown; source?: unknown }>)) {
        const field = fieldByKey.get(key);
        if (field && !visibleCategories.has(String(field.categoryId))) continue;
        const before = field ? (change?.before ?? null) : null;
        const after = field ? (change?.after ?? null) : null;
        changes.push({
          field: key,
          label: field?.label ?? key,
          type: field?.type ?? null,
          before,
          after,
          beforeText: field ? textOf(field, before, nameOf) : null,
          afterText: field ? textOf(field, after, nameOf) : null,
          source: typeof change?.source === 'string' ? change.source : null,
        });
      }
      if (!changes.length) continue;
      changes.sort(byFieldOrder);
    }
    let shown = details;
    if (e.subjectType === 'profile' && Array.isArray(details.fields)) {
      // An erased person's event keeps the keys of the fields that changed: only those the viewer may see.
      const keys = (details.fields as unknown[]).filter((k): k is string => typeof k === 'string' && visibleCategories.has(String(fieldByKey.get(k)?.categoryId)));
      if (!keys.length && details.fields.length) continue;
      shown = { ...details, fields: keys };
    }
    const runSource = runSourceOf(e);
    const runId = runIdOf(e);
    entries.push({
      id: String(e.id),
      at: e.createdAt,
      action: e.action,
      by: e.actorAccountId ? 'person' : runId ? 'sync' : e.action === 'profile.migrated' || details.source === 'migration' ? 'migration' : 'system',
      actor: e.actorAccountId ? { accountId: e.actorAccountId, displayName: nameOf.get(e.actorAccountId) ?? null } : null,
      subject: { type: e.subjectType, id: e.subjectId, displayName: e.subjectType === 'profile' ? (nameOf.get(e.subjectId) ?? null) : null },
      run: runId ? { id: runId, sourceId: runSource, sourceName: runSource ? (sourceName.get(runSource) ?? null) : null } : null,
      changes,
      details: changes ? null : withoutValues(shown),
    });
  }
  const last = page[page.length - 1];
  return { entries, next: more && last ? { at: String(last.get('cursorAt')), id: String(last.id) } : null };
}

/** A value as people read it: option labels, people's names (their id when Rollcall has no name), lists joined with commas. */
function textOf(field: ProfileField, value: unknown, names: Map<string, string | null>): string | null {
  if (value === null || value === undefined || value === '') return null;
  const one = (v: unknown): string => {
    if (field.type === 'select' || field.type === 'multiselect') return field.options?.find((o) => o.id === v)?.label ?? String(v);
    if ((field.type === 'user' || field.type === 'multiuser') && typeof v === 'string') return names.get(v) ?? v;
    return String(v);
  };
  return Array.isArray(value) ? value.map(one).join(', ') : one(value);
}

/** The run of a sync's event: `details.runId` (profile.synced) or the subject (profiles.created). */
function runIdOf(e: AuditEvent): string | null {
  if (e.subjectType === 'sync_run') return e.subjectId;
  const runId = (e.details ?? {}).runId;
  return typeof runId === 'string' || typeof runId === 'number' ? String(runId) : null;
}

/** A sync event's source: `details.sourceId`, or the source key (`ldap:3`) it names. */
function runSourceOf(e: AuditEvent): string | null {
  const details = e.details ?? {};
  if (typeof details.sourceId === 'string' || typeof details.sourceId === 'number') return String(details.sourceId);
  const source = typeof details.source === 'string' ? /^(?:ldap|xml):(\d+)$/.exec(details.source) : null;
  return source ? source[1] : null;
}

/** Details of a non-profile event without a picture's hash (nothing else in them is a person's data). */
function withoutValues(details: Record<string, unknown>): Record<string, unknown> {
  const { hash: _hash, ...rest } = details;
  return rest;
}
