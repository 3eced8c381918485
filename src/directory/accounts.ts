import { col, fn, Op, QueryTypes, where, type Transaction } from 'sequelize';
import { Account } from '../db/models';
import { notFound } from '../errors';
import {
  EMAIL_BATCH,
  EmailsUnavailableError,
  USER_SEARCH_CAP,
  type ConfluenceDirectory,
  type DirectoryUser,
  type Page,
} from './confluenceDirectory';

/** What a refresh did. */
export interface RefreshResult {
  /** People read from Confluence and written (deactivated group members included, stored inactive). */
  accounts: number;
  /** Of those, how many have an email address the app may read. */
  withEmail: number;
  /** The site has 10,000 users or more, so they were read through group membership. */
  viaGroups: boolean;
  /** Accounts that were active and are no longer returned by Confluence: now marked inactive. */
  deactivated: number;
  /**
   * False when Confluence refused the email look-up (the app is not approved for
   * ACCESS_EMAIL_ADDRESSES): only addresses the users' privacy settings show were stored.
   */
  emailsReadable: boolean;
  durationMs: number;
}

export interface RefreshOptions {
  /**
   * Users asked for per page. Default 50 for the user search (Confluence's maximum there) and 200
   * for group members (its maximum there). Confluence clamps bigger values; paging still works.
   */
  pageSize?: number;
  /** Called after each batch is written, with the number of accounts written so far. */
  onProgress?: (done: number) => void;
}

const SEARCH_PAGE = 50;
const MEMBERS_PAGE = 200;
/** Groups per page of the group list (Confluence's maximum). */
const GROUPS_PAGE = 200;
/** Accounts per multi-row upsert: ten email look-ups, one statement. */
const WRITE_BATCH = 1000;
/** Values per look-up query, to keep each statement small. */
const LOOKUP_BATCH = 1000;

/**
 * Reads every person of the tenant's Confluence site and caches them in `accounts`: display
 * name, picture, the email where the app may read it, and whether the account is active.
 *
 * **The 10,000 limit.** Confluence's user search (`cql=type=user`) never returns results past the
 * first 10,000, and there is no other endpoint that lists every user of a site. So the search is
 * used while the site is smaller (fewest calls, licensed users only); when Confluence says there
 * are 10,000 or more (`totalSize`), or paging reaches result 10,000, the users are read again
 * through group membership instead: every group (`/group`) and its members
 * (`/group/{id}/membersByGroupId`), de-duplicated by account id. Everyone who may use Confluence
 * is in at least the group that grants product access, so nobody is lost; members who may no
 * longer use it (deactivated) are listed too and stored inactive. A site of exactly 10,000 takes
 * the group route as well, since the search cannot tell it from a bigger one.
 *
 * Memory holds the set of account ids seen (needed to de-duplicate group members) and one batch
 * of {@link WRITE_BATCH} users: emails are fetched 100 ids at a time and each batch is written
 * with one multi-row upsert. Only after everything was read are the accounts not seen in this run
 * marked inactive (never deleted), so a failed read deactivates nobody.
 */
export async function refreshAccounts(tenantId: string, directory: ConfluenceDirectory, options: RefreshOptions = {}): Promise<RefreshResult> {
  const startedMs = Date.now();
  const writer = new AccountWriter(tenantId, directory, await databaseNow(), options.onProgress);
  const viaGroups = !(await readBySearch(directory, writer, options.pageSize ?? SEARCH_PAGE));
  if (viaGroups) await readByGroups(directory, writer, options.pageSize ?? MEMBERS_PAGE);
  await writer.flush();

  const [deactivated] = await Account.update(
    { active: false },
    // refreshed_at keeps the time the account was last seen.
    { where: { tenantId, active: true, refreshedAt: { [Op.lt]: writer.refreshedAt } } },
  );
  return {
    accounts: writer.written,
    withEmail: writer.withEmail,
    viaGroups,
    deactivated,
    emailsReadable: writer.emailsReadable,
    durationMs: Date.now() - startedMs,
  };
}

