import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { DirectoryEntry, SyncRun, SyncRunError, type DataSource, type SyncCounts, type SyncMode } from '../../db/models';
import { findAccountIdsByEmail, knownAccountIds } from '../../directory/accounts';
import type { Logger } from '../../logger';
import { storeSourcePictures } from '../../profiles/pictureStore';
import { writeProfiles } from './profileWriter';
import { contentHash, pictureHashOf, type SourceReader, type SourceRecord } from '../readers/sourceRecord';

/**
 * The one sync engine, for every kind of source: reads pages of records from a source adapter,
 * matches each to a Confluence account, diffs it with what is stored by content hash, writes
 * changed entries and the profiles they change (multi-row, one transaction per page), records
 * per-entry errors and goes on, and after a complete full run marks people who left.
 *
 * Performance (docs/PERFORMANCE.md): the next page is read from the source while the current one
 * is written; pictures are stored as they came (rendered when first shown); the tables looked up
 * with long IN lists are analysed when they have outgrown their statistics.
 */

export interface EngineOptions {
  tenantId: string;
  source: DataSource;
  run: SyncRun;
  mode: SyncMode;
  reader: SourceReader;
  /** How records find accounts: by email (case-insensitive) or by account id. */
  matchBy: 'email' | 'accountId';
  /** A full run refuses to mark more than this share of known entries as gone. Default 20. */
  goneThresholdPercent?: number;
  /**
   * The stable ids of the entries whose errors the run has recorded, when one run reads its
   * people more than once (an incremental run and its backfill share one): each is counted once.
   */
  reported?: Set<string>;
  /** Asked before each page: a reason to stop the run (its source's lock was lost), or undefined. */
  stopReason?: () => Error | undefined;
  logger: Logger;
}

export interface EngineResult {
  counts: SyncCounts;
  profilesWritten: number;
}

/** A full run that would mark too many people as gone stops before marking anyone. */
export class GoneThresholdError extends Error {
  constructor(
    readonly wouldMark: number,
    readonly known: number,
    readonly thresholdPercent: number,
  ) {
    super(
      `Stopped before marking people as gone: ${wouldMark} of ${known} known entries (${((wouldMark / known) * 100).toFixed(1)}%) ` +
        `are missing from the directory, above the safety threshold of ${thresholdPercent}%. Nothing was marked. ` +
        'Check the base DN, the additional user DN and the user filter; raise the threshold if the change is real.',
    );
    this.name = 'GoneThresholdError';
  }
}

interface StoredEntry {
  id: string;
  external_id: string;
  content_hash: string;
  account_id: string | null;
  picture_hash: string | null;
  gone: boolean;
}

const zeroCounts = (): SyncCounts => ({ seen: 0, added: 0, updated: 0, unchanged: 0, unmatched: 0, failed: 0, removed: 0 });

