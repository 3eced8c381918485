import type { RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { tooManyRequests, unauthorized } from '../errors';

/** At most `points` requests in any `seconds`-long window (fixed windows, from the first request). */
export interface Limit {
  points: number;
  seconds: number;
}

/** A bucket's limits: per caller (tenant + account id) and per tenant (all its callers together). */
export interface BucketLimits {
  perUser: Limit;
  perTenant: Limit;
}

/**
 * The expensive routes and how often they may run. Each bucket holds a cost an attacker with an
 * account could otherwise multiply: an outbound connection or a full read of a source, a sync of
 * every account, a large body parsed in memory, a search probing other people's data.
 */
export const RATE_LIMITS = {
  /**
   * `POST /rest/v1/sources/:id/test` (connection test and write-access test): each opens an LDAP
   * connection or reads a whole XML source. An admin tries a few settings a minute.
   */
  sourceTest: { perUser: { points: 10, seconds: 60 }, perTenant: { points: 30, seconds: 60 } },
  /**
   * `POST /rest/v1/sources/:id/sync` (Run now): a source runs once at a time (409 otherwise), but
   * every start reads the directory and refreshes all accounts from Confluence.
   */
  syncNow: { perUser: { points: 10, seconds: 60 }, perTenant: { points: 20, seconds: 60 } },
  /** `PUT /rest/v1/sources/:id/file`: XML files of up to XML_MAX_BYTES (100 MB by default), streamed into storage. */
  xmlUpload: { perUser: { points: 10, seconds: 600 }, perTenant: { points: 20, seconds: 600 } },
  /** `PUT /rest/v1/profiles/:accountId/picture`: decoded and re-encoded by sharp. */
  pictureUpload: { perUser: { points: 10, seconds: 60 }, perTenant: { points: 100, seconds: 60 } },
  /**
   * `POST /rest/v1/migration/dry-run` and `/run`: a CSV of up to 50 MB (or every account's details
   * from Confluence), planned against every profile.
   */
  migration: { perUser: { points: 20, seconds: 60 }, perTenant: { points: 40, seconds: 60 } },
  /**
   * `GET /rest/v1/people?query=` (any user; item 4 of issue #13): autocomplete sends one request per
   * pause in typing; an oracle guessing hidden values letter by letter needs hundreds.
   */
  peopleSearch: { perUser: { points: 60, seconds: 60 }, perTenant: { points: 1200, seconds: 60 } },
  /**
   * `GET /rest/v1/directory` (any user): a filtered, sorted, counted query over every person of the
   * site; the page searches as one types (debounced) and scrolls page by page.
   */
  directorySearch: { perUser: { points: 120, seconds: 60 }, perTenant: { points: 3000, seconds: 60 } },
  /** `GET /rest/v1/directory/export`: the whole directory as CSV, streamed. */
  directoryExport: { perUser: { points: 10, seconds: 60 }, perTenant: { points: 30, seconds: 60 } },
  /**
   * `GET /rest/v1/org-chart/…` (any user; the quality report: admins): recursive walks that count
   * everyone below (up to ~0.5 s at 100,000 people for the roots or the quality report). Generous:
   * a page opening subtrees, and a macro opening up to 40 subtrees a level, call it in bursts.
   */
  orgChart: { perUser: { points: 240, seconds: 60 }, perTenant: { points: 2400, seconds: 60 } },
} satisfies Record<string, BucketLimits>;

export type Bucket = keyof typeof RATE_LIMITS;

/**
 * Rate limits per caller and per tenant, counted in this process's memory (rate-limiter-flexible's
 * RateLimiterMemory). With N instances behind a load balancer a caller may get up to N times each
 * limit; the limits bound the cost of abuse, they are not a quota. (The PostgreSQL store would share
 * counts but adds a write per request and a table of its own to every expensive call.)
 */
export class RateLimits {
  private readonly limiters: Record<Bucket, { perUser: RateLimiterMemory; perTenant: RateLimiterMemory }>;

  constructor(limits: Record<Bucket, BucketLimits> = RATE_LIMITS) {
    const make = (bucket: string, scope: string, limit: Limit) => new RateLimiterMemory({ keyPrefix: `${bucket}:${scope}`, points: limit.points, duration: limit.seconds });
    this.limiters = Object.fromEntries(
      Object.entries(limits).map(([bucket, l]) => [bucket, { perUser: make(bucket, 'user', l.perUser), perTenant: make(bucket, 'tenant', l.perTenant) }]),
    ) as RateLimits['limiters'];
  }

  /**
   * Middleware for one bucket, after authentication (it keys on `req.auth`). Over a limit: 429
   * `too_many_requests` with `Retry-After` in seconds. A caller over their own limit does not use
   * up the tenant's.
   */
  limit(bucket: Bucket): RequestHandler {
    const { perUser, perTenant } = this.limiters[bucket];
    return (req, res, next) => {
      const auth = req.auth;
      if (!auth) return next(unauthorized('Not authenticated.'));
      perUser
        .consume(`${auth.tenantId}:${auth.accountId}`)
        .then(() => perTenant.consume(auth.tenantId).then(() => next()))
        .catch((err: unknown) => {
          if (!(err instanceof RateLimiterRes)) return next(err);
          res.set('Retry-After', String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))));
          next(tooManyRequests('Too many requests of this kind: wait a moment and try again.'));
        });
    };
  }
}
