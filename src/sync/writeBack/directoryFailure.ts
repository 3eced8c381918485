import type { DataSource } from '../../db/models';
import { LdapStepError } from '../../directory/ldap';
import { directoryError, directoryUnavailable } from '../../errors';

/**
 * What a profile save answers when a directory it writes back to fails for a reason other than the
 * change itself: 503 `ldap_unavailable` when the directory cannot be reached (no connection, no
 * answer in time, TLS), 502 `ldap_error` when it answered with an error (a failed bind, busy). The
 * message names the source and the reason in words; it never carries the socket's text, the host
 * or the port (the person saving may be any user). Anything that is not an {@link LdapStepError}
 * is returned as it is.
 */
export function directoryFailure(source: Pick<DataSource, 'name'>, err: unknown): unknown {
  if (!(err instanceof LdapStepError)) return err;
  const details = { step: err.step, kind: err.kind, ...(err.resultCode !== undefined ? { resultCode: err.resultCode, resultName: err.resultName } : {}) };
  switch (err.kind) {
    case 'network':
    case 'closed':
      return directoryUnavailable(`${source.name} cannot be reached right now (no connection). Nothing was saved; try again later.`, details);
    case 'timeout':
      return directoryUnavailable(`${source.name} did not answer in time. Nothing was saved; try again later.`, details);
    case 'tls':
      return directoryUnavailable(`${source.name} cannot be reached right now (the secure connection failed). Nothing was saved; tell your administrator.`, details);
    case 'result':
      return directoryError(`${source.name} answered with an error at the ${err.step} step: ${err.resultName} (${err.resultCode}). Nothing was saved; try again later or tell your administrator.`, details);
    default:
      return directoryError(`${source.name} answered in a way Rollcall could not understand at the ${err.step} step. Nothing was saved; tell your administrator.`, details);
  }
}
