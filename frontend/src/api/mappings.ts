/**
 * A data source's field mappings and its write-access test: `/rest/v1/sources/{id}/mappings`,
 * `POST /rest/v1/sources/{id}/test` with `{accountId, attribute}`. What the Field mappings tab
 * saves with them (the source's write-back switch and picture tick, `WriteBackUpdate`) goes
 * through `api.sources.update`; the people it tests with come from `api.people`, the category
 * names from `api.categories`. Types from the server's
 * schemas and presenters (type-only imports: nothing of the server reaches the bundle).
 */
import type { z } from 'zod';
import type { presentMapping } from '../../../src/http/api/sources/presenters';
import type { mappingsSchema, sourceUpdateSchema } from '../../../src/sync/sources/sourceSettings';
import type { WriteAccessResult } from '../../../src/sync/writeBack/writeBack';
import type { Call } from './call';
import type { Json } from './json';

/** A mapping as the server keeps it. */
export type SavedMapping = Json<ReturnType<typeof presentMapping>>;
/** What `PUT …/mappings` takes: the whole list. */
export type MappingsInput = z.input<typeof mappingsSchema>;
/** The source's write-back settings the tab saves with the mappings (`api.sources.update`, `PATCH /rest/v1/sources/{id}`). */
export type WriteBackUpdate = Pick<z.input<typeof sourceUpdateSchema>, 'writeBack' | 'settings'>;
/** The write-access test's answer (a refused request is an ApiError instead). */
export type WriteAccessOutcome = Json<WriteAccessResult>;

const sourcePath = (id: string) => `/rest/v1/sources/${encodeURIComponent(id)}`;

export function mappingsApi(call: Call) {
  return {
    /** The source's mappings. */
    list: async (sourceId: string) => (await call<{ mappings: SavedMapping[] }>({ method: 'GET', path: `${sourcePath(sourceId)}/mappings` })).mappings,
    /** Replaces the source's mappings; answers what was stored. */
    replace: async (sourceId: string, input: MappingsInput) =>
      (await call<{ mappings: SavedMapping[] }>({ method: 'PUT', path: `${sourcePath(sourceId)}/mappings`, body: { json: input } })).mappings,
    /** May the bind user write `attribute` of this person's entry? Writes the current values back unchanged. */
    testWriteAccess: (sourceId: string, accountId: string, attribute: string) =>
      call<WriteAccessOutcome>({ method: 'POST', path: `${sourcePath(sourceId)}/test`, body: { json: { accountId, attribute } } }),
  };
}
