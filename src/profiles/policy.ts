import type { FieldCategory, ProfileField } from '../db/models';

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

/** A restricted category is visible (and editable) only for members of one of its groups; everyone sees the others. Neither the owner nor an admin is an exception. */
export function canSeeCategory(viewer: Viewer, category: Pick<FieldCategory, 'restrictedToGroups'>): boolean {
  if (category.restrictedToGroups.length === 0) return true;
  return category.restrictedToGroups.some((g) => viewer.groups.has(g.id) || viewer.groups.has(g.name));
}

/** People edit their own profile; Confluence administrators edit anyone's. */
export function canEditProfile(viewer: Viewer, accountId: string): boolean {
  return viewer.accountId === accountId || viewer.isAdmin;
}

/**
 * A field hidden from profiles (`shownInProfile: false`) is still filled and edited, but only in
 * the edit form, by those who may edit the profile; everywhere else (profile page, cards) it is
 * left out. Its category's restriction applies on top ({@link canSeeCategory}).
 */
export function canSeeField(viewer: Viewer, accountId: string, field: Pick<ProfileField, 'shownInProfile'>, mode: 'view' | 'edit'): boolean {
  return field.shownInProfile || (mode === 'edit' && canEditProfile(viewer, accountId));
}
