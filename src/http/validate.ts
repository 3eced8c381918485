import type { Request, RequestHandler, Response } from 'express';
import { z, type ZodTypeAny } from 'zod';
import { asyncHandler } from '../asyncHandler';
import type { AuthContext } from '../connect/auth';
import type { Actor } from '../profiles/structure';

/**
 * What a route takes, as zod schemas: its JSON body, its query string and its path parameters.
 * Each router keeps its schemas in a `schema.ts` beside it; a handler reads only what they let
 * through, typed, as `req.input`.
 */
export interface RouteSchema {
  body?: ZodTypeAny;
  query?: ZodTypeAny;
  params?: ZodTypeAny;
}

type Parsed<S extends RouteSchema, K extends keyof RouteSchema> = S[K] extends ZodTypeAny ? z.output<S[K]> : undefined;

/** The parsed input of a route with schema `S`. */
export interface RouteInput<S extends RouteSchema> {
  body: Parsed<S, 'body'>;
  query: Parsed<S, 'query'>;
  params: Parsed<S, 'params'>;
}

/** A request whose token was verified (`connect/auth.ts`) and whose input passed the route's schema. */
export interface AuthenticatedRequest<S extends RouteSchema = RouteSchema> extends Request {
  auth: AuthContext;
  input: RouteInput<S>;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by {@link validate}: what the route's schema let through. */
    input?: unknown;
  }
}

/**
 * Parses the body, query string and path parameters a route's schema names into `req.input`; a
 * ZodError goes to the error middleware (400 validation_failed with one `{path, message}` per
 * problem). Parts the schema does not name are `undefined` in `req.input`, so a handler cannot
 * read unvalidated input by mistake.
 */
export function validate(schema: RouteSchema): RequestHandler {
  return (req, _res, next) => {
    const input: Record<string, unknown> = {};
    for (const [part, source] of [
      ['body', req.body ?? {}],
      ['query', req.query],
      ['params', req.params],
    ] as const) {
      const partSchema = schema[part];
      if (!partSchema) continue;
      const parsed = partSchema.safeParse(source);
      if (!parsed.success) return next(parsed.error);
      input[part] = parsed.data;
    }
    req.input = input;
    next();
  };
}

/**
 * The end of an authenticated route: validates its input against `schema`, then runs `handler`
 * with a request typed as authenticated and validated. Goes after `authenticateRest`/
 * `authenticatePage` (and `requireAdmin`); a route without them fails closed (500, logged).
 */
export function handle<S extends RouteSchema>(schema: S, handler: (req: AuthenticatedRequest<S>, res: Response) => Promise<unknown>): RequestHandler[] {
  return [
    validate(schema),
    asyncHandler(async (req, res) => {
      if (!req.auth) throw new Error(`${req.method} ${req.route?.path ?? req.path} runs a handler without authentication`);
      await handler(req as AuthenticatedRequest<S>, res);
    }),
  ];
}

/** Route ids are positive integers; anything else is simply not found (never a 500 from a cast). */
export const ID_PATTERN = '[0-9]{1,18}';

/** Who acts, for a domain command that records it (audit events, `updatedBy`). */
export const actorOf = (auth: AuthContext): Actor => ({ tenantId: auth.tenantId, accountId: auth.accountId });
