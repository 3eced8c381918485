/**
 * Data Sources: `/rest/v1/sources` and `/rest/v1/sync-runs`. The types are the server's
 * presenters' (`src/http/api/sources/presenters.ts`) and schemas' (type-only imports). The
 * mappings and the write-access test are `mappings.ts`'.
 */
import type { z } from 'zod';
import type { presentMapping, presentRun, presentRunError, presentSource } from '../../../src/http/api/sources/presenters';
import type { ConnectionTestResult, XmlTestResult } from '../../../src/sync/sources/connectionTest';
import type { sourceCreateSchema, sourceUpdateSchema } from '../../../src/sync/sources/sourceSettings';
import type { Call } from './call';
import type { Json } from './json';

export type Source = Json<ReturnType<typeof presentSource>>;
export type SourceKind = Source['kind'];
export type Mapping = Json<ReturnType<typeof presentMapping>>;
export type SyncRun = Json<ReturnType<typeof presentRun>>;
export type SyncRunError = Json<ReturnType<typeof presentRunError>>;
/** A run with its first errors (`GET /rest/v1/sync-runs/{runId}`). */
export type SyncRunDetail = SyncRun & { errors: SyncRunError[]; errorCount: number };
/** What `POST /rest/v1/sources` takes. */
export type SourceCreate = z.input<typeof sourceCreateSchema>;
/** What `PATCH /rest/v1/sources/{id}` takes: the settings that change. */
export type SourceUpdate = z.input<typeof sourceUpdateSchema>;
/** The LDAP connection test's answer. */
export type LdapTestResult = Json<ConnectionTestResult>;
/** The XML source test's answer. */
export type XmlSourceTestResult = Json<XmlTestResult>;
/** What "Test" answers for a source of either kind. */
export type SourceTestResult = LdapTestResult | XmlSourceTestResult;
export type SyncMode = 'full' | 'incremental';

const sourcePath = (id: string) => `/rest/v1/sources/${encodeURIComponent(id)}`;
const runPath = (runId: string) => `/rest/v1/sync-runs/${encodeURIComponent(runId)}`;

export function sourcesApi(call: Call) {
  return {
    /** Every source, with where XML files on the server are read from (`importDirectory`, null when none). */
    list: () => call<{ sources: Source[]; importDirectory: string | null }>({ method: 'GET', path: '/rest/v1/sources' }),
    create: (input: SourceCreate) => call<Source>({ method: 'POST', path: '/rest/v1/sources', body: { json: input } }),
    get: (id: string) => call<Source>({ method: 'GET', path: sourcePath(id) }),
    update: (id: string, input: SourceUpdate) => call<Source>({ method: 'PATCH', path: sourcePath(id), body: { json: input } }),
    remove: (id: string) => call<null>({ method: 'DELETE', path: sourcePath(id) }),
    /** An XML source's file, sent as it is (raw bytes); `name` is how the page shows it. */
    upload: (id: string, file: Blob, name: string) => call<Source>({ method: 'PUT', path: `${sourcePath(id)}/file`, query: { name }, body: { bytes: file, contentType: 'application/xml' } }),
    /** The connection test with the saved settings and mappings. */
    test: (id: string) => call<SourceTestResult>({ method: 'POST', path: `${sourcePath(id)}/test`, body: { json: {} } }),
    /** "Run now" (202): the run's id; its progress comes from the runs. */
    sync: (id: string, mode: SyncMode = 'full') => call<{ runId: string }>({ method: 'POST', path: `${sourcePath(id)}/sync`, body: { json: { mode } } }),
    /** The sync report a page at a time, newest first; `before` is the last run shown. */
    runs: (id: string, page: { before?: string; limit?: number } = {}) =>
      call<{ runs: SyncRun[]; more: boolean }>({ method: 'GET', path: `${sourcePath(id)}/runs`, query: { before: page.before, limit: page.limit === undefined ? undefined : String(page.limit) } }),
    run: (runId: string) => call<SyncRunDetail>({ method: 'GET', path: runPath(runId) }),
    /** A run's entry errors from `offset`, `limit` a page (the server's default 100 without it). */
    runErrors: (runId: string, page: { offset: number; limit?: number }) =>
      call<{ errors: SyncRunError[]; offset: number; limit: number }>({ method: 'GET', path: `${runPath(runId)}/errors`, query: { offset: String(page.offset), limit: page.limit === undefined ? undefined : String(page.limit) } }),
  };
}
