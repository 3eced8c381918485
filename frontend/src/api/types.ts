/**
 * The REST v1 types the pages use, taken from the server's own schemas and presenters (type-only
 * imports: nothing of the server reaches the bundle). A presenter that changes its output changes
 * these types, and a page that reads a field no longer sent fails `npm run typecheck`.
 */
import type { presentMigrationPreview, presentMigrationStatus } from '../../../src/http/api/migration/presenters';
import type { presentField } from '../../../src/http/api/profileSchema/presenters';
import type { presentProfile } from '../../../src/http/api/profiles/presenters';
import type { MigrationRequest } from '../../../src/http/api/migration/schema';
import type { z } from 'zod';

/** A value as it crosses JSON: dates become strings, Buffers are never sent. */
export type Json<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

export type MigrationStatus = Json<ReturnType<typeof presentMigrationStatus>>;
export type MigrationRun = NonNullable<MigrationStatus['current']>;
export type MigrationReport = NonNullable<MigrationRun['report']>;
export type MigrationPreview = Json<ReturnType<typeof presentMigrationPreview>>;
export type MigrationSample = MigrationPreview['sample'][number];
export type UnmatchedLine = MigrationPreview['unmatched'][number];
export type InvalidValue = MigrationPreview['invalid'][number];
/** The query of a dry run or a run, as the server's schema takes it. */
export type MigrationQuery = z.input<typeof MigrationRequest.query>;
export type MigrationSource = z.output<typeof MigrationRequest.query>['source'];
/** `POST /rest/v1/migration/run`'s 202. */
export interface MigrationStarted {
  status: 'running';
  total: number;
}

export type Field = Json<ReturnType<typeof presentField>>;
export type Profile = Json<ReturnType<typeof presentProfile>>;
