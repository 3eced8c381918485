import { QueryTypes } from 'sequelize';
import { FieldCategory, Profile, ProfileField } from '../db/models';
import { notFound } from '../errors';
import { canSeeCategory, type Viewer } from './policy';

/**
 * The org chart: who reports to whom, read from the superior field (`profiles.superior_account_id`,
 * which the database keeps equal to the superior field's value: migration `org-chart`).
 *
 * Every walk is a recursive query bounded twice: by a depth cap ({@link MAX_DEPTH}) and by cycle
 * detection (the chain up keeps its path; the walks down are `UNION` queries over (start, person)
 * pairs, which end by construction because each pair is produced once). Data with cycles (A → B →
 * A) therefore never hangs a request; `orgChartQuality.ts` lists the cycles for admins.
 *
 * Restricted categories: when the superior field sits in a category the viewer may not see, the
 * viewer gets no edges at all (no chain, no reports, no counts), only the person themselves.
 */

/** Longest chain walked up (a real hierarchy is ~10 deep; anything deeper is reported as truncated). */
export const MAX_DEPTH = 50;
/** Direct reports returned for one person at most (the page groups them; counts stay exact). */
export const MAX_REPORTS = 5000;
/** Above this many people a read goes through {@link walk} with JIT off. */
const MANY = 50;
/** The card fields shown when none are asked for. */
export const DEFAULT_CARD_FIELDS = ['position', 'department'];
/** Types a card can show as one line of text. */
const CARD_TYPES = new Set(['text', 'multiline', 'email', 'phone', 'url', 'number', 'date', 'select', 'multiselect']);

/** A field shown on the cards, as the viewer may see it. */
export interface CardField {
  key: string;
  label: string;
  type: string;
}

/** One person on the chart. */
export interface OrgPerson {
  accountId: string;
  displayName: string | null;
  pictureUrl: string | null;
  /** Confluence lists the person (an account of the site). */
  onSite: boolean;
  /** Confluence lists them as active. */
  active: boolean;
  /** Every directory that filled their profile no longer has them (values kept). */
  leftDirectory: boolean;
  /** The card fields' values as text (only the fields the viewer may see; absent when empty). */
  values: Record<string, string>;
  /** Direct reports (only for people shown with their reports' counts). */
  directReports?: number;
  /** Everyone below them, at any depth. */
  totalReports?: number;
}

/** What the viewer may see of the chart's edges. */
export interface ChartAccess {
  /** The superior field, or null when the site has none or the viewer may not see it. */
  superiorField: { key: string; label: string } | null;
  /** The superior field exists but sits in a category the viewer may not see: no edges. */
  restricted: boolean;
  /** The fields on the cards (asked for, or {@link DEFAULT_CARD_FIELDS}), those the viewer may see. */
  cardFields: CardField[];
}

export interface ChartAround extends ChartAccess {
  person: OrgPerson;
  /** From the person's superior up to the top. */
  chain: OrgPerson[];
  /** The chain ran into someone already in it (a cycle): it stops there. */
  chainCycle: boolean;
  /** The chain went on past {@link MAX_DEPTH}. */
  chainTruncated: boolean;
  reports: OrgPerson[];
  /** More direct reports than {@link MAX_REPORTS}: that many (the first by account id) are returned, by name. */
  reportsTruncated: boolean;
}

export interface ChartReports extends ChartAccess {
  accountId: string;
  reports: OrgPerson[];
  reportsTruncated: boolean;
}

export interface ChartRoots extends ChartAccess {
  /** People with no superior who have reports, by name, with their counts. */
  roots: OrgPerson[];
}

const sequelize = () => Profile.sequelize!;

/**
 * A read over many people (a recursive walk, a list of thousands of ids), in a transaction of its
 * own with PostgreSQL's JIT off. A recursive query's row estimate is a guess (ten times the start,
 * for every step), which for a start list of thousands crosses `jit_above_cost`: compiling it
 * then takes ~0.5 s for a query that runs in ~50 ms. These are short reads, which JIT never pays
 * off for.
 */
