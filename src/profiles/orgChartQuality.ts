import { QueryTypes } from 'sequelize';
import { DataSource, Profile } from '../db/models';
import { chartAccess, peopleByIds, walk, type OrgPerson } from './orgChart';
import type { ValueOrigin } from './profiles';
import type { Viewer } from './policy';

/**
 * The org chart's data quality report (admins): what in the superior field keeps people off the
 * chart. Computed from the data each time, so mending the data (or the sync that set it) makes an
 * issue disappear on the next read.
 * - **cycle**: people whose superiors lead back to them (A → B → A; any length ≥ 2), listed once
 *   per cycle in the order of the edges, with how many people sit below the cycle;
 * - **selfReference**: a person named as their own superior (a cycle of length 1);
 * - **superiorNotOnSite**: the superior is not a person of the site (Confluence does not list
 *   them) or their account is deactivated;
 * - **superiorLeftDirectory**: the superior's profile is marked "left the directory".
 * Each issue names the source that set the person's superior value (`user`, `migration`, or the
 * LDAP / XML source with its name).
 */

/** Issues listed per kind at most; `counts` stay exact. */
export const MAX_ISSUES = 500;

export interface ValueSource {
  kind: ValueOrigin;
  sourceId?: string;
  sourceName?: string | null;
}

export interface QualityIssue {
  kind: 'cycle' | 'selfReference' | 'superiorNotOnSite' | 'superiorLeftDirectory';
  /** The people concerned: one person, or a cycle's members in edge order (each one's superior is the next; the last's is the first). */
  people: Array<OrgPerson & { source: ValueSource | null }>;
  /** The superior named (for the superior kinds). */
  superior?: OrgPerson;
  /** People below a cycle (whose chain leads into it), for cycles and self-references. */
  peopleBelow?: number;
}

export interface QualityReport {
  superiorField: { key: string; label: string } | null;
  restricted: boolean;
  counts: Record<QualityIssue['kind'], number>;
  issues: QualityIssue[];
}

const sequelize = () => Profile.sequelize!;

/** The report for an admin; restricted categories apply (an admin outside the superior field's groups sees no issue). */
export async function chartQuality(tenantId: string, viewer: Viewer): Promise<QualityReport> {
  const access = await chartAccess(tenantId, viewer, []);
  const counts = { cycle: 0, selfReference: 0, superiorNotOnSite: 0, superiorLeftDirectory: 0 };
  if (!access.superiorField) return { superiorField: null, restricted: access.restricted, counts, issues: [] };
  const key = access.superiorField.key;
  const [cycles, missing, left, sources] = await Promise.all([cyclesOf(tenantId), superiorsNotOnSite(tenantId), superiorsWhoLeft(tenantId), sourceNames(tenantId)]);

  const drafts: Array<{ kind: QualityIssue['kind']; ids: string[]; superior?: string; peopleBelow?: number }> = [];
  for (const cycle of cycles) {
    const kind = cycle.members.length === 1 ? 'selfReference' : 'cycle';
    counts[kind]++;
    if (counts[kind] <= MAX_ISSUES) drafts.push({ kind, ids: cycle.members, peopleBelow: cycle.below });
  }
  // At most MAX_ISSUES rows come back; each carries the whole count.
  counts.superiorNotOnSite = Number(missing[0]?.total ?? 0);
  for (const row of missing) drafts.push({ kind: 'superiorNotOnSite', ids: [row.account_id], superior: row.superior });
  counts.superiorLeftDirectory = Number(left[0]?.total ?? 0);
  for (const row of left) drafts.push({ kind: 'superiorLeftDirectory', ids: [row.account_id], superior: row.superior });

  const ids = [...new Set(drafts.flatMap((d) => [...d.ids, ...(d.superior ? [d.superior] : [])]))];
  const [people, origins] = await Promise.all([peopleByIds(tenantId, ids, [], false), originsOf(tenantId, ids, key)]);
  const byId = new Map(people.map((p) => [p.accountId, p]));
  const personOf = (id: string): OrgPerson =>
    byId.get(id) ?? { accountId: id, displayName: null, pictureUrl: null, onSite: false, active: false, leftDirectory: false, values: {} };
  const sourceOf = (id: string): ValueSource | null => {
    const label = origins.get(id);
    if (!label) return null;
    const [kind, sourceId] = label.split(':') as [ValueOrigin, string | undefined];
    return sourceId ? { kind, sourceId, sourceName: sources.get(sourceId) ?? null } : { kind };
  };
  const issues = drafts.map((d) => ({
    kind: d.kind,
    people: d.ids.map((id) => ({ ...personOf(id), source: sourceOf(id) })),
    ...(d.superior ? { superior: personOf(d.superior) } : {}),
    ...(d.peopleBelow !== undefined ? { peopleBelow: d.peopleBelow } : {}),
  }));
  return { superiorField: access.superiorField, restricted: false, counts, issues };
}

