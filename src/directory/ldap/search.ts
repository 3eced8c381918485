import { type Entry, type Filter } from 'ldapts';
import { LdapStepError, toLdapStepError, type LdapStep } from './ldapErrors';
import { LdapFilterSyntaxError, parseFilter } from './filter';
import type { LdapSession } from './session';

/**
 * The searches under `searchPages`, `readEntry`, `countEntries` and `detectIdAttribute`: one
 * place that maps failures to {@link LdapStepError}s, pages (RFC 2696), honours abort signals and
 * asks ldapts for binary values whatever case the server spells attribute names in.
 */

/** The paged results control's OID (RFC 2696, https://www.rfc-editor.org/rfc/rfc2696). */
export const PAGED_RESULTS_OID = '1.2.840.113556.1.4.319';

/** One search, already validated. */
export interface SearchSpec {
  base: string;
  scope: 'base' | 'sub';
  filter: Filter;
  /** Attribute names to request; duplicates (in any case) are dropped. */
  attributes: string[];
  /** Attributes whose values must come back as bytes. */
  binaryAttributes: string[];
  sizeLimit?: number;
}

/**
 * ldapts decides which attributes to return as Buffers with `explicitBufferAttributes.includes(type)`,
 * where `type` is the server's spelling: OpenLDAP answers a request for `jpegphoto` with `jpegPhoto`.
 * Without a case-insensitive `includes`, a binary value that happens to be valid UTF-8 would come
 * back as a string with a leading byte-order mark silently dropped.
 */
class CaseInsensitiveNames extends Array<string> {
  private lower?: Set<string>;

  override includes(name: string): boolean {
    // Asked for every attribute of every entry: the lower-case names are made once.
    this.lower ??= new Set(this.map((candidate) => candidate.toLowerCase()));
    return this.lower.has(name.toLowerCase());
  }
}

function caseInsensitive(names: string[]): string[] {
  const list = new CaseInsensitiveNames();
  list.push(...names);
  return list;
}

/** `names` without repeats, compared without case, first spelling kept. */
export function uniqueNames(names: Iterable<string>): string[] {
  const seen = new Map<string, string>();
  for (const name of names) if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  return [...seen.values()];
}

/** Parses a filter for `step`; a syntax error becomes a `configuration` {@link LdapStepError} before anything is sent. */
export function compileFilter(step: LdapStep, filter: string): Filter {
  try {
    return parseFilter(filter);
  } catch (error) {
    if (!(error instanceof LdapFilterSyntaxError)) throw error;
    return failConfiguration(step, `invalid filter: ${error.message}`, [
      `The filter "${filter}" is not RFC 4515 syntax: ${error.message}.`,
    ]);
  }
}

/** Throws a `configuration` {@link LdapStepError}. */
export function failConfiguration(step: LdapStep, summary: string, usualCauses: string[]): never {
  throw new LdapStepError({ step, kind: 'configuration', summary, diagnostic: summary, usualCauses });
}

function searchOptions(session: LdapSession, spec: SearchSpec) {
  return {
    scope: spec.scope,
    filter: spec.filter,
    attributes: uniqueNames(spec.attributes),
    explicitBufferAttributes: caseInsensitive(spec.binaryAttributes),
    sizeLimit: spec.sizeLimit,
    // The server may stop when we stop waiting, instead of working on for nobody.
    timeLimit: Math.ceil(session.settings.operationTimeoutMs / 1000),
  };
}

function errorContext(session: LdapSession, base: string) {
  return { settings: session.settings, base, timeoutMs: session.settings.operationTimeoutMs };
}

/** One unpaged search; every failure becomes an {@link LdapStepError} for `step`. */
export async function searchOnce(session: LdapSession, step: LdapStep, spec: SearchSpec): Promise<Entry[]> {
  try {
    const { searchEntries } = await session.client.search(spec.base, searchOptions(session, spec));
    return searchEntries;
  } catch (error) {
    throw toLdapStepError(step, error, errorContext(session, spec.base));
  }
}

const pagingBySession = new WeakMap<LdapSession, Promise<boolean>>();