/** Reads users through the search; false when it reached {@link USER_SEARCH_CAP} (the list is incomplete). */
async function readBySearch(directory: ConfluenceDirectory, writer: AccountWriter, pageSize: number): Promise<boolean> {
  for (let start = 0; ; ) {
    const page = await directory.searchUsers(start, pageSize);
    // Confluence says how many there are: do not read 10,000 users only to read them again.
    if (page.totalSize !== undefined && page.totalSize >= USER_SEARCH_CAP) return false;
    for (const user of page.items) await writer.add(user);
    const next = nextStart(start, pageSize, page);
    // Without a total, reaching result 10,000 is the only sign that more exist.
    if (next >= USER_SEARCH_CAP) return false;
    if (!page.next) return true;
    start = next;
  }
}

/** Reads every member of every group, each account once. */
async function readByGroups(directory: ConfluenceDirectory, writer: AccountWriter, pageSize: number): Promise<void> {
  for (let groupStart = 0; ; ) {
    const groups = await directory.listGroups(groupStart, GROUPS_PAGE);
    for (const group of groups.items) {
      for (let start = 0; ; ) {
        const members = await directory.groupMembers(group.id, start, pageSize);
        for (const user of members.items) await writer.add(user);
        if (!members.next) break;
        start = nextStart(start, pageSize, members);
      }
    }
    if (!groups.next) return;
    groupStart = nextStart(groupStart, GROUPS_PAGE, groups);
  }
}

/** Where the page after `page` starts; throws rather than loop when Confluence's paging stands still. */
function nextStart(start: number, limit: number, page: Page<unknown>): number {
  const next = page.nextStart ?? (page.next ? start + limit : start + page.items.length);
  if (page.next && next <= start) throw new Error(`Confluence paging does not advance past ${start}`);
  return next;
}

/** Buffers users, adds their emails and upserts them a batch at a time; remembers who was seen. */
class AccountWriter {
  written = 0;
  withEmail = 0;
  emailsReadable = true;
  private readonly seen = new Set<string>();
  private batch: DirectoryUser[] = [];

  constructor(
    private readonly tenantId: string,
    private readonly directory: ConfluenceDirectory,
    /** The run's time, stamped on every account it writes. */
    readonly refreshedAt: Date,
    private readonly onProgress?: (done: number) => void,
  ) {}