export async function runEngine(options: EngineOptions): Promise<EngineResult> {
  const { tenantId, source, run } = options;
  const sequelize = DirectoryEntry.sequelize!;
  const counts = zeroCounts();
  let profilesWritten = 0;
  // The ids of the stored entries this run has read: the ones not among them after a complete
  // full run are gone. Numbers, not strings or rows: a few bytes per person.
  const seen = new Set<number>();
  const started = Date.now();
  const estimate = await DirectoryEntry.count({ where: { tenantId, sourceId: source.id, goneAt: null } });
  const statistics = await TableStatistics.prepare(sequelize);

  // One page is read ahead: the source (the directory server, and parsing its answer) works on
  // page n + 1 while page n is written. A failure to read it surfaces after page n is committed.
  const pages = options.reader.pages()[Symbol.asyncIterator]();
  const readNext = () => {
    const next = pages.next();
    next.catch(() => undefined); // handled where it is awaited
    return next;
  };
  let next = readNext();
  try {
    for (;;) {
      const current = await next;
      if (current.done) break;
      const stop = options.stopReason?.();
      if (stop) throw stop;
      next = readNext();
      const inserted = await sequelize.transaction(async (transaction) => {
        await beginSyncWrite(tenantId, transaction);
        const { touched, inserted } = await processPage(current.value, options, counts, seen, transaction);
        // Profiles naming someone not read yet are written once, after the last page (below).
        const written = await writeProfiles(tenantId, [...touched], String(run.id), transaction, { deferUnresolved: true });
        profilesWritten += written.written;
        await addPending(tenantId, [...written.unresolved], transaction);
        const seconds = (Date.now() - started) / 1000;
        await SyncRun.update(
          { progress: { phase: 'reading', done: counts.seen, total: Math.max(estimate, counts.seen), ratePerSecond: Math.round(counts.seen / Math.max(seconds, 0.001)) }, counts },
          { where: { id: run.id, tenantId }, transaction },
        );
        return inserted;
      });
      await statistics.grew(inserted);
    }
  } catch (err) {
    // Stops the source after the page in flight (the caller closes the connection anyway).
    void pages.return?.(undefined)?.catch(() => undefined);
    // The profiles deferred by the pages written so far are written with what resolves now, so a
    // run that fails midway leaves no one without a profile (they stay listed for the next run).
    await writePendingProfiles(tenantId, String(run.id)).catch((pendingError: unknown) =>
      options.logger.warn({ err: pendingError, runId: String(run.id) }, 'pending profiles not written after a failed run: the next run writes them'),
    );
    throw err;
  }

  profilesWritten += await writePendingProfiles(tenantId, String(run.id));
  if (options.mode === 'full') {
    counts.removed = await markGone(options, seen);
    if (counts.removed > 0) profilesWritten += await writePendingProfiles(tenantId, String(run.id));
  }
  return { counts, profilesWritten };
}

/**
 * Starts a sync's write transaction (a page, or a batch of pending profiles).
 *
 * The tenant's sync writes take turns: two sources of one tenant may run at once, and each
 * rebuilds profiles from every source's entries and works off the tenant's pending list, so a
 * transaction must see the other run's committed pages (a profile rebuilt from entries the other
 * run is changing would be written stale and leave the list), and two runs locking overlapping
 * profiles could deadlock. Pages are short; the sources are still read side by side.
 *
 * The commit does not wait for the write-ahead log to reach the disk (one flush per page
 * otherwise). A crash of PostgreSQL may lose the last moments of committed pages, never leave
 * them half written; the run is then marked failed and the next run reads those entries again.
 *
 * JIT compilation is off: the statements are short, but while a first sync fills the tables the
 * planner's estimates lag behind and can push a statement's cost over jit_above_cost, and
 * compiling it takes longer than running it (half a second for a page's statement that runs in
 * 40 ms without; docs/PERFORMANCE.md).
 */
async function beginSyncWrite(tenantId: string, transaction: Transaction): Promise<void> {
  await DirectoryEntry.sequelize!.query(`SELECT set_config('synchronous_commit', 'off', true), set_config('jit', 'off', true), ${TENANT_SYNC_WRITES}`, {
    bind: [tenantId],
    transaction,
  });
}

const TENANT_SYNC_WRITES = `pg_advisory_xact_lock(hashtextextended('rollcall:sync-writes:' || $1, 0))`;

/**
 * Takes the tenant's turn for profile writes (see beginSyncWrite) in a transaction that changes
 * what profiles are built from outside a sync (a source's priority, enabled flag, deletion), so
 * that a sync working off the pending list cannot read the old state and then drop the accounts
 * this transaction lists.
 */
export async function takeTenantSyncWrites(tenantId: string, transaction: Transaction): Promise<void> {
  await DirectoryEntry.sequelize!.query(`SELECT ${TENANT_SYNC_WRITES}`, { bind: [tenantId], transaction });
}