export async function walk<T extends object>(sql: string, bind: unknown[], options: { many?: boolean } = {}): Promise<T[]> {
  // A few people: the estimates stay small and the three extra round trips would cost more.
  if (options.many === false) return sequelize().query<T>(sql, { bind, type: QueryTypes.SELECT });
  return sequelize().transaction(async (transaction) => {
    await sequelize().query('SET LOCAL jit = off', { transaction });
    return sequelize().query<T>(sql, { bind, type: QueryTypes.SELECT, transaction });
  });
}

/** The superior field and the card fields as this viewer may see them. */
export async function chartAccess(tenantId: string, viewer: Viewer, cardFieldKeys: readonly string[] = DEFAULT_CARD_FIELDS): Promise<ChartAccess> {
  const [fields, categories] = await Promise.all([ProfileField.findAll({ where: { tenantId } }), FieldCategory.findAll({ where: { tenantId } })]);
  const visibleCategories = new Set(categories.filter((c) => canSeeCategory(viewer, c)).map((c) => String(c.id)));
  const visible = (f: ProfileField) => visibleCategories.has(String(f.categoryId));
  const superior = fields.find((f) => f.orgChartSuperior && f.type === 'user');
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const cardFields = [...new Set(cardFieldKeys)]
    .map((key) => byKey.get(key))
    .filter((f): f is ProfileField => !!f && f.shownInProfile && CARD_TYPES.has(f.type) && visible(f))
    .map((f) => ({ key: f.key, label: f.label, type: f.type }));
  return {
    superiorField: superior && visible(superior) ? { key: superior.key, label: superior.label } : null,
    restricted: !!superior && !visible(superior),
    cardFields,
  };
}

/**
 * The chart around one person: their chain up to the top and their direct reports with counts.
 * 404 when the site has no such person (neither an account nor a profile).
 */
export async function chartAround(tenantId: string, viewer: Viewer, accountId: string, cardFieldKeys?: readonly string[]): Promise<ChartAround> {
  const access = await chartAccess(tenantId, viewer, cardFieldKeys);
  const edges = !!access.superiorField;
  const [[person], up, below] = await Promise.all([
    peopleByIds(tenantId, [accountId], access.cardFields, true),
    edges ? chainOf(tenantId, accountId) : { ids: [], cycle: false, truncated: false },
    edges ? reportsOf(tenantId, accountId, access.cardFields) : { reports: [], reportsTruncated: false },
  ]);
  if (!person) throw notFound(`Person ${accountId}`, `No person with account id ${accountId} on this site`);
  const chain = await peopleByIds(tenantId, up.ids, access.cardFields, false);
  return { ...access, person, chain, chainCycle: up.cycle, chainTruncated: up.truncated, ...below };
}

/** One person's direct reports with their counts (a subtree opened on the chart). */
export async function chartReports(tenantId: string, viewer: Viewer, accountId: string, cardFieldKeys?: readonly string[]): Promise<ChartReports> {
  const access = await chartAccess(tenantId, viewer, cardFieldKeys);
  const known = await peopleByIds(tenantId, [accountId], [], true);
  if (known.length === 0) throw notFound(`Person ${accountId}`, `No person with account id ${accountId} on this site`);
  if (!access.superiorField) return { ...access, accountId, reports: [], reportsTruncated: false };
  return { ...access, accountId, ...(await reportsOf(tenantId, accountId, access.cardFields)) };
}

/** The tops of the chart: people with no superior who have reports (several trees side by side). */
export async function chartRoots(tenantId: string, viewer: Viewer, cardFieldKeys?: readonly string[]): Promise<ChartRoots> {
  const access = await chartAccess(tenantId, viewer, cardFieldKeys);
  if (!access.superiorField) return { ...access, roots: [] };
  const rows = await sequelize().query<{ account_id: string }>(
    `SELECT DISTINCT p.superior_account_id AS account_id
     FROM profiles p
     WHERE p.tenant_id = $1 AND p.superior_account_id IS NOT NULL AND p.superior_account_id <> p.account_id
       AND NOT EXISTS (SELECT 1 FROM profiles s WHERE s.tenant_id = $1 AND s.account_id = p.superior_account_id AND s.superior_account_id IS NOT NULL)`,
    { bind: [tenantId], type: QueryTypes.SELECT },
  );
  const ids = rows.map((r) => r.account_id);
  const [people, counts] = await Promise.all([peopleByIds(tenantId, ids, access.cardFields, false), countsBelow(tenantId, ids, null)]);
  return { ...access, roots: sortByName(people.map((p) => withCounts(p, counts))) };
}

