/**
 * Errors are values with names: a status and a stable id that clients may switch on, and a message
 * for people. The error middleware turns them into `{error, message, details?}`.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError(400, 'bad_request', message, details);
export const validationFailed = (message: string, details?: unknown) => new AppError(400, 'validation_failed', message, details);
/**
 * Rollcall never writes this attribute to a directory (sync/writeBack/protectedAttributes.ts): 400 when a
 * mapping asks for write-back of it, 422 when a save would write it through a mapping stored
 * before the rule.
 */
export const writeBackRefused = (status: 400 | 422, message: string, details?: unknown) => new AppError(status, 'write_back_refused', message, details);
/** The write-access test refuses an attribute it must not, or cannot safely, write (400). */
export const attributeNotTestable = (message: string, details?: unknown) => new AppError(400, 'attribute_not_testable', message, details);
export const unauthorized = (message: string) => new AppError(401, 'unauthorized', message);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
/** A 409 with a stable id naming the rule, e.g. `category_not_empty`. */
export const conflict = (id: string, message: string, details?: unknown) => new AppError(409, id, message, details);
/** LDAP_REFUSE_PLAIN_BIND is on and the source would simple-bind over plain ldap:// without StartTLS. */
export const plainBindRefused = (message: string) =>
  new AppError(400, 'plain_bind_refused', message, [{ path: 'settings.startTls', message: 'Switch on StartTLS or use ldaps://: this server refuses binds that send the password in clear' }]);
export const payloadTooLarge = (message: string) => new AppError(413, 'payload_too_large', message);
/** A 413 for a request that fits the size limit but not the site's storage quota (e.g. XML_SITE_QUOTA_BYTES). */
export const quotaExceeded = (message: string) => new AppError(413, 'quota_exceeded', message);
export const unsupportedMediaType = (message: string) => new AppError(415, 'unsupported_media_type', message);
export const unprocessable = (message: string, details?: unknown) => new AppError(422, 'invalid_values', message, details);
export const tooManyRequests = (message: string) => new AppError(429, 'too_many_requests', message);
export const confluenceUnavailable = (message: string) => new AppError(502, 'confluence_unavailable', message);
/** A directory (LDAP) answered an operation with an error that is not about the change itself (a failed bind, busy, unavailable). */
export const directoryError = (message: string, details?: unknown) => new AppError(502, 'ldap_error', message, details);
/** A directory (LDAP) could not be reached: no connection, no answer in time, a failed TLS handshake. */
export const directoryUnavailable = (message: string, details?: unknown) => new AppError(503, 'ldap_unavailable', message, details);
/** The database cannot be reached (outage, restart, pool exhausted); the error handler adds Retry-After. */
export const databaseUnavailable = () => new AppError(503, 'database_unavailable', 'The database is not available right now. Nothing was changed; try again in a moment.');