async function addPending(tenantId: string, accountIds: string[], transaction: Transaction): Promise<void> {
  if (accountIds.length === 0) return;
  await DirectoryEntry.sequelize!.query(
    `INSERT INTO pending_profiles (tenant_id, account_id) SELECT $1::bigint, unnest($2::text[]) ON CONFLICT DO NOTHING`,
    { bind: [tenantId, accountIds], transaction },
  );
}

/**
 * Writes the tenant's pending profiles: the ones this run deferred because they name someone read
 * in a later page, and the ones earlier runs left because the person named had no account yet
 * (or a run died first). Those whose references all resolve now leave the list; the others are
 * written with what resolves and stay listed for the next run.
 */
async function writePendingProfiles(tenantId: string, runId: string): Promise<number> {
  const sequelize = DirectoryEntry.sequelize!;
  let written = 0;
  let after = '';
  for (;;) {
    const batch = await sequelize.transaction(async (transaction) => {
      await beginSyncWrite(tenantId, transaction);
      const accounts = (
        await sequelize.query<{ account_id: string }>(
          `SELECT account_id FROM pending_profiles WHERE tenant_id = $1 AND account_id > $2 ORDER BY account_id LIMIT ${PENDING_BATCH}`,
          { bind: [tenantId, after], type: QueryTypes.SELECT, transaction },
        )
      ).map((r) => r.account_id);
      if (accounts.length === 0) return accounts;
      const result = await writeProfiles(tenantId, accounts, runId, transaction);
      written += result.written;
      const resolved = accounts.filter((a) => !result.unresolved.has(a));
      if (resolved.length > 0) {
        await sequelize.query(`DELETE FROM pending_profiles WHERE tenant_id = $1 AND account_id = ANY ($2::text[])`, { bind: [tenantId, resolved], transaction });
      }
      return accounts;
    });
    if (batch.length < PENDING_BATCH) return written;
    after = batch[batch.length - 1];
  }
}

/**
 * Pending profiles written per transaction. A first run defers about half its people (read before
 * their manager) and writes them here: 2,000 at a time, a quarter of the statements of the pages'
 * 500, each still a few milliseconds (the lists are analysed, see TableStatistics).
 */
const PENDING_BATCH = 2000;

/**
 * Writes one page: entries (new, changed, re-matched), errors, pictures. Returns the accounts to
 * rebuild, and how many entries were new.
 */
