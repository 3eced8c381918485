import type { ErrorRequestHandler, Request } from 'express';
import { BaseError as SequelizeError, ConnectionError as SequelizeConnectionError, ValidationError as SequelizeValidationError, UniqueConstraintError } from 'sequelize';
import { ZodError } from 'zod';
import { ConfluenceError } from '../connect/confluenceClient';
import type { Logger } from '../logger';
import { AppError, alreadyExists, badRequest, confluenceUnavailable, databaseUnavailable, internalError, malformedJson, payloadTooLarge, unauthorized, unsupportedMediaType, validationFailed } from '../errors';

/** ACE's middlewares report failures as `next({code, message})` (expressErrorHandling on). */
function isAceError(err: unknown): err is { code: number; message: string } {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'number' && !(err instanceof Error);
}

/** body-parser's errors carry `type` and `status`. */
function isBodyParserError(err: unknown): err is { type: string; status: number; message: string } {
  return err instanceof Error && typeof (err as { type?: unknown }).type === 'string' && typeof (err as { status?: unknown }).status === 'number';
}

/** How long a client should wait before trying again after a 503. */
const RETRY_AFTER_SECONDS = '5';

/**
 * PostgreSQL SQLSTATEs of a database that is not there: class 08 (connection exception),
 * 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now), 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Whether the database could not be reached: Sequelize's ConnectionError family (refused, timed
 * out, no pool connection…), or a Sequelize query whose connection failed under it (pg's error,
 * as its `parent`). Only Sequelize's errors are looked at: a socket error of an LDAP or HTTP
 * client is not the database's.
 */
function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof SequelizeConnectionError) return true;
  if (!(err instanceof SequelizeError)) return false;
  const cause = (err as { parent?: unknown }).parent;
  if (!(cause instanceof Error)) return false;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
  return DROPPED_CONNECTION.test(cause.message);
}

const DROPPED_CONNECTION = /^(Connection terminated|Client has encountered a connection error|Client was closed)/;

/**
 * ACE reports a failed tenant lookup in its authentication as `{code: 500, message: "Could not
 * lookup stored client data for <key>: <the store's error as a string>"}`; our store is the
 * database, so the error's name and message are all there is to go by.
 */
function isAceStoreUnavailable(err: { code: number; message: string }): boolean {
  const match = /^Could not lookup stored client data for [^:]*: (.*)$/s.exec(err.message);
  if (!match) return false;
  const cause = match[1];
  return /^Sequelize(Connection\w*|HostNot\w+|InvalidConnection)Error\b/.test(cause) || /^SequelizeDatabaseError: /.test(cause) && DROPPED_CONNECTION.test(cause.slice('SequelizeDatabaseError: '.length));
}

/**
 * Maps any error to an {@link AppError} of the catalogue (src/errors.ts): ours as they are, the
 * libraries' (ACE, zod, body-parser, Express's router, Sequelize, the Confluence client) through
 * the catalogue's factories; unknown errors become a 500 whose details stay in the log.
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isAceError(err)) {
    // ACE uses 400/404 for some token failures (undecodable token, unknown install key); to the
    // caller they are all the same thing: not authenticated.
    if (err.code >= 500 && isAceStoreUnavailable(err)) return databaseUnavailable();
    return err.code >= 500 ? internalError() : unauthorized(err.message);
  }
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return validationFailed(details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; '), details);
  }
  if (isBodyParserError(err)) {
    if (err.type === 'entity.too.large') return payloadTooLarge('The request body is too large.');
    if (err.type === 'entity.parse.failed') return malformedJson();
    if (err.status === 415) return unsupportedMediaType(err.message);
    // What is left keeps body-parser's status: 400 (aborted, wrong length, too deep), 413 (too
    // many form parameters), 403 (a failed `verify`); the catalogue lists them under bad_request.
    if (err.status === 400 || err.status === 403 || err.status === 413) return badRequest(err.message, undefined, err.status);
  }
  // Express's router fails on a path parameter that is not valid %-encoding (`/fields/%ff%fe`).
  if (err instanceof URIError) return badRequest('The request URL is not valid: it holds a malformed %-escape.');
  if (err instanceof UniqueConstraintError) {
    return alreadyExists(err.errors.map((e) => e.path));
  }
  if (err instanceof SequelizeValidationError) {
    return validationFailed(err.errors.map((e) => e.message).join('; '));
  }
  if (isDatabaseUnavailable(err)) return databaseUnavailable();
  if (err instanceof ConfluenceError) {
    return confluenceUnavailable('Confluence did not answer as expected. Try again in a moment.');
  }
  return internalError();
}

function wantsHtml(req: Request): boolean {
  return !req.path.startsWith('/rest/') && req.method === 'GET' && req.accepts(['json', 'html']) === 'html';
}

/** The one error middleware: JSON `{error, message, details?}` for the API, a small self-contained page (views/error.hbs) for pages. */
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
    if (appError.status === 503) res.set('Retry-After', RETRY_AFTER_SECONDS);
    if (wantsHtml(req)) {
      res.render('error', { layout: false, title: 'Rollcall', status: appError.status, message: appError.message, nonce: res.locals.cspNonce });
      return;
    }
    res.json({ error: appError.id, message: appError.message, ...(appError.details !== undefined ? { details: appError.details } : {}) });
  };
}