/**
 * Whether the server announces the paged results control in its root DSE, asked once per session.
 * When the root DSE cannot be read, paging is assumed: the control is sent as non-critical, so a
 * server without it answers the search unpaged anyway.
 */
export function pagingSupported(session: LdapSession): Promise<boolean> {
  let known = pagingBySession.get(session);
  if (!known) {
    known = session.client
      .search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['supportedControl'] })
      .then(({ searchEntries }) => {
        const controls = valuesOf(searchEntries[0], 'supportedControl');
        return controls.length === 0 || controls.includes(PAGED_RESULTS_OID);
      })
      .catch(() => true);
    pagingBySession.set(session, known);
  }
  return known;
}

/** Records what a root DSE read found, so {@link pagingSupported} need not ask again. */
export function rememberPaging(session: LdapSession, supported: boolean): void {
  pagingBySession.set(session, Promise.resolve(supported));
}

/** What {@link pagedEntries} takes besides the search. */
export interface PagingOptions {
  pageSize: number;
  signal?: AbortSignal;
  /** Told once when the server does not page and the whole result came in one answer. */
  onWarning?: (message: string) => void;
}

/**
 * The entries of a sub-tree search, one array per server page (RFC 2696), never more than one page
 * in memory. Stopping early (`break`, `return()`) ends the search: no further page is requested.
 * An abort while waiting for a page closes the session (an LDAP answer cannot be skipped half-read)
 * and throws the signal's reason. Failures throw {@link LdapStepError}s for `step`.
 *
 * A server without paging answers the search in one piece (the control is not critical), within
 * its size limit or with sizeLimitExceeded; that piece is then cut into `pageSize` arrays and
 * `onWarning` is told.
 */
export async function* pagedEntries(
  session: LdapSession,
  step: LdapStep,
  spec: SearchSpec,
  options: PagingOptions,
): AsyncGenerator<Entry[], void, undefined> {
  const { signal, pageSize } = options;
  signal?.throwIfAborted();
  const paging = await untilAborted(pagingSupported(session), signal, session);
  let pages: AsyncGenerator<{ searchEntries: Entry[] }> | undefined;
  try {
    pages = session.client.searchPaginated(spec.base, { ...searchOptions(session, spec), paged: { pageSize } });
    for (;;) {
      signal?.throwIfAborted();
      let next: IteratorResult<{ searchEntries: Entry[] }>;
      try {
        next = await untilAborted(pages.next(), signal, session);
      } catch (error) {
        if (signal?.aborted && error === signal.reason) throw error;
        throw toLdapStepError(step, error, errorContext(session, spec.base));
      }
      if (next.done) return;
      const entries = next.value.searchEntries;
      if (paging) {
        yield entries;
        continue;
      }
      options.onWarning?.(
        `The server does not announce paged results (RFC 2696): the whole result (${entries.length} entries) came in one answer, within the server's size limit.`,
      );
      for (let i = 0; i < entries.length; i += pageSize) yield entries.slice(i, i + pageSize);
    }
  } finally {
    // Ends ldapts' generator where it stands (at a yield: no request in flight), so it asks for no more pages.
    await pages?.return(undefined).catch(() => undefined);
  }
}

/** `promise`, or the signal's reason as soon as it aborts (closing the session, which fails the pending operation). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, session: LdapSession): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      void session.close();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The values of `name` in an ldapts entry, matched without case, always as an array. */
export function valuesOf(entry: Entry | undefined, name: string): Array<string | Buffer> {
  if (!entry) return [];
  const lower = name.toLowerCase();
  const values: Array<string | Buffer> = [];
  for (const [key, value] of Object.entries(entry)) {
    if (key === 'dn' || key.toLowerCase() !== lower) continue;
    values.push(...(Array.isArray(value) ? value : [value]));
  }
  return values;
}

/** The text values of `name` (see {@link valuesOf}). */
export function textValuesOf(entry: Entry | undefined, name: string): string[] {
  return valuesOf(entry, name).map((value) => (typeof value === 'string' ? value : value.toString('utf8')));
}
