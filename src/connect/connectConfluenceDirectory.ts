import {
  DETAILS_BATCH,
  EMAIL_BATCH,
  EmailsUnavailableError,
  type ConfluenceDirectory,
  type DirectoryGroup,
  type DirectoryUser,
  type Page,
  type ProfileDetails,
} from '../directory/confluenceDirectory';
import { confluenceFor, type AceAddon, type AuthContext } from './auth';
import { ConfluenceError, type ConfluenceClient, type ConfluenceUser } from './confluenceClient';

/** The list envelope of Confluence REST v1 (`start`, `limit`, `size`, `_links.next`). */
interface ListResponse<T> {
  results?: T[];
  totalSize?: number;
  _links?: { next?: string };
}

interface GroupJson {
  id?: string;
  name: string;
}

/** Groups per call where the caller does not choose: Confluence's maximum for group lists. */
const GROUP_PAGE = 200;

/** The `expand` that asks a user object for its old profile details. */
const DETAILS_EXPAND = 'details.personal,details.business';

type UserWithDetails = ConfluenceUser & { details?: { personal?: Record<string, string>; business?: Record<string, string> } };

/**
 * The site's people and groups through Confluence Cloud REST v1, as the app (ACE's host client
 * signs the calls; {@link ConfluenceClient} waits out 429s). Endpoints (shapes in
 * shared/reference/confluence-rest/):
 * - `GET /rest/api/search/user?cql=type=user` — licensed users, at most the first 10,000;
 * - `GET /rest/api/group`, `GET /rest/api/group/{groupId}/membersByGroupId` — every group and its members;
 * - `GET /rest/api/user/email/bulk` — emails whatever the privacy settings (scope ACCESS_EMAIL_ADDRESSES);
 * - `GET /rest/api/user/memberof`, `GET /rest/api/group/picker`;
 * - `GET /rest/api/user` — one account; `GET /rest/api/content/{id}?expand=history` — a page's author (scope READ);
 * - `GET /rest/api/user`, `GET /rest/api/user/bulk` with `expand=details.personal,details.business`
 *   — the old profile details, on sites that still answer them.
 */
