/**
 * Errors are values with names: every stable id the API can answer, with its HTTP status and what
 * it means, is in {@link ERRORS} below; clients may switch on the id. Code throws an
 * {@link AppError} made by one of the named factories (`staleVersion(…)`, `syncRunning(…)`…) and
 * never chooses a status: the error takes it from the catalogue, and the error middleware
 * (http/errorHandler.ts) turns it into `{error, message, details?}`. docs/openapi.yaml documents
 * the same ids (test/integration/openapi.test.ts keeps the two equal).
 */

/** One catalogue entry. */
interface ErrorSpec {
  /** The HTTP status the id answers with. */
  readonly status: number;
  /**
   * Statuses one particular use answers with instead, each explained in `meaning`; a factory of the
   * id names which (e.g. {@link writeBackRefused}). Most ids have none.
   */
  readonly otherStatuses?: readonly number[];
  /** What the id means, in one line (docs/openapi.yaml says the same). */
  readonly meaning: string;
}

/** Every stable error id, with its status and meaning. Grouped by status. */
export const ERRORS = {
  // 400: the request itself is wrong.
  bad_request: {
    status: 400,
    otherStatuses: [403, 413],
    meaning: 'The request cannot be read or makes no sense (e.g. an empty upload, a malformed %-escape in the path); a refusal of the body parser keeps its own status (413 for too many form parameters, 403 for a failed verification)',
  },
  validation_failed: { status: 400, meaning: 'The body or the query is invalid: `details` lists `{path, message}` per problem' },
  malformed_json: { status: 400, meaning: 'The request body is not valid JSON' },
  write_back_refused: {
    status: 400,
    otherStatuses: [422],
    meaning: 'Rollcall never writes this attribute to a directory: 400 when a mapping asks for its write-back, 422 when a profile save would write it through a mapping stored before that rule (`details`: `[{field, attribute}]`)',
  },
  attribute_not_testable: { status: 400, meaning: 'The write-access test refuses an attribute it must not, or cannot safely, write (not mapped, or never written)' },
  invalid_query: {
    status: 400,
    meaning: 'The People Directory\'s query, sort or cursor cannot be used: `details` has the 1-based `column` and what was `expected` there, or the `unknownField` named (a field the caller may not see is unknown too)',
  },
  plain_bind_refused: { status: 400, meaning: 'The operator refuses simple binds over plain ldap:// without StartTLS (LDAP_REFUSE_PLAIN_BIND) and the source would do one' },
  // 401, 403, 404
  unauthorized: { status: 401, meaning: 'Missing, expired, forged or wrong kind of token, or a site that has not installed the app' },
  forbidden: { status: 403, meaning: 'The caller may not do this (e.g. not a Confluence administrator, or not the owner of the profile)' },
  export_not_allowed: { status: 403, meaning: 'The site lets only administrators export the People Directory (its directory settings, `exportForUsers`)' },
  not_found: { status: 404, meaning: 'No such resource on this site (another site\'s ids are not found either)' },
  // 409: a rule refuses the change.
  conflict: { status: 409, meaning: 'That already exists (a uniqueness rule of the database, when no more precise id applies)' },
  duplicate_category: { status: 409, meaning: 'A category with that name already exists' },
  duplicate_key: { status: 409, meaning: 'A field with that key already exists' },
  category_not_empty: { status: 409, meaning: 'The category still holds fields: move or delete them first' },
  builtin_field: { status: 409, meaning: 'A default field can be renamed, moved or hidden, never deleted' },
  option_in_use: { status: 409, meaning: 'Profiles use the option: retire it instead of removing it' },
  type_change_refused: { status: 409, meaning: 'The field\'s type cannot change to that type (`details.convertsTo` lists the types it can become)' },
  superior_field_taken: { status: 409, meaning: 'Another field is already the org chart\'s superior field' },
  duplicate_source: { status: 409, meaning: 'A data source with that name already exists' },
  sync_running: { status: 409, meaning: 'The source is being synchronised right now' },
  upload_running: { status: 409, meaning: 'Another file is being uploaded to this site (on this instance or another)' },
  migration_running: { status: 409, meaning: 'A profile migration is running on this site right now' },
  shutting_down: { status: 409, meaning: 'Rollcall is shutting down and starts no new sync run; try again in a moment' },
  source_disabled: { status: 409, meaning: 'The source is disabled: it runs only when started by hand (a scheduled run is refused)' },
  stale_version: { status: 409, meaning: 'The profile changed since the form was opened (`details`: `{yourVersion, currentVersion}`)' },
  ldap_conflict: { status: 409, meaning: 'A value changed in the directory since the form was opened (`details` lists yours, the directory\'s and the one when opened)' },
  // 413, 415
  payload_too_large: { status: 413, meaning: 'The request body is larger than this call accepts' },
  quota_exceeded: { status: 413, meaning: 'The site\'s stored files would pass its quota (XML_SITE_QUOTA_BYTES)' },
  unsupported_media_type: { status: 415, meaning: 'The body is not of a type (or charset, or encoding) this call reads, e.g. a picture that is not JPEG, PNG, GIF or WebP' },
  // 422: well-formed, but the values or the directory refuse it.
  invalid_values: { status: 422, meaning: 'A value breaks its field\'s rules: `details` lists `{path, message}` per problem' },
  picture_too_large: { status: 422, meaning: 'The picture\'s dimensions are absurd (decompression bombs), or it cannot be made small enough for the directory' },
  ldap_refused: { status: 422, meaning: 'The directory refused the change itself (e.g. a value its schema does not allow, or no write access); `details.usualCauses` says why that happens' },
  ldap_entry_missing: { status: 422, meaning: 'The person\'s directory entry is no longer in the directory that a write-back goes to' },
  no_directory_entry: { status: 422, meaning: 'A field is written back to a directory, but this person has no entry in a directory that writes it' },
  // 429
  too_many_requests: { status: 429, meaning: 'This caller (or this site) sent too many requests of this kind; try again after `Retry-After` seconds' },
  // 5xx: Rollcall or what it depends on failed; nothing was changed.
  internal_error: { status: 500, meaning: 'Something went wrong in Rollcall; the details are in its log' },
  confluence_unavailable: { status: 502, meaning: 'Confluence did not answer as expected (kept failing or rate-limiting, or no answer within CONFLUENCE_TIMEOUT_MS)' },
  ldap_error: { status: 502, meaning: 'A directory answered with an error that is not about the change itself (e.g. its bind failed, or it is busy)' },
  ldap_unavailable: { status: 503, meaning: 'A directory cannot be reached (no connection, no answer in time, a failed TLS handshake); try again after `Retry-After` seconds' },
  database_unavailable: { status: 503, meaning: 'Rollcall\'s database cannot be reached; try again after `Retry-After` seconds' },
} as const satisfies Record<string, ErrorSpec>;

