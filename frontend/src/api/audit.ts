/** The audit log, a profile's history and a person's own data: `/rest/v1/audit`, `/rest/v1/profiles/{accountId}/history|export`. */
import type { presentAuditEntry } from '../../../src/http/api/audit/presenters';
import type { Call } from './call';
import type { Json } from './json';

export type AuditEvent = Json<ReturnType<typeof presentAuditEntry>>;
export type AuditChange = NonNullable<AuditEvent['changes']>[number];
export interface AuditPage {
  events: AuditEvent[];
  nextCursor: string | null;
}

/** The audit log's filters (all optional). */
export interface AuditFilter {
  person?: string;
  actor?: string;
  /** Comma-separated actions, or a prefix ending in `.`. */
  action?: string;
  /** ISO dates or times. */
  from?: string;
  to?: string;
}

// Paths are written out whole: test/integration/frontendRoutes.test.ts checks each against the server's routes.
const historyPath = (accountId: string) => `/rest/v1/profiles/${encodeURIComponent(accountId)}/history`;
const exportPath = (accountId: string) => `/rest/v1/profiles/${encodeURIComponent(accountId)}/export`;

export function auditApi(call: Call) {
  return {
    /** A page of the site's audit log, newest first (admins). */
    list: (filter: AuditFilter, cursor?: string | null, limit = 50) =>
      call<AuditPage>({ method: 'GET', path: '/rest/v1/audit', query: { ...filter, cursor: cursor ?? undefined, limit: String(limit) } }),
    /** A page of a profile's history (the person and admins). */
    history: (accountId: string, cursor?: string | null, limit = 20) => call<AuditPage>({ method: 'GET', path: historyPath(accountId), query: { cursor: cursor ?? undefined, limit: String(limit) } }),
    /** The data Rollcall holds of a person, as the JSON file to save (the person and admins). */
    exportData: (accountId: string) => call<Blob>({ method: 'GET', path: exportPath(accountId), responseType: 'blob' }),
  };
}
