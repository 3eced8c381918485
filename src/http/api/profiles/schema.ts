import { z } from 'zod';
import { ACCOUNT_ID } from '../../../directory/accountId';
import { MAX_MULTILINE_LENGTH } from '../../../profiles/fieldTypes';
import { RENDITION_SIZES, type RenditionSize } from '../../../profiles/pictures';
import { boundedRecord, safeString } from '../../../safeText';

/** The person a profile route is about (the route's path pattern already holds it to an account id). */
const person = z.object({ accountId: safeString().regex(ACCOUNT_ID, 'must be an Atlassian account id') });

/** One value as a form sends it: text, a number, a list (option or account ids), or null to clear. The field's type decides the rest. */
const formValue = z.union([
  z.null(),
  z.boolean(),
  z.number(),
  safeString().max(MAX_MULTILINE_LENGTH * 2, `must be at most ${MAX_MULTILINE_LENGTH} characters`),
  z.array(z.union([safeString().max(2000), z.number(), z.null()])).max(500, 'must be a list of at most 500 items'),
]);

/** The directory values the form was built from (a flat map of field key → text or list of text), sent back for the conflict check. */
const directoryValue = z.union([z.null(), z.number(), safeString().max(MAX_MULTILINE_LENGTH * 2), z.array(safeString().max(MAX_MULTILINE_LENGTH)).max(500)]);

/**
 * `GET /rest/v1/profiles/{accountId}`: `?for=edit` asks for the edit form's view (hidden fields,
 * options, the directory's live values); any other value, or none, for the profile as people see it.
 */
export const ProfileGet = {
  params: person,
  query: z.object({ for: z.literal('edit').optional().catch(undefined) }),
};

/** `PUT /rest/v1/profiles/{accountId}`: the changed values, the version the form was built from, and its directory values. */
export const ProfileUpdate = {
  params: person,
  body: z
    .object({
      values: boundedRecord(formValue, 500),
      version: z.number().int().min(0).max(2_147_483_647),
      ldapValues: boundedRecord(directoryValue, 500).optional(),
    })
    .strict(),
};

const isRenditionSize = (size: number): size is RenditionSize => (RENDITION_SIZES as readonly number[]).includes(size);

/** `GET /rest/v1/profiles/{accountId}/picture?size=`: 512, 128 or 48 pixels; anything else (or none) is 128. */
export const PictureGet = {
  params: person,
  query: z.object({
    size: z.coerce.number().refine(isRenditionSize).catch(128),
  }),
};

/** `PUT /rest/v1/profiles/{accountId}/picture`: the image itself as the body (`express.raw` reads it; the content decides the format). */
export const PictureUpload = {
  params: person,
  body: z.instanceof(Buffer),
};

/** `DELETE /rest/v1/profiles/{accountId}/picture`. */
export const PictureDelete = { params: person };
