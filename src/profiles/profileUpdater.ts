import { isAccountId } from '../directory/accountId';
import { rememberAccount, requireAccount } from '../directory/accounts';
import type { ConfluenceDirectory } from '../directory/confluenceDirectory';
import { unprocessable } from '../errors';
import type { Viewer } from './policy';
import { getProfileView, referencedAccountIds, updateProfile, type DirectoryPort, type ProfileUpdate, type ProfileView } from './profiles';

/** Most people one edit may name in user fields: each unknown one costs a call to Confluence. */
export const MAX_NAMED_PEOPLE = 100;

export interface ProfileUpdaterProps {
  tenantId: string;
  /** Who saves (the owner or an admin: `updateProfile` checks). */
  viewer: Viewer;
  /** Whose profile. */
  accountId: string;
  update: ProfileUpdate;
  /** The site's people: the owner and everyone named in user fields must be one of them. */
  confluence: Pick<ConfluenceDirectory, 'findUser'>;
  /** The LDAP directories that fill fields, for write-back. */
  directory: DirectoryPort;
}

/**
 * Saves an edit of a profile and returns the profile as the viewer now sees it. The profile's
 * owner must be a person of the site (404 otherwise); people named in user fields must be too
 * (422, one detail per field), and get a name to show (see `rememberAccount`). Then
 * `updateProfile` validates, checks the version, writes back and audits.
 */
export async function profileUpdater({ tenantId, viewer, accountId, update, confluence, directory }: ProfileUpdaterProps): Promise<ProfileView> {
  await requireAccount(tenantId, accountId, confluence);
  await requireNamedPeopleKnown(tenantId, update.values, confluence);
  await updateProfile(tenantId, viewer, accountId, update, directory);
  return (await getProfileView(tenantId, viewer, accountId)).view;
}

/**
 * People named in user fields must be people of this site. Values that are no account id at all
 * are left to the field type's validation, which names the problem better.
 */
async function requireNamedPeopleKnown(tenantId: string, values: Record<string, unknown>, confluence: Pick<ConfluenceDirectory, 'findUser'>): Promise<void> {
  const named = await referencedAccountIds(tenantId, values);
  if (named.length > MAX_NAMED_PEOPLE) throw unprocessable(`At most ${MAX_NAMED_PEOPLE} people may be named in one edit.`);
  const unknown: typeof named = [];
  for (const person of named) {
    if (isAccountId(person.accountId) && !(await rememberAccount(tenantId, person.accountId, confluence))) unknown.push(person);
  }
  if (unknown.length > 0) {
    throw unprocessable(
      `Confluence knows no person ${unknown.map((u) => u.accountId).join(', ')}.`,
      unknown.map((u) => ({ path: `values.${u.fieldKey}`, message: `Confluence knows no person ${u.accountId}` })),
    );
  }
}