async function processPage(
  page: SourceRecord[],
  options: EngineOptions,
  counts: SyncCounts,
  seen: Set<number>,
  transaction: Transaction,
): Promise<{ touched: Set<string>; inserted: number }> {
  const { tenantId, source, run } = options;
  const sequelize = DirectoryEntry.sequelize!;
  const errors: Array<{ dn: string; external_id: string | null; reason: string }> = [];
  const candidates: SourceRecord[] = [];
  const inPage = new Set<string>();
  const duplicate = (record: SourceRecord) => {
    errors.push({ dn: record.locator, external_id: record.externalId, reason: 'Another entry of this run has the same stable id; skipped.' });
    counts.failed++;
  };
  const countFailed = (record: SourceRecord) => {
    // Once per run: an incremental run's backfill reads again people its first pass read.
    if (record.externalId && options.reported) {
      if (options.reported.has(record.externalId)) return;
      options.reported.add(record.externalId);
    }
    record.errors.forEach((reason) => errors.push({ dn: record.locator, external_id: record.externalId, reason }));
    counts.failed++;
  };
  for (const record of page) {
    counts.seen++;
    if (!record.externalId) {
      // A source may say why (an XML record without a match key, a duplicate key); LDAP entries lack the id attribute.
      for (const reason of record.errors.length ? record.errors : ['The entry has no value for the stable id attribute.']) errors.push({ dn: record.locator, external_id: null, reason });
      counts.failed++;
    } else if (inPage.has(record.externalId)) duplicate(record);
    else {
      inPage.add(record.externalId);
      candidates.push(record);
    }
  }

  const stored = new Map<string, StoredEntry>();
  if (candidates.length > 0) {
    const rows = await sequelize.query<StoredEntry>(
      `SELECT id, external_id, content_hash, account_id, picture_hash, gone_at IS NOT NULL AS gone FROM directory_entries
       WHERE tenant_id = $1 AND source_id = $2 AND external_id = ANY ($3::text[])`,
      { bind: [tenantId, source.id, candidates.map((r) => r.externalId)], type: QueryTypes.SELECT, transaction },
    );
    rows.forEach((r) => stored.set(r.external_id, r));
  }
  // An entry an earlier page of this run already read (and stored) is a duplicate of it.
  const valid = candidates.filter((record) => {
    const before = stored.get(record.externalId!);
    if (before && seen.has(Number(before.id))) {
      duplicate(record);
      return false;
    }
    return true;
  });

  // Changed or new records, and unchanged ones still without an account (they may match now).
  const work: Array<{ record: SourceRecord; hash: string; pictureHash: string | null; before?: StoredEntry }> = [];
  for (const record of valid) {
    const pictureHash = record.pictureHash !== undefined ? record.pictureHash : record.picture === undefined ? null : pictureHashOf(record.picture);
    const hash = contentHash(record, pictureHash);
    const before = stored.get(record.externalId!);
    if (before && before.content_hash === hash && !before.gone && before.account_id) {
      seen.add(Number(before.id));
      // Unchanged, but still wrong in the directory: reported by every run until it is mended.
      if (record.errors.length > 0) countFailed(record);
      else counts.unchanged++;
    } else {
      work.push({ record, hash, pictureHash, before });
    }
  }
  const accountOf = await matchAccounts(tenantId, options.matchBy, work.map((w) => w.record.matchValue), transaction);

  const upserts: object[] = [];
  let inserted = 0;
  const touched = new Set<string>();
  const pictures: Array<{ accountId: string; picture: Buffer | null; hash?: string | null; locator: string; externalId: string }> = [];
  for (const { record, hash, pictureHash, before } of work) {
    const accountId = record.matchValue ? (accountOf.get(normalizeMatch(options.matchBy, record.matchValue)) ?? null) : null;
    if (before && before.content_hash === hash && !before.gone && !accountId) {
      seen.add(Number(before.id)); // still unmatched, nothing else changed
      if (record.errors.length > 0) countFailed(record);
      else counts.unmatched++;
      continue;
    }
    upserts.push({
      external_id: record.externalId,
      dn: record.dnKey ?? record.locator,
      match_key: record.matchValue,
      account_id: accountId,
      values: record.values,
      content_hash: hash,
      picture_hash: pictureHash,
    });
    if (!before) inserted++;
    // added: the entry now fills a profile it did not fill before (new, newly matched, or back).
    if (record.errors.length > 0) countFailed(record);
    else if (!accountId) counts.unmatched++;
    else if (!before || before.gone || !before.account_id) counts.added++;
    else counts.updated++;
    if (accountId) touched.add(accountId);
    if (before?.account_id && before.account_id !== accountId) touched.add(before.account_id);
    // The picture when it changed, and when the entry fills an account it did not fill before
    // (new, matched at last, matched to someone else, back after it was gone).
    const fillsAnew = !before || before.gone || before.account_id !== accountId;
    if (accountId && record.picture !== undefined && ((before?.picture_hash ?? null) !== pictureHash || (fillsAnew && pictureHash !== null))) {
      // The hash computed from these bytes above (a stored hash a record carries is not theirs).
      pictures.push({ accountId, picture: record.picture, hash: record.pictureHash === undefined ? pictureHash : undefined, locator: record.locator, externalId: record.externalId! });
    }
  }

  // Bind parameters, here and below: the page's rows travel as one JSON parameter, neither escaped
  // nor copied into the statement's text (less work and less garbage per page).
  if (upserts.length > 0) {
    const written = await sequelize.query<{ id: string }>(
      `INSERT INTO directory_entries (tenant_id, source_id, external_id, dn, match_key, account_id, "values", content_hash, picture_hash, last_seen_run_id, gone_at, created_at, updated_at)
       SELECT $1::bigint, $2::bigint, r.external_id, r.dn, r.match_key, r.account_id, r."values", r.content_hash, r.picture_hash, $3::bigint, NULL, now(), now()
       FROM jsonb_to_recordset($4::jsonb)
         AS r(external_id text, dn text, match_key text, account_id text, "values" jsonb, content_hash text, picture_hash text)
       ON CONFLICT (source_id, external_id) DO UPDATE SET dn = EXCLUDED.dn, match_key = EXCLUDED.match_key, account_id = EXCLUDED.account_id,
         "values" = EXCLUDED."values", content_hash = EXCLUDED.content_hash, picture_hash = EXCLUDED.picture_hash,
         last_seen_run_id = EXCLUDED.last_seen_run_id, gone_at = NULL, updated_at = now()
       RETURNING id`,
      { bind: [tenantId, source.id, run.id, JSON.stringify(upserts)], type: QueryTypes.SELECT, transaction },
    );
    written.forEach((row) => seen.add(Number(row.id)));
  }
  // Pictures are stored as they came (renditions are made when first shown): one statement a page.
  const problems = await storeSourcePictures(tenantId, `${source.kind}:${source.id}`, pictures.map((p) => ({ accountId: p.accountId, bytes: p.picture, hash: p.hash })), transaction);
  problems.forEach((problem, i) => {
    if (problem) errors.push({ dn: pictures[i].locator, external_id: pictures[i].externalId, reason: `Picture: ${problem}` });
  });
  if (errors.length > 0) {
    await SyncRunError.bulkCreate(
      errors.map((e) => ({ tenantId, runId: String(run.id), dn: e.dn, externalId: e.external_id, reason: e.reason })),
      { transaction },
    );
  }
  return { touched, inserted };
}

