/**
 * Profile Migration: `/rest/v1/migration`. Types from the server's schema and presenters
 * (type-only imports: nothing of the server reaches the bundle).
 */
import type { z } from 'zod';
import type { presentMigrationPreview, presentMigrationStatus } from '../../../src/http/api/migration/presenters';
import type { MigrationRequest } from '../../../src/http/api/migration/schema';
import type { HostRequest } from '../host/host';
import type { Call } from './call';
import type { Json } from './json';

export type MigrationStatus = Json<ReturnType<typeof presentMigrationStatus>>;
export type MigrationRun = NonNullable<MigrationStatus['current']>;
export type MigrationReport = NonNullable<MigrationRun['report']>;
export type MigrationPreview = Json<ReturnType<typeof presentMigrationPreview>>;
export type MigrationSample = MigrationPreview['sample'][number];
export type UnmatchedLine = MigrationPreview['unmatched'][number];
export type InvalidValue = MigrationPreview['invalid'][number];
export type MigrationSource = z.output<typeof MigrationRequest.query>['source'];
/** `POST /rest/v1/migration/run`'s 202. */
export interface MigrationStarted {
  status: 'running';
  total: number;
}

/** What a dry run or a run reads: the source, the CSV file for `csv`, and whether to overwrite directory values. */
export interface MigrationInput {
  source: MigrationSource;
  file: Blob | null;
  overwriteSourceFields: boolean;
}

function migrationRequest(action: 'dry-run' | 'run', input: MigrationInput): HostRequest {
  return {
    method: 'POST',
    path: `/rest/v1/migration/${action}`,
    query: { source: input.source, overwriteSourceFields: input.overwriteSourceFields ? 'true' : undefined },
    body: input.source === 'csv' && input.file ? { bytes: input.file, contentType: 'text/csv' } : undefined,
  };
}

export function migrationApi(call: Call) {
  return {
    /** The assistant's state: which source the site offers, the current or last run. */
    status: () => call<MigrationStatus>({ method: 'GET', path: '/rest/v1/migration' }),
    /** What a run would change; writes nothing. */
    dryRun: (input: MigrationInput) => call<MigrationPreview>(migrationRequest('dry-run', input)),
    /** Starts a run (202); its progress comes from status(). */
    run: (input: MigrationInput) => call<MigrationStarted>(migrationRequest('run', input)),
  };
}
