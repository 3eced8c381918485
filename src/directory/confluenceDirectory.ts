/**
 * What the domain needs to know about the Confluence site's people and groups, as plain values.
 * `connect/connectConfluenceDirectory.ts` implements it over Confluence Cloud REST v1; nothing here knows
 * about Connect, so a later Forge front can implement the same interface.
 */

/** A Confluence account that is a person (app and bot accounts are never listed). */
export interface DirectoryUser {
  accountId: string;
  /** Null when the person's privacy settings hide it. */
  displayName: string | null;
  /** The email as the user object shows it; usually null (hidden). {@link ConfluenceDirectory.emails} reads the real one. */
  email: string | null;
  /** As Confluence gives it: absolute, or relative to the site's origin (e.g. `/wiki/aa-avatar/…`). */
  pictureUrl: string | null;
  /** Confluence's `accountType`: `atlassian` in lists; {@link ConfluenceDirectory.findUser} may return another (never `app`). */
  accountType: string | null;
  /** False for a deactivated account (listed by group membership, which outlives the licence). */
  active: boolean;
}

export interface DirectoryGroup {
  id: string;
  name: string;
}

/** One page of a paged Confluence list. */
export interface Page<T> {
  items: T[];
  /** Whether Confluence offers a next page. */
  next: boolean;
  /** Size of the whole list, when Confluence tells. */
  totalSize?: number;
  /**
   * Index in Confluence's list just past this page: where the next page starts. Confluence clamps
   * `limit` silently and some results are not people (skipped from `items`), so a caller must page
   * with this rather than `start + limit` or `start + items.length`. It comes from `_links.next`
   * when there is one. When absent, callers fall back to `start + limit`.
   */
  nextStart?: number;
}

/** The site's people and groups, read as the app. Every method may throw on a Confluence failure. */
export interface ConfluenceDirectory {
  /** Licensed users, in Confluence's order. Never yields results past {@link USER_SEARCH_CAP}. */
  searchUsers(start: number, limit: number): Promise<Page<DirectoryUser>>;
  /** Every group of the site, alphabetically. */
  listGroups(start: number, limit: number): Promise<Page<DirectoryGroup>>;
  /** A group's members, deactivated ones included (`active: false`). */
  groupMembers(groupId: string, start: number, limit: number): Promise<Page<DirectoryUser>>;
  /**
   * Email addresses whatever the users' privacy settings (Connect scope ACCESS_EMAIL_ADDRESSES),
   * keyed by account id; accounts without a readable address are missing from the map. Callers
   * pass at most {@link EMAIL_BATCH} ids (Confluence's limit); the implementation splits longer lists.
   * Throws {@link EmailsUnavailableError} when the site does not let the app read addresses.
   */
  emails(accountIds: string[]): Promise<Map<string, string>>;
  /** The groups an account belongs to (all pages); empty for an unknown account. */
  memberOf(accountId: string): Promise<DirectoryGroup[]>;
  /** Groups whose name contains `query`, for pickers. */
  pickGroups(query: string, limit: number): Promise<DirectoryGroup[]>;
  /**
   * One account by id, for a person the `accounts` cache does not hold yet (a site that never
   * synced, someone added since). Null when Confluence knows no such account, or it is an app's
   * (a bot); other account types count as people here, as Confluence may leave the type out.
   */
  findUser(accountId: string): Promise<DirectoryUser | null>;
  /** Who created a page or blog post (its history's `createdBy`); null when Confluence knows no such content or does not say. */
  contentAuthor(contentId: string): Promise<string | null>;
  /**
   * One account's old profile details ({@link ProfileDetails}), or null when Confluence leaves
   * them out: the site does not answer them any more (a site answers them for everyone or no one).
   */
  profileDetailsOf(accountId: string): Promise<Record<string, string> | null>;
  /**
   * The old profile details of many accounts, one entry per account Confluence returns (in its
   * order), with `{}` for an account without details. Any number of ids: the implementation asks
   * {@link DETAILS_BATCH} at a time.
   */
  profileDetails(accountIds: string[]): Promise<ProfileDetails[]>;
}

/**
 * The profile details Confluence kept before its privacy changes (`details.personal`: phone, im,
 * website; `details.business`: position, department, location), merged into one record by their
 * keys. Cloud has withdrawn them; the Profile Migration assistant copies them while a site still
 * answers them.
 */
export interface ProfileDetails {
  accountId: string;
  values: Record<string, string>;
}

/** Most account ids one profile-details look-up takes (`/rest/api/user/bulk`: "a maximum of 100 results"). */
export const DETAILS_BATCH = 100;

/**
 * Confluence's user search (`cql=type=user`) never returns results past the first 10,000 ("will
 * return up to 10k users"): a bigger site must be read another way (see `refreshAccounts`).
 */
export const USER_SEARCH_CAP = 10_000;

/** Most account ids one email look-up takes (`/rest/api/user/email/bulk`). */
export const EMAIL_BATCH = 100;

/**
 * The site does not let the app read email addresses: the app is not approved for
 * ACCESS_EMAIL_ADDRESSES, or the API is switched off (Confluence answers 400 or 501).
 */
export class EmailsUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`Confluence does not let the app read email addresses: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'EmailsUnavailableError';
  }
}