function normalizeMatch(matchBy: 'email' | 'accountId', value: string): string {
  return matchBy === 'email' ? value.trim().toLowerCase() : value.trim();
}

/** Match values → account ids, in one query per page. */
async function matchAccounts(tenantId: string, matchBy: 'email' | 'accountId', values: Array<string | null>, transaction: Transaction): Promise<Map<string, string>> {
  const wanted = [...new Set(values.filter((v): v is string => !!v).map((v) => normalizeMatch(matchBy, v)))];
  if (wanted.length === 0) return new Map();
  if (matchBy === 'email') return findAccountIdsByEmail(tenantId, wanted, transaction);
  const known = await knownAccountIds(tenantId, wanted, transaction);
  return new Map([...known].map((id) => [id, id]));
}

/**
 * PostgreSQL needs statistics to use an index for a long IN list: without them it assumes each
 * value matches 0.5% of the rows, so the 500 values of a page "match everything", and it scans all
 * the tenant's entries instead of probing the unique index (40–150 ms instead of 1–5 ms per
 * statement at 100,000 people; docs/PERFORMANCE.md). Autovacuum analyses a table a minute or more
 * after it grew, too late for the first sync of a big directory, which fills the tables within the
 * run. So the engine analyses the tables it looks rows up in when they have none, and again
 * whenever the run has added three times the entries the statistics know of (a geometric series:
 * three ANALYZEs for 100,000 people, each reading at most 30,000 rows). The pending list grows with
 * them (half of a first run's people come before their manager) and is read in keyset batches at
 * the end: without statistics PostgreSQL sorts the whole list for every batch (10 ms a batch at
 * 50,000 pending instead of under 1 ms). A database user that does not own the tables gets a
 * warning from ANALYZE, not an error.
 */
class TableStatistics {
  private static readonly TABLES = ['accounts', 'directory_entries', 'profiles'];
  private static readonly MIN_GROWTH = 5000;
  private grown = 0;

  private constructor(
    private readonly sequelize: Sequelize,
    /** Entries the statistics of directory_entries (and profiles, which grow with them) know of. */
    private known: number,
  ) {}

