/**
 * Data Sources: `/rest/v1/sources` and `/rest/v1/sync-runs`. The types are the server's
 * presenters' (`src/http/api/sources/presenters.ts`); the calls follow with the Data Sources page.
 */
import type { presentMapping, presentRun, presentRunError, presentSource } from '../../../src/http/api/sources/presenters';
import type { Json } from './json';

export type Source = Json<ReturnType<typeof presentSource>>;
export type SourceKind = Source['kind'];
export type Mapping = Json<ReturnType<typeof presentMapping>>;
export type SyncRun = Json<ReturnType<typeof presentRun>>;
export type SyncRunError = Json<ReturnType<typeof presentRunError>>;
