import type { ErrorRequestHandler, Request } from 'express';
import { ValidationError as SequelizeValidationError, UniqueConstraintError } from 'sequelize';
import { ZodError } from 'zod';
import { ConfluenceError } from '../connect/confluenceClient';
import type { Logger } from '../logger';
import { AppError, badRequest, payloadTooLarge, unsupportedMediaType } from '../errors';

/** ACE's middlewares report failures as `next({code, message})` (expressErrorHandling on). */
function isAceError(err: unknown): err is { code: number; message: string } {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'number' && !(err instanceof Error);
}

/** body-parser's errors carry `type` and `status`. */
function isBodyParserError(err: unknown): err is { type: string; status: number; message: string } {
  return err instanceof Error && typeof (err as { type?: unknown }).type === 'string' && typeof (err as { status?: unknown }).status === 'number';
}

/** Maps any error to an {@link AppError}; unknown errors become a 500 whose details stay in the log. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isAceError(err)) {
    // ACE uses 400/404 for some token failures (undecodable token, unknown install key); to the
    // caller they are all the same thing: not authenticated.
    return err.code >= 500 ? new AppError(500, 'internal_error', 'Something went wrong.') : new AppError(401, 'unauthorized', err.message);
  }
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return new AppError(400, 'validation_failed', details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; '), details);
  }
  if (isBodyParserError(err)) {
    if (err.type === 'entity.too.large') return payloadTooLarge('The request body is too large.');
    if (err.type === 'entity.parse.failed') return new AppError(400, 'malformed_json', 'The request body is not valid JSON.');
    if (err.status === 415) return unsupportedMediaType(err.message);
    if (err.status >= 400 && err.status < 500) return new AppError(err.status, 'bad_request', err.message);
  }
  // Express's router fails on a path parameter that is not valid %-encoding (`/fields/%ff%fe`).
  if (err instanceof URIError) return badRequest('The request URL is not valid: it holds a malformed %-escape.');
  if (err instanceof UniqueConstraintError) {
    return new AppError(409, 'conflict', 'That already exists.', err.errors.map((e) => e.path));
  }
  if (err instanceof SequelizeValidationError) {
    return new AppError(400, 'validation_failed', err.errors.map((e) => e.message).join('; '));
  }
  if (err instanceof ConfluenceError) {
    return new AppError(502, 'confluence_unavailable', 'Confluence did not answer as expected. Try again in a moment.');
  }
  return new AppError(500, 'internal_error', 'Something went wrong.');
}

function wantsHtml(req: Request): boolean {
  return !req.path.startsWith('/rest/') && req.method === 'GET' && req.accepts(['json', 'html']) === 'html';
}

/** The one error middleware: JSON `{error, message, details?}` for the API, an AUI page for pages. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (appError.status >= 500) {
      logger.error({ err, method: req.method, path: req.path }, 'request failed');
    } else {
      logger.info({ status: appError.status, error: appError.id, reason: appError.message, method: req.method, path: req.path }, 'request refused');
    }
    if (res.headersSent) return;
    res.status(appError.status);
    if (wantsHtml(req)) {
      res.render('error', { title: 'Rollcall', status: appError.status, message: appError.message, layout: 'layout' });
      return;
    }
    res.json({ error: appError.id, message: appError.message, ...(appError.details !== undefined ? { details: appError.details } : {}) });
  };
}