  static async prepare(sequelize: Sequelize): Promise<TableStatistics> {
    const tuples = async () =>
      new Map(
        (
          await sequelize.query<{ name: string; tuples: number }>(
            `SELECT relname AS name, reltuples::float8 AS tuples FROM pg_class WHERE oid = ANY (CAST(:tables AS regclass[]))`,
            { replacements: { tables: `{${TableStatistics.TABLES.join(',')}}` }, type: QueryTypes.SELECT },
          )
        ).map((r) => [r.name, Number(r.tuples)]),
      );
    let known = await tuples();
    // Never analysed (-1; 0 before PostgreSQL 14): fresh tables, or accounts just read from Confluence.
    const missing = TableStatistics.TABLES.filter((t) => (known.get(t) ?? 0) <= 0);
    if (missing.length > 0) {
      await sequelize.query(`ANALYZE ${missing.join(', ')}`);
      known = await tuples();
    }
    return new TableStatistics(sequelize, Math.max(0, known.get('directory_entries') ?? 0));
  }

  /** Called after each page with the entries it added. */
  async grew(entries: number): Promise<void> {
    this.grown += entries;
    if (this.grown <= Math.max(TableStatistics.MIN_GROWTH, 3 * this.known)) return;
    await this.sequelize.query('ANALYZE directory_entries, profiles, pending_profiles');
    this.known += this.grown;
    this.grown = 0;
  }
}

/**
 * After a complete full run: entries of this source the run did not read are marked gone, and
 * profiles left with no entry in any source are marked "left the directory" (values kept).
 * Refused as a whole above the safety threshold.
 */
async function markGone(options: EngineOptions, seen: Set<number>): Promise<number> {
  const { tenantId, source } = options;
  const sequelize = DirectoryEntry.sequelize!;
  // One array parameter; PostgreSQL anti-joins it with the source's entries by hashing.
  const seenIds = `{${[...seen].join(',')}}`;
  return sequelize.transaction(async (transaction) => {
    await beginSyncWrite(tenantId, transaction);
    const [{ known, missing }] = await sequelize.query<{ known: number; missing: number }>(
      `SELECT count(*)::int AS known, count(*) FILTER (WHERE s.id IS NULL)::int AS missing
       FROM directory_entries e LEFT JOIN unnest($3::bigint[]) AS s (id) ON s.id = e.id
       WHERE e.tenant_id = $1 AND e.source_id = $2 AND e.gone_at IS NULL`,
      { bind: [tenantId, source.id, seenIds], type: QueryTypes.SELECT, transaction },
    );
    if (missing === 0) return 0;
    const threshold = options.goneThresholdPercent ?? 20;
    if ((missing / known) * 100 > threshold) throw new GoneThresholdError(missing, known, threshold);
    const gone = await sequelize.query<{ account_id: string | null }>(
      `UPDATE directory_entries e SET gone_at = now(), updated_at = now()
       WHERE e.tenant_id = $1 AND e.source_id = $2 AND e.gone_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM unnest($3::bigint[]) AS s (id) WHERE s.id = e.id)
       RETURNING account_id`,
      { bind: [tenantId, source.id, seenIds], type: QueryTypes.SELECT, transaction },
    );
    const accounts = [...new Set(gone.map((g) => g.account_id).filter((a): a is string => !!a))];
    // Their profiles are rebuilt from the entries they still have in other sources (after this
    // transaction); those with none keep their values and are marked below.
    await addPending(tenantId, accounts, transaction);
    if (accounts.length > 0) {
      await sequelize.query(
        `UPDATE profiles p SET left_directory_at = now(), updated_at = now()
         WHERE p.tenant_id = $1 AND p.account_id = ANY ($2::text[]) AND p.left_directory_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM directory_entries e WHERE e.tenant_id = p.tenant_id AND e.account_id = p.account_id AND e.gone_at IS NULL)`,
        { bind: [tenantId, accounts], transaction },
      );
    }
    return gone.length;
  });
}