/**
 * Every cycle of the superior edges. People whose chain reaches a top (no superior, or a superior
 * with no profile) are found by one walk down from the tops (a `UNION`, so it ends); everyone else
 * sits in a cycle or below one, and each of them has exactly one superior among them: a functional
 * graph, whose cycles are found in memory in linear time.
 */
async function cyclesOf(tenantId: string): Promise<Array<{ members: string[]; below: number }>> {
  const rows = await walk<{ account_id: string; superior: string }>(
    `WITH RECURSIVE reached (account_id) AS (
       SELECT p.account_id FROM profiles p
       WHERE p.tenant_id = $1
         AND (p.superior_account_id IS NULL
              OR NOT EXISTS (SELECT 1 FROM profiles s WHERE s.tenant_id = $1 AND s.account_id = p.superior_account_id))
       UNION
       SELECT c.account_id FROM reached r JOIN profiles c ON c.tenant_id = $1 AND c.superior_account_id = r.account_id
     )
     SELECT p.account_id, p.superior_account_id AS superior FROM profiles p
     WHERE p.tenant_id = $1 AND p.superior_account_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM reached r WHERE r.account_id = p.account_id)`,
    [tenantId],
  );
  const superior = new Map(rows.map((r) => [r.account_id, r.superior]));
  // 0 unvisited, 1 on the current walk, 2 done; cycleOf: the cycle a person's chain ends in.
  const state = new Map<string, number>();
  const cycleOf = new Map<string, number>();
  const cycles: Array<{ members: string[]; below: number }> = [];
  for (const start of [...superior.keys()].sort()) {
    if (state.get(start)) continue;
    const walk: string[] = [];
    let at: string | undefined = start;
    while (at !== undefined && !state.get(at)) {
      state.set(at, 1);
      walk.push(at);
      at = superior.get(at);
    }
    let index: number;
    if (at !== undefined && state.get(at) === 1) {
      // A new cycle: from `at` to the end of this walk.
      const members = walk.slice(walk.indexOf(at));
      index = cycles.push({ members: rotateToSmallest(members), below: 0 }) - 1;
      for (const m of members) cycleOf.set(m, index);
    } else {
      index = at === undefined ? -1 : (cycleOf.get(at) ?? -1);
    }
    for (const person of walk) {
      state.set(person, 2);
      if (!cycleOf.has(person)) {
        cycleOf.set(person, index);
        if (index >= 0) cycles[index].below++;
      }
    }
  }
  return cycles;
}

const rotateToSmallest = (members: string[]) => {
  const smallest = members.indexOf([...members].sort()[0]);
  return [...members.slice(smallest), ...members.slice(0, smallest)];
};

/** People whose superior is not a person of the site, or is deactivated. */
async function superiorsNotOnSite(tenantId: string): Promise<Array<{ account_id: string; superior: string; total: string }>> {
  return sequelize().query(
    `SELECT p.account_id, p.superior_account_id AS superior, count(*) OVER () AS total FROM profiles p
     LEFT JOIN accounts a ON a.tenant_id = p.tenant_id AND a.account_id = p.superior_account_id
     WHERE p.tenant_id = $1 AND p.superior_account_id IS NOT NULL AND p.superior_account_id <> p.account_id
       AND (a.account_id IS NULL OR NOT a.active)
     ORDER BY p.account_id LIMIT $2`,
    { bind: [tenantId, MAX_ISSUES], type: QueryTypes.SELECT },
  );
}

/** People whose superior left the directory. */
async function superiorsWhoLeft(tenantId: string): Promise<Array<{ account_id: string; superior: string; total: string }>> {
  return sequelize().query(
    `SELECT p.account_id, p.superior_account_id AS superior, count(*) OVER () AS total FROM profiles p
     JOIN profiles s ON s.tenant_id = p.tenant_id AND s.account_id = p.superior_account_id
     WHERE p.tenant_id = $1 AND s.left_directory_at IS NOT NULL AND p.superior_account_id <> p.account_id
     ORDER BY p.account_id LIMIT $2`,
    { bind: [tenantId, MAX_ISSUES], type: QueryTypes.SELECT },
  );
}

/** Where each person's superior value came from (`value_sources`). */
async function originsOf(tenantId: string, ids: string[], key: string): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await sequelize().query<{ account_id: string; origin: string | null }>(
    `SELECT account_id, value_sources ->> $3 AS origin FROM profiles WHERE tenant_id = $1 AND account_id = ANY ($2::text[])`,
    { bind: [tenantId, ids, key], type: QueryTypes.SELECT },
  );
  return new Map(rows.filter((r) => r.origin).map((r) => [r.account_id, r.origin!]));
}

async function sourceNames(tenantId: string): Promise<Map<string, string>> {
  const sources = await DataSource.findAll({ attributes: ['id', 'name'], where: { tenantId } });
  return new Map(sources.map((s) => [String(s.id), s.name]));
}