/** A stable error id. */
export type ErrorId = keyof typeof ERRORS;

/** The statuses an id may answer with: its own and, for some uses, its `otherStatuses`. */
export type StatusOf<Id extends ErrorId> = (typeof ERRORS)[Id]['status'] | ((typeof ERRORS)[Id] extends { otherStatuses: readonly (infer S)[] } ? S : never);

/** Whether `id` is a catalogued error id. */
export function isErrorId(id: unknown): id is ErrorId {
  return typeof id === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, id);
}

/** Every status `id` may answer with, its own first. */
export function statusesOf(id: ErrorId): readonly number[] {
  const spec: ErrorSpec = ERRORS[id];
  return [spec.status, ...(spec.otherStatuses ?? [])];
}

/**
 * An error with a catalogued id. Its status comes from {@link ERRORS}; only an id with
 * `otherStatuses` takes one of those for a use its factory names. Construct it through the
 * factories below (ESLint refuses `new AppError` elsewhere).
 */
export class AppError<Id extends ErrorId = ErrorId> extends Error {
  /** The HTTP status, from the catalogue. */
  readonly status: number;

  constructor(
    readonly id: Id,
    message: string,
    readonly details?: unknown,
    status?: StatusOf<Id>,
  ) {
    super(message);
    this.name = 'AppError';
    const spec: ErrorSpec = ERRORS[id];
    this.status = (status as number | undefined) ?? spec.status;
  }
}

/** A factory `(message, details?) => AppError` for an id whose callers say all there is to say. */
const factory =
  <Id extends ErrorId>(id: Id) =>
  (message: string, details?: unknown): AppError<Id> =>
    new AppError(id, message, details);

