import type { Host, HostRequest } from '../host/host';
import { networkError, toApiError } from './errors';
import type { Field, MigrationPreview, MigrationSource, MigrationStarted, MigrationStatus, Profile } from './types';

/** What a dry run or a run reads: the source, the CSV file for `csv`, and whether to overwrite directory values. */
export interface MigrationInput {
  source: MigrationSource;
  file: Blob | null;
  overwriteSourceFields: boolean;
}

/**
 * The typed REST v1 client the pages use (never fetch or AP themselves): each call goes through
 * the host adapter, answers the presenter's type, and fails with an ApiError.
 */
export function createApi(host: Host) {
  async function call<T>(request: HostRequest): Promise<T> {
    let response;
    try {
      response = await host.request(request);
    } catch {
      throw networkError();
    }
    if (response.status < 200 || response.status >= 300) throw toApiError(response);
    return response.body as T;
  }

  const migrationRequest = (action: 'dry-run' | 'run', input: MigrationInput): HostRequest => ({
    method: 'POST',
    path: `/rest/v1/migration/${action}`,
    query: { source: input.source, overwriteSourceFields: input.overwriteSourceFields ? 'true' : undefined },
    body: input.source === 'csv' && input.file ? { bytes: input.file, contentType: 'text/csv' } : undefined,
  });

  return {
    migration: {
      /** The assistant's state: which source the site offers, the current or last run. */
      status: () => call<MigrationStatus>({ method: 'GET', path: '/rest/v1/migration' }),
      /** What a run would change; writes nothing. */
      dryRun: (input: MigrationInput) => call<MigrationPreview>(migrationRequest('dry-run', input)),
      /** Starts a run (202); its progress comes from status(). */
      run: (input: MigrationInput) => call<MigrationStarted>(migrationRequest('run', input)),
    },
    fields: {
      list: async () => (await call<{ fields: Field[] }>({ method: 'GET', path: '/rest/v1/fields' })).fields,
    },
    profiles: {
      get: (accountId: string) => call<Profile>({ method: 'GET', path: `/rest/v1/profiles/${encodeURIComponent(accountId)}` }),
    },
  };
}

export type Api = ReturnType<typeof createApi>;