  async add(user: DirectoryUser): Promise<void> {
    // Group routes list a person once per group; the first listing wins.
    if (this.seen.has(user.accountId)) return;
    this.seen.add(user.accountId);
    this.batch.push(user);
    if (this.batch.length >= WRITE_BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    const users = this.batch;
    if (users.length === 0) return;
    this.batch = [];
    const emails = await this.emailsOf(users);
    const rows = users.map((user) => ({
      account_id: user.accountId,
      display_name: user.displayName,
      // The look-up knows better than the user object, which usually hides the address.
      email: emails.get(user.accountId) ?? user.email ?? null,
      picture_url: user.pictureUrl ?? null,
      account_type: user.accountType ?? null,
      active: user.active,
    }));
    // Two runs of a tenant's sources may refresh at once: a refresh that started earlier never
    // overwrites what a later one wrote, so the later one's "not seen since I started" cannot
    // deactivate someone the earlier one wrote back with its older time.
    await Account.sequelize!.query(
      `INSERT INTO accounts (tenant_id, account_id, display_name, email, picture_url, account_type, active, refreshed_at)
       SELECT $1::bigint, r.account_id, r.display_name, r.email, r.picture_url, r.account_type, r.active, $2::timestamptz
       FROM jsonb_to_recordset($3::jsonb) AS r (account_id text, display_name text, email text, picture_url text, account_type text, active boolean)
       ON CONFLICT (tenant_id, account_id) DO UPDATE SET display_name = EXCLUDED.display_name, email = EXCLUDED.email,
         picture_url = EXCLUDED.picture_url, account_type = EXCLUDED.account_type, active = EXCLUDED.active, refreshed_at = EXCLUDED.refreshed_at
       WHERE accounts.refreshed_at <= EXCLUDED.refreshed_at`,
      { bind: [this.tenantId, this.refreshedAt.toISOString(), JSON.stringify(rows)] },
    );
    this.written += rows.length;
    this.withEmail += rows.filter((row) => row.email).length;
    this.onProgress?.(this.written);
  }

  private async emailsOf(users: DirectoryUser[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < users.length && this.emailsReadable; i += EMAIL_BATCH) {
      try {
        const chunk = await this.directory.emails(users.slice(i, i + EMAIL_BATCH).map((u) => u.accountId));
        for (const [accountId, email] of chunk) found.set(accountId, email);
      } catch (err) {
        // Not approved for emails: keep going with what privacy settings show, and say so.
        if (!(err instanceof EmailsUnavailableError)) throw err;
        this.emailsReadable = false;
      }
    }
    return found;
  }
}

/**
 * The database's clock, not this process's: "not seen since the run started" then means the same
 * on every app instance sharing the database, whatever their clocks say.
 */
async function databaseNow(): Promise<Date> {
  const [row] = await Account.sequelize!.query<{ now: Date }>('SELECT now() AS now', { type: QueryTypes.SELECT });
  return row.now;
}

/**
 * The tenant's accounts with these email addresses, matched case-insensitively (the
 * `lower(email)` index), keyed by the lower-cased address. Addresses nobody has are missing.
 * When two accounts share an address, an active one wins. One query per 1,000 addresses.
 */
export async function findAccountIdsByEmail(tenantId: string, emails: string[], transaction?: Transaction): Promise<Map<string, string>> {
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  const found = new Map<string, string>();
  for (let i = 0; i < wanted.length; i += LOOKUP_BATCH) {
    // The addresses travel as one array parameter (the sync looks up a page of them at a time).
    const rows = await Account.sequelize!.query<{ account_id: string; email_key: string }>(
      `SELECT account_id, lower(email) AS email_key FROM accounts
       WHERE tenant_id = $1 AND lower(email) = ANY ($2::text[])
       ORDER BY active ASC, account_id ASC`, // inactive first, so that an active account sharing the address overwrites it below
      { bind: [tenantId, wanted.slice(i, i + LOOKUP_BATCH)], type: QueryTypes.SELECT, transaction },
    );
    for (const row of rows) found.set(row.email_key, row.account_id);
  }
  return found;
}

/** A person as the people search returns them: never their email address. */
export interface PersonFound {
  accountId: string;
  displayName: string | null;
  pictureUrl: string | null;
}

/** Words of a search beyond this many are ignored (each one is a condition of the query). */
const SEARCH_WORDS = 5;
/** A query that is one whole email address (no spaces, one `@` with something on either side). */
const WHOLE_ADDRESS = /^[^\s@]+@[^\s@]+$/;

/**
 * Active accounts of the tenant for a person picker, by name: every word of the query starts a
 * word of the display name (`zo ås` finds "Zoë Åström"), case-insensitively. An email address is
 * matched only when the query is a whole address, exactly (case-insensitive): a part of one finds
 * nothing, so the search cannot be used to recover an address letter by letter. Addresses never
 * leave: the app may read ones the person's privacy settings hide. An empty query lists people by
 * name. Ordered by display name, at most `limit`.
 */
export async function searchPeople(tenantId: string, query: string, limit: number): Promise<PersonFound[]> {
  const text = query.trim().toLowerCase();
  const words = text.split(/\s+/).filter(Boolean).slice(0, SEARCH_WORDS);
  const like = (value: string) => value.replace(/[\\%_]/g, '\\$&');
  const displayName = fn('lower', col('display_name'));
  // A word starts the name or follows a space or a hyphen ("Anne-Marie").
  const byName = words.map((word) => ({ [Op.or]: [`${like(word)}%`, `% ${like(word)}%`, `%-${like(word)}%`].map((pattern) => where(displayName, { [Op.like]: pattern })) }));
  const byAddress = WHOLE_ADDRESS.test(text) ? [where(fn('lower', col('email')), text)] : [];
  const people = await Account.findAll({
    attributes: ['accountId', 'displayName', 'pictureUrl'],
    where: { tenantId, active: true, ...(words.length > 0 ? { [Op.or]: [{ [Op.and]: byName }, ...byAddress] } : {}) },
    order: [['displayName', 'ASC'], ['accountId', 'ASC']],
    limit,
  });
  return people.map((p) => ({ accountId: p.accountId, displayName: p.displayName, pictureUrl: p.pictureUrl }));
}

/** Which of these account ids Confluence listed for the tenant (active or not). One query per 1,000 ids. */
export async function knownAccountIds(tenantId: string, accountIds: string[], transaction?: Transaction): Promise<Set<string>> {
  const wanted = [...new Set(accountIds)];
  const known = new Set<string>();
  for (let i = 0; i < wanted.length; i += LOOKUP_BATCH) {
    const rows = await Account.sequelize!.query<{ account_id: string }>(`SELECT account_id FROM accounts WHERE tenant_id = $1 AND account_id = ANY ($2::text[])`, {
      bind: [tenantId, wanted.slice(i, i + LOOKUP_BATCH)],
      type: QueryTypes.SELECT,
      transaction,
    });
    for (const row of rows) known.add(row.account_id);
  }
  return known;
}

/**
 * Makes sure `accounts` knows the person (a site that never synced has none cached yet, and people
 * join between refreshes): asks Confluence once, and caches what it says so the person has a name
 * to show. False when Confluence knows no such person.
 */
export async function rememberAccount(tenantId: string, accountId: string, confluence: Pick<ConfluenceDirectory, 'findUser'>): Promise<boolean> {
  if (await Account.findOne({ attributes: ['accountId'], where: { tenantId, accountId } })) return true;
  const user = await confluence.findUser(accountId);
  if (!user) return false;
  await Account.upsert({
    tenantId,
    accountId,
    displayName: user.displayName,
    email: user.email,
    pictureUrl: user.pictureUrl,
    accountType: user.accountType,
    active: user.active,
    // The database's clock, as the refresh uses (it never overwrites a row written after it began).
    refreshedAt: fn('now') as unknown as Date,
  });
  return true;
}

/**
 * Reads these accounts from Confluence again and stores what it says now (name, picture, email
 * where the app may read it, whether active): the personal data reporting API called them
 * `updated`. An account Confluence no longer shows keeps its row until a report calls it closed.
 * Returns how many were stored.
 */
export async function rereadAccounts(tenantId: string, accountIds: string[], confluence: Pick<ConfluenceDirectory, 'findUser' | 'emails'>): Promise<number> {
  const users = (await Promise.all(accountIds.map((id) => confluence.findUser(id)))).filter((u): u is NonNullable<typeof u> => !!u);
  if (!users.length) return 0;
  let emails = new Map<string, string>();
  try {
    emails = await confluence.emails(users.map((u) => u.accountId));
  } catch (err) {
    if (!(err instanceof EmailsUnavailableError)) throw err;
  }
  for (const user of users) {
    await Account.upsert({
      tenantId,
      accountId: user.accountId,
      displayName: user.displayName,
      email: emails.get(user.accountId) ?? user.email,
      pictureUrl: user.pictureUrl,
      accountType: user.accountType,
      active: user.active,
      refreshedAt: fn('now') as unknown as Date,
    });
  }
  return users.length;
}

/** {@link rememberAccount} for a request about one person: 404 (`Person <id> not found`) when Confluence knows no such person. */
export async function requireAccount(tenantId: string, accountId: string, confluence: Pick<ConfluenceDirectory, 'findUser'>): Promise<void> {
  if (!(await rememberAccount(tenantId, accountId, confluence))) throw notFound(`Person ${accountId}`);
}
