import type { Host } from '../host/host';
import { auditApi } from './audit';
import { createCall } from './call';
import { directoryApi } from './directory';
import { mappingsApi } from './mappings';
import { meApi } from './me';
import { migrationApi } from './migration';
import { orgChartApi } from './orgChart';
import { peopleApi } from './people';
import { categoriesApi, fieldsApi } from './profileSchema';
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
    categories: categoriesApi(call),
    profiles: profilesApi(call),
    people: peopleApi(call),
    sources: sourcesApi(call),
    mappings: mappingsApi(call),
    audit: auditApi(call),
    directory: directoryApi(call),
    me: meApi(call),
    orgChart: orgChartApi(call),
  };
}

export type Api = ReturnType<typeof createApi>;