/** The chain up from a person (excluding them): ids from their superior to the top. */
async function chainOf(tenantId: string, accountId: string): Promise<{ ids: string[]; cycle: boolean; truncated: boolean }> {
  const rows = await walk<{ account_id: string; superior: string | null; depth: number; cycle: boolean }>(
    `WITH RECURSIVE up (account_id, superior, depth, path, cycle) AS (
       SELECT p.account_id, p.superior_account_id, 0, ARRAY[p.account_id], false
       FROM profiles p WHERE p.tenant_id = $1 AND p.account_id = $2
       UNION ALL
       SELECT p.account_id, p.superior_account_id, u.depth + 1, u.path || p.account_id, p.account_id = ANY (u.path)
       FROM up u JOIN profiles p ON p.tenant_id = $1 AND p.account_id = u.superior
       WHERE NOT u.cycle AND u.depth < $3
     )
     SELECT account_id, superior, depth, cycle FROM up ORDER BY depth`,
    [tenantId, accountId, MAX_DEPTH],
    { many: false },
  );
  const ids: string[] = [];
  let cycle = false;
  for (const row of rows.slice(1)) {
    if (row.cycle) {
      cycle = true;
      break;
    }
    ids.push(row.account_id);
  }
  const last = rows[rows.length - 1];
  let truncated = false;
  if (last && !cycle && last.superior) {
    // The top named a superior with no profile (an account only): they end the chain.
    if (last.depth < MAX_DEPTH) {
      if (last.superior === accountId || ids.includes(last.superior)) cycle = true;
      else ids.push(last.superior);
    } else truncated = true;
  }
  return { ids, cycle, truncated };
}

/**
 * Direct reports of one person, by name, each with their counts. The ids come from the superior
 * index alone and are sorted by name in memory: joining the accounts for the sort makes PostgreSQL
 * hash the whole table for a big team.
 */
async function reportsOf(tenantId: string, accountId: string, cardFields: CardField[]): Promise<{ reports: OrgPerson[]; reportsTruncated: boolean }> {
  const rows = await sequelize().query<{ account_id: string }>(
    `SELECT account_id FROM profiles WHERE tenant_id = $1 AND superior_account_id = $2 AND account_id <> $2 ORDER BY account_id LIMIT $3`,
    { bind: [tenantId, accountId, MAX_REPORTS + 1], type: QueryTypes.SELECT },
  );
  const ids = rows.slice(0, MAX_REPORTS).map((r) => r.account_id);
  if (ids.length === 0) return { reports: [], reportsTruncated: false };
  const [people, counts] = await Promise.all([peopleByIds(tenantId, ids, cardFields, false), countsBelow(tenantId, ids, accountId)]);
  return { reports: sortByName(people.map((p) => withCounts(p, counts))), reportsTruncated: rows.length > MAX_REPORTS };
}

/**
 * Direct and total reports of each of `ids`. The walk down is a `UNION` over (start, person)
 * pairs: each pair is produced once, so a cycle below ends the walk instead of looping; `above`
 * (the person whose reports these are) is never walked into, so a cycle through them does not
 * count them and everyone again. Each step probes the superior index per person (a LATERAL
 * subquery PostgreSQL cannot flatten): with the start list as a constant, the planner would
 * otherwise hash-join every step against the whole table.
 */
async function countsBelow(tenantId: string, ids: string[], above: string | null): Promise<Map<string, { direct: number; total: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await walk<{ top: string; direct: number; total: number }>(
    `WITH RECURSIVE below (top, account_id) AS (
       SELECT t, t FROM unnest($2::text[]) AS t
       UNION
       SELECT b.top, c.account_id
       FROM below b
       CROSS JOIN LATERAL (
         SELECT r.account_id FROM profiles r WHERE r.tenant_id = $1 AND r.superior_account_id = b.account_id OFFSET 0
       ) AS c
       WHERE c.account_id <> b.top AND c.account_id IS DISTINCT FROM $3
     )
     SELECT t.top, t.total,
            (SELECT count(*) FROM profiles r
             WHERE r.tenant_id = $1 AND r.superior_account_id = t.top AND r.account_id <> t.top AND r.account_id IS DISTINCT FROM $3)::int AS direct
     FROM (SELECT top, (count(*) - 1)::int AS total FROM below GROUP BY top) AS t`,
    [tenantId, ids, above],
    { many: ids.length > MANY },
  );
  return new Map(rows.map((r) => [r.top, { direct: r.direct, total: r.total }]));
}

