import { z } from 'zod';
import { FIELD_KEY_PATTERN } from '../../../profiles/schemas';
import { MAX_FACET_FIELDS } from '../../../peopleDirectory/settings';
import { safeString } from '../../../safeText';

const sortQuery = {
  /** The filter query (the parser bounds its length and says what is wrong with it). */
  q: safeString().max(10_000).default(''),
  /** `name` or a field key. */
  sort: safeString()
    .regex(new RegExp(`^(name|${FIELD_KEY_PATTERN})$`), 'sort is "name" or a field key')
    .default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
};

/** `GET /rest/v1/directory?q=&sort=&order=&cursor=&limit=`: a page of the People Directory. */
export const DirectorySearch = {
  query: z.object({
    ...sortQuery,
    cursor: safeString().max(10_000).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  }),
};

/** `GET /rest/v1/directory/export?q=&sort=&order=`: the whole result as CSV. */
export const DirectoryExport = { query: z.object(sortQuery) };

/** `GET /rest/v1/directory/settings`. */
export const DirectorySettingsGet = {};

/** `PUT /rest/v1/directory/settings`: whether users may export, and the facet fields (keys, in order). */
export const DirectorySettingsPut = {
  body: z
    .object({
      exportForUsers: z.boolean(),
      facetFields: z.array(safeString().regex(new RegExp(`^${FIELD_KEY_PATTERN}$`), 'a field key')).max(MAX_FACET_FIELDS),
    })
    .strict(),
};
