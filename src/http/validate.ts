import type { RequestHandler } from 'express';
import type { ZodTypeAny } from 'zod';

/**
 * Replaces `req.body` with what `schema` lets through; a ZodError goes to the error middleware
 * (400 validation_failed with one `{path, message}` per problem).
 */
export function validateBody(schema: ZodTypeAny): RequestHandler {
  return (req, _res, next) => {
    const parsed = schema.safeParse(req.body ?? {});
    if (!parsed.success) return next(parsed.error);
    req.body = parsed.data;
    next();
  };
}

/**
 * Puts what `schema` lets through of the query string in `res.locals.query`; a ZodError goes to
 * the error middleware like a body's.
 */
export function validateQuery(schema: ZodTypeAny): RequestHandler {
  return (req, res, next) => {
    const parsed = schema.safeParse(req.query);
    if (!parsed.success) return next(parsed.error);
    res.locals.query = parsed.data;
    next();
  };
}

/** Route ids are positive integers; anything else is simply not found (never a 500 from a cast). */
export const ID_PATTERN = '[0-9]{1,18}';