// 400
/** `bad_request`; `status` is for the body parser's own refusals only (see the catalogue). */
export const badRequest = (message: string, details?: unknown, status?: StatusOf<'bad_request'>) => new AppError('bad_request', message, details, status);
export const validationFailed = factory('validation_failed');
export const malformedJson = () => new AppError('malformed_json', 'The request body is not valid JSON.');
/**
 * Rollcall never writes this attribute to a directory (sync/writeBack/protectedAttributes.ts): 400 when a
 * mapping asks for write-back of it, 422 when a save would write it through a mapping stored
 * before the rule.
 */
export const writeBackRefused = (status: StatusOf<'write_back_refused'>, message: string, details?: unknown) => new AppError('write_back_refused', message, details, status);
/** The write-access test refuses an attribute it must not, or cannot safely, write (400). */
export const attributeNotTestable = factory('attribute_not_testable');
/** LDAP_REFUSE_PLAIN_BIND is on and the source would simple-bind over plain ldap:// without StartTLS. */
/** `invalid_query`: the People Directory's filter, sort or cursor; `details` `{column, expected?, unknownField?}`. */
export const invalidQuery = factory('invalid_query');
export const plainBindRefused = (message: string) =>
  new AppError('plain_bind_refused', message, [{ path: 'settings.startTls', message: 'Switch on StartTLS or use ldaps://: this server refuses binds that send the password in clear' }]);

// 401, 403, 404
export const unauthorized = (message: string) => new AppError('unauthorized', message);
export const forbidden = (message: string) => new AppError('forbidden', message);
/** `not_found`: "<what> not found", or a message of its own. */
export const exportNotAllowed = () => new AppError('export_not_allowed', 'Only administrators may export the People Directory on this site.');
export const notFound = (what: string, message = `${what} not found`) => new AppError('not_found', message);

// 409
/** `conflict`: a uniqueness rule of the database refused a row; `details` names its columns. */
export const alreadyExists = (details?: unknown) => new AppError('conflict', 'That already exists.', details);
export const duplicateCategory = factory('duplicate_category');
export const duplicateKey = factory('duplicate_key');
export const categoryNotEmpty = factory('category_not_empty');
export const builtinField = factory('builtin_field');
export const optionInUse = factory('option_in_use');
export const typeChangeRefused = factory('type_change_refused');
export const superiorFieldTaken = factory('superior_field_taken');
export const duplicateSource = factory('duplicate_source');
export const syncRunning = factory('sync_running');
export const uploadRunning = factory('upload_running');
export const migrationRunning = factory('migration_running');
export const shuttingDown = factory('shutting_down');
export const sourceDisabled = factory('source_disabled');
export const staleVersion = factory('stale_version');
export const ldapConflict = factory('ldap_conflict');

// 413, 415
export const payloadTooLarge = (message: string) => new AppError('payload_too_large', message);
/** A 413 for a request that fits the size limit but not the site's storage quota (e.g. XML_SITE_QUOTA_BYTES). */
export const quotaExceeded = (message: string) => new AppError('quota_exceeded', message);
export const unsupportedMediaType = (message: string) => new AppError('unsupported_media_type', message);

// 422
/** `invalid_values`: values break their fields' rules. */
export const unprocessable = factory('invalid_values');
export const pictureTooLarge = factory('picture_too_large');
/** The directory refused the change itself; `details.usualCauses` says why that usually happens. */
export const ldapRefused = factory('ldap_refused');
export const ldapEntryMissing = factory('ldap_entry_missing');
export const noDirectoryEntry = factory('no_directory_entry');

// 429, 5xx
export const tooManyRequests = (message: string) => new AppError('too_many_requests', message);
/** A 500 whose cause stays in the log; the message says no more than it must. */
export const internalError = (message = 'Something went wrong.') => new AppError('internal_error', message);
export const confluenceUnavailable = (message: string) => new AppError('confluence_unavailable', message);
/** A directory (LDAP) answered an operation with an error that is not about the change itself (a failed bind, busy, unavailable). */
export const directoryError = factory('ldap_error');
/** A directory (LDAP) could not be reached: no connection, no answer in time, a failed TLS handshake. */
export const directoryUnavailable = factory('ldap_unavailable');
/** The database cannot be reached (outage, restart, pool exhausted); the error handler adds Retry-After. */
export const databaseUnavailable = () => new AppError('database_unavailable', 'The database is not available right now. Nothing was changed; try again in a moment.');
