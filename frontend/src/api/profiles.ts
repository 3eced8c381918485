/** Profiles: `/rest/v1/profiles/{accountId}` and its picture. */
import type { z } from 'zod';
import type { presentProfile, presentProfileForEdit } from '../../../src/http/api/profiles/presenters';
import type { ProfileUpdate } from '../../../src/http/api/profiles/schema';
import type { Call } from './call';
import type { Json } from './json';

export type Profile = Json<ReturnType<typeof presentProfile>>;
/** The edit form's view: the profile with options, `refreshed` notes and the directory's values (`ldapValues`). */
export type ProfileForEdit = Json<ReturnType<typeof presentProfileForEdit>>;
export type ProfileCategory = Profile['categories'][number];
/** One field of a profile (in the form also `options` and `refreshed`). */
export type ProfileField = ProfileCategory['fields'][number];
export type ValueOrigin = NonNullable<ProfileField['origin']>;
/** `PUT /rest/v1/profiles/{accountId}`'s body: the changed values, the version read, the directory values read. */
export type ProfileSave = z.input<typeof ProfileUpdate.body>;

/** A 409 `ldap_conflict`'s `details[]`: a value the directory changed since the form opened. */
export interface LdapConflict {
  field: string;
  label: string;
  yours: unknown;
  directory: unknown;
  whenOpened: unknown;
}

// Paths are written out whole: test/integration/frontendRoutes.test.ts checks each against the server's routes.
const profilePath = (accountId: string) => `/rest/v1/profiles/${encodeURIComponent(accountId)}`;
const picturePath = (accountId: string) => `/rest/v1/profiles/${encodeURIComponent(accountId)}/picture`;

export function profilesApi(call: Call) {
  return {
    /** The profile as the viewer may see it. */
    get: (accountId: string) => call<Profile>({ method: 'GET', path: profilePath(accountId) }),
    /** The edit form's view (`?for=edit`). */
    getForEdit: (accountId: string) => call<ProfileForEdit>({ method: 'GET', path: profilePath(accountId), query: { for: 'edit' } }),
    /** Saves the changed values; answers the profile as saved. */
    save: (accountId: string, body: ProfileSave) => call<Profile>({ method: 'PUT', path: profilePath(accountId), body: { json: body } }),
    /**
     * The picture (512 pixels) as a Blob; `version` (the profile's `pictureVersion`) makes a new
     * picture a new URL (renditions are cached for five minutes).
     */
    picture: (accountId: string, version: string | null) =>
      call<Blob>({ method: 'GET', path: picturePath(accountId), query: { size: '512', v: version ?? '' }, responseType: 'blob' }),
    /** Uploads a picture (the bytes decide the format; Rollcall keeps 512/128/48 renditions). */
    uploadPicture: (accountId: string, picture: Blob) =>
      call<null>({ method: 'PUT', path: picturePath(accountId), body: { bytes: picture, contentType: picture.type || 'application/octet-stream' } }),
    removePicture: (accountId: string) => call<null>({ method: 'DELETE', path: picturePath(accountId) }),
  };
}
