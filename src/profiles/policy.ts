import type { FieldCategory } from '../db/models';

/**
 * Who may see and change what of a profile. The one place these rules live; routes, pages and
 * macros ask here.
 */

/** The person looking: their account, whether Confluence says they administer the site, and their groups (ids and names). */
export interface Viewer {
  accountId: string;
  isAdmin: boolean;
  groups: ReadonlySet<string>;
}

/** A restricted category is visible (and editable) only for members of one of its groups; everyone sees the others. The owner is no exception. */
export function canSeeCategory(viewer: Viewer, category: Pick<FieldCategory, 'restrictedToGroups'>): boolean {
  if (category.restrictedToGroups.length === 0) return true;
  return category.restrictedToGroups.some((g) => viewer.groups.has(g.id) || viewer.groups.has(g.name));
}

/** People edit their own profile; Confluence administrators edit anyone's. */
export function canEditProfile(viewer: Viewer, accountId: string): boolean {
  return viewer.accountId === accountId || viewer.isAdmin;
}
