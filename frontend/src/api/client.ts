import type { Host } from '../host/host';
import { createCall } from './call';
import { mappingsApi } from './mappings';
import { migrationApi } from './migration';
import { fieldsApi } from './profileSchema';
import { profilesApi } from './profiles';
import { sourcesApi } from './sources';

/**
 * The typed REST v1 client the pages use (never fetch or AP themselves): one module per area of
 * the API (`migration.ts`, `profileSchema.ts`, `profiles.ts`, …), each call through the host
 * adapter, answering its presenter's type, failing with an ApiError.
 */
export function createApi(host: Host) {
  const call = createCall(host);
  return {
    migration: migrationApi(call),
    fields: fieldsApi(call),
    profiles: profilesApi(call),
    sources: sourcesApi(call),
    mappings: mappingsApi(call),
  };
}

export type Api = ReturnType<typeof createApi>;