/**
 * People by account id, in the order given (unknown ids left out): their account, whether they
 * left the directory, and the card fields' values as text. `mustExist`: only for the one person a
 * chart is about, so a missing person is a 404 rather than an empty card.
 */
export async function peopleByIds(tenantId: string, ids: string[], cardFields: CardField[], mustExist: boolean): Promise<OrgPerson[]> {
  if (ids.length === 0) return [];
  const keys = cardFields.map((f) => f.key);
  const rows = await walk<{
    account_id: string;
    display_name: string | null;
    picture_url: string | null;
    on_site: boolean;
    active: boolean | null;
    has_profile: boolean;
    left_directory: boolean;
    card: Record<string, unknown> | null;
  }>(
    `SELECT i.account_id, a.display_name, a.picture_url, a.account_id IS NOT NULL AS on_site, a.active,
            p.id IS NOT NULL AS has_profile, p.left_directory_at IS NOT NULL AS left_directory,
            (SELECT jsonb_object_agg(k, p."values" -> k) FROM unnest($3::text[]) AS k WHERE p."values" ? k) AS card
     FROM unnest($2::text[]) WITH ORDINALITY AS i (account_id, n)
     -- LATERAL … OFFSET 0: one index probe per person, never a hash of the whole table (which the
     -- planner picks when it sees a constant list of thousands of ids).
     LEFT JOIN LATERAL (SELECT * FROM accounts a WHERE a.tenant_id = $1 AND a.account_id = i.account_id OFFSET 0) AS a ON true
     LEFT JOIN LATERAL (SELECT * FROM profiles p WHERE p.tenant_id = $1 AND p.account_id = i.account_id OFFSET 0) AS p ON true
     ORDER BY i.n`,
    [tenantId, ids, keys],
    { many: ids.length > MANY },
  );
  const options = await optionLabels(tenantId, cardFields);
  return rows
    .filter((r) => !mustExist || r.on_site || r.has_profile)
    .map((r) => ({
      accountId: r.account_id,
      displayName: r.display_name,
      pictureUrl: r.picture_url,
      onSite: r.on_site,
      active: r.on_site && r.active === true,
      leftDirectory: r.left_directory,
      values: cardValues(r.card ?? {}, cardFields, options),
    }));
}

async function optionLabels(tenantId: string, cardFields: CardField[]): Promise<Map<string, Map<string, string>>> {
  const selects = cardFields.filter((f) => f.type === 'select' || f.type === 'multiselect').map((f) => f.key);
  if (selects.length === 0) return new Map();
  const fields = await ProfileField.findAll({ attributes: ['key', 'options'], where: { tenantId, key: selects } });
  return new Map(fields.map((f) => [f.key, new Map(f.options.map((o) => [o.id, o.label]))]));
}

function cardValues(raw: Record<string, unknown>, cardFields: CardField[], options: Map<string, Map<string, string>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of cardFields) {
    const value = raw[field.key];
    if (value === null || value === undefined || value === '') continue;
    const labels = options.get(field.key);
    const list = Array.isArray(value) ? value : [value];
    values[field.key] = list.map((v) => (labels ? (labels.get(String(v)) ?? String(v)) : String(v))).join(', ');
  }
  return values;
}

function withCounts(person: OrgPerson, counts: Map<string, { direct: number; total: number }>): OrgPerson {
  const count = counts.get(person.accountId);
  return { ...person, directReports: count?.direct ?? 0, totalReports: count?.total ?? 0 };
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
const sortByName = (people: OrgPerson[]) =>
  [...people].sort((a, b) => collator.compare(a.displayName ?? '\uffff', b.displayName ?? '\uffff') || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
