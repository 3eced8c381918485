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
export const unauthorized = (message: string) => new AppError(401, 'unauthorized', message);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
/** A 409 with a stable id naming the rule, e.g. `category_not_empty`. */
export const conflict = (id: string, message: string, details?: unknown) => new AppError(409, id, message, details);
export const payloadTooLarge = (message: string) => new AppError(413, 'payload_too_large', message);
/** A 413 for a request that fits the size limit but not the site's storage quota (e.g. XML_SITE_QUOTA_BYTES). */
export const quotaExceeded = (message: string) => new AppError(413, 'quota_exceeded', message);
export const unsupportedMediaType = (message: string) => new AppError(415, 'unsupported_media_type', message);
export const unprocessable = (message: string, details?: unknown) => new AppError(422, 'invalid_values', message, details);
export const tooManyRequests = (message: string) => new AppError(429, 'too_many_requests', message);
export const confluenceUnavailable = (message: string) => new AppError(502, 'confluence_unavailable', message);
