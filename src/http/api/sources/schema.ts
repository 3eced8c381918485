import { z } from 'zod';
import { safeString } from '../../../safeText';
import { mappingsSchema, sourceCreateSchema, sourceUpdateSchema, syncRequestSchema, writeAccessTestSchema } from '../../../sync/sources/sourceSettings';

/**
 * The Data Sources routes' input. Path ids match `ID_PATTERN` in the route (anything else is a
 * 404 before this runs); the bodies' schemas are the sync domain's (`sync/sources/sourceSettings.ts`).
 */

const sourceId = z.object({ id: safeString() });
const runId = z.object({ runId: safeString() });

/** `GET /rest/v1/sources`: nothing to read. */
export const SourceList = {};

/** `POST /rest/v1/sources`: a new LDAP or XML source. */
export const SourceCreate = { body: sourceCreateSchema };

/** `GET` and `DELETE /rest/v1/sources/{id}`. */
export const SourceRead = { params: sourceId };

/** `PATCH /rest/v1/sources/{id}`: the settings that change. */
export const SourceUpdate = { params: sourceId, body: sourceUpdateSchema };

/** `GET /rest/v1/sources/{id}/mappings`. */
export const MappingsRead = { params: sourceId };

/** `PUT /rest/v1/sources/{id}/mappings`: the whole list of mappings. */
export const MappingsReplace = { params: sourceId, body: mappingsSchema };

/** `POST /rest/v1/sources/{id}/test`: empty for the connection test; `{accountId, attribute}` for the write-access test. */
export const SourceTest = { params: sourceId, body: writeAccessTestSchema };

/**
 * `PUT /rest/v1/sources/{id}/file`: the body is the file (streamed, never parsed here); the query
 * names it as the page shows it (anything but letters, digits, `.`, `-`, `_` and blanks becomes `_`).
 */
export const FileUpload = {
  params: sourceId,
  query: z.object({
    name: safeString()
      .max(1000)
      .default('upload.xml')
      .transform((name) => name.replace(/[^\w.\- ]/g, '_').slice(0, 200) || 'upload.xml'),
  }),
};

/** `POST /rest/v1/sources/{id}/sync`: "Run now", full (default) or incremental. */
export const SyncNow = { params: sourceId, body: syncRequestSchema };

/** `GET /rest/v1/sources/{id}/runs`: the sync report's pages, `before` a run id (the last one shown), up to 200 runs a page (default 50). */
export const RunList = {
  params: sourceId,
  query: z
    .object({
      before: safeString().regex(/^[0-9]{1,18}$/, 'must be a run id').optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    })
    .strict(),
};

/** `GET /rest/v1/sync-runs/{runId}`: a run with its first errors. */
export const RunRead = { params: runId };

/** `GET /rest/v1/sync-runs/{runId}/errors`: a run's errors a page at a time, from `offset` (default 0), up to 500 (default 100). */
export const RunErrorList = {
  params: runId,
  query: z.object({
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }),
};