export function confluenceDirectoryFor(client: ConfluenceClient): ConfluenceDirectory {
  return {
    async searchUsers(start, limit) {
      const body = await client.getJson<ListResponse<{ user?: ConfluenceUser }>>('/rest/api/search/user', {
        cql: 'type=user',
        start: String(start),
        limit: String(limit),
      });
      // Search only finds licensed users (sitePermissionTypeFilter defaults to `none`): all active.
      return page(body, start, (hit) => (hit.user ? toDirectoryUser(hit.user, true) : null));
    },

    async listGroups(start, limit) {
      const body = await client.getJson<ListResponse<GroupJson>>('/rest/api/group', { start: String(start), limit: String(limit) });
      return page(body, start, toGroup);
    },

    async groupMembers(groupId, start, limit) {
      // `operations` tells who may still use Confluence: membership outlives deactivation (and a
      // site's groups include other products'), and such members have no operations.
      const body = await client.getJson<ListResponse<ConfluenceUser>>(`/rest/api/group/${encodeURIComponent(groupId)}/membersByGroupId`, {
        start: String(start),
        limit: String(limit),
        expand: 'operations',
      });
      // A group deleted since it was listed (404) has no members left to read.
      return page(body, start, (user) => toDirectoryUser(user, user.operations ? user.operations.length > 0 : true));
    },

    async emails(accountIds) {
      const found = new Map<string, string>();
      for (let i = 0; i < accountIds.length; i += EMAIL_BATCH) {
        let records: Array<{ accountId?: string; email?: string | null }> | null;
        try {
          records = await client.getJson('/rest/api/user/email/bulk', { accountId: accountIds.slice(i, i + EMAIL_BATCH) });
        } catch (err) {
          // 400: the app is not approved for ACCESS_EMAIL_ADDRESSES; 501: the API is switched off.
          if (err instanceof ConfluenceError && (err.status === 400 || err.status === 501)) throw new EmailsUnavailableError(err);
          throw err;
        }
        // "Any accounts which are not available will not be included in the result."
        for (const record of records ?? []) {
          if (record.accountId && record.email) found.set(record.accountId, record.email);
        }
      }
      return found;
    },

    async memberOf(accountId) {
      const groups: DirectoryGroup[] = [];
      for (let start = 0; ; ) {
        const body = await client.getJson<ListResponse<GroupJson>>('/rest/api/user/memberof', {
          accountId,
          start: String(start),
          limit: String(GROUP_PAGE),
        });
        const current = page(body, start, toGroup);
        groups.push(...current.items);
        if (!current.next) return groups;
        start = current.nextStart ?? start + GROUP_PAGE;
      }
    },

    async pickGroups(query, limit) {
      const body = await client.getJson<ListResponse<GroupJson>>('/rest/api/group/picker', { query, limit: String(limit) });
      return (body?.results ?? []).flatMap((g) => toGroup(g) ?? []);
    },

    async findUser(accountId) {
      const user = await client.getJson<ConfluenceUser>('/rest/api/user', { accountId });
      if (!user || user.accountType === 'app') return null;
      return {
        accountId,
        displayName: user.displayName ?? user.publicName ?? null,
        email: user.email ?? null,
        pictureUrl: user.profilePicture?.path ?? null,
        accountType: user.accountType ?? null,
        // This endpoint does not say; Confluence answering for the account is taken as active.
        active: true,
      };
    },

    async contentAuthor(contentId) {
      const content = await client.getJson<{ history?: { createdBy?: { accountId?: string } } }>(`/rest/api/content/${encodeURIComponent(contentId)}`, { expand: 'history' });
      return content?.history?.createdBy?.accountId || null;
    },

    async profileDetailsOf(accountId) {
      const user = await client.getJson<UserWithDetails>('/rest/api/user', { accountId, expand: DETAILS_EXPAND });
      // A site that withdrew them leaves `details` (or both of its parts) out of the answer.
      return user?.details && (user.details.personal || user.details.business) ? detailsOf(user) : null;
    },

    async profileDetails(accountIds) {
      const found: ProfileDetails[] = [];
      for (let i = 0; i < accountIds.length; i += DETAILS_BATCH) {
        const body = await client.getJson<ListResponse<UserWithDetails>>('/rest/api/user/bulk', {
          accountId: accountIds.slice(i, i + DETAILS_BATCH),
          expand: DETAILS_EXPAND,
          limit: String(DETAILS_BATCH),
        });
        for (const user of body?.results ?? []) found.push({ accountId: user.accountId, values: detailsOf(user) });
      }
      return found;
    },
  };
}

/** The caller's site as a {@link ConfluenceDirectory}: every call signed as the app for the caller's tenant. */
export function siteDirectory(addon: AceAddon, auth: AuthContext): ConfluenceDirectory {
  return confluenceDirectoryFor(confluenceFor(addon, auth));
}

/** One page of a list answer; `map` returns null for results that are to be skipped. */
function page<T, R>(body: ListResponse<T> | null, start: number, map: (item: T) => R | null): Page<R> {
  const results = body?.results ?? [];
  const next = body?._links?.next;
  // Confluence's own idea of where the next page starts (it may have clamped `limit`).
  const linkedStart = next ? startOf(next) : undefined;
  return {
    items: results.flatMap((item) => map(item) ?? []),
    next: Boolean(next),
    ...(typeof body?.totalSize === 'number' ? { totalSize: body.totalSize } : {}),
    nextStart: linkedStart ?? start + results.length,
  };
}

/** The `start` parameter of a `_links.next` link (relative to the site's base URL, or absolute). */
function startOf(link: string): number | undefined {
  const value = new URL(link, 'http://confluence.invalid').searchParams.get('start');
  return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Only `atlassian` accounts are people: `app` accounts (bots of installed apps) and others are skipped. */
function toDirectoryUser(user: ConfluenceUser, active: boolean): DirectoryUser | null {
  if (user.accountType !== 'atlassian' || !user.accountId) return null;
  return {
    accountId: user.accountId,
    displayName: user.displayName || user.publicName || null,
    email: user.email || null,
    pictureUrl: user.profilePicture?.path || null,
    accountType: user.accountType,
    active,
  };
}

/** A user's old profile details, the personal and business parts merged. */
function detailsOf(user: UserWithDetails): Record<string, string> {
  return { ...(user.details?.personal ?? {}), ...(user.details?.business ?? {}) };
}

function toGroup(group: GroupJson): DirectoryGroup | null {
  // Older answers name groups only; the name then stands in for the id.
  return group.name ? { id: group.id ?? group.name, name: group.name } : null;
}
