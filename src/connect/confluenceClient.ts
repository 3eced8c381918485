import type { Logger } from '../logger';

/** The part of ACE's host client we use: `get(options, callback)` signs the call with the app's JWT. */
export interface HostHttpClient {
  get(
    options: { url: string; json: boolean; headers?: Record<string, string>; timeout?: number },
    callback: (err: unknown, response: { statusCode: number; headers: Record<string, string | string[] | undefined> }, body: unknown) => void,
  ): unknown;
}

/** A Confluence REST call that did not succeed; `status` is Confluence's (0 when unreachable). */
export class ConfluenceError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    detail: string,
  ) {
    super(`Confluence ${path} answered ${status || 'nothing'}: ${detail}`);
    this.name = 'ConfluenceError';
  }
}

export interface ConfluenceClientOptions {
  /**
   * Longest wait for one call's answer, in ms (env CONFLUENCE_TIMEOUT_MS). Default 10 000. A call
   * that times out is not retried: a hanging site fails the request in about this time.
   */
  timeoutMs?: number;
  /** Retries of a GET after a 429, a 5xx or a network failure before giving up. Default 3. */
  maxRetries?: number;
  /** Longest wait honoured from a Retry-After header, in ms. Default 30 000. */
  maxRetryWaitMs?: number;
  logger?: Logger;
  /**
   * The same site as the caller rather than as the app (Forge's user token): {@link
   * ConfluenceClient.isAdmin} asks with it when given. Connect has none (ACE signs as the app).
   */
  asCaller?: HostHttpClient;
}

/** Default of {@link ConfluenceClientOptions.timeoutMs}. */
export const CONFLUENCE_TIMEOUT_MS = 10_000;

/** Confluence's user, as far as Rollcall reads it (REST v1 `User`). */
export interface ConfluenceUser {
  accountId: string;
  accountType?: string;
  displayName?: string;
  publicName?: string;
  email?: string;
  profilePicture?: { path: string };
  operations?: Array<{ operation: string; targetType: string }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A call that got no answer within the timeout (`status` 0, like an unreachable site). */
export class ConfluenceTimeoutError extends ConfluenceError {
  constructor(path: string, timeoutMs: number) {
    super(0, path, `no answer within ${timeoutMs} ms`);
    this.name = 'ConfluenceTimeoutError';
  }
}

/**
 * Calls Confluence Cloud REST v1 for one tenant, as the app (ACE signs each call with a JWT).
 * Paths are relative to the site's base URL, e.g. `/rest/api/user`.
 *
 * Every call has a timeout, so a hanging site can neither hold a request nor a sync (and its
 * source lock) for long. GETs are idempotent and retried a few times after a 429 (honouring
 * Retry-After, capped), a 5xx or a network failure, with exponential back-off; a timeout is not
 * retried.
 */
export class ConfluenceClient {
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxRetryWaitMs: number;
  private readonly asCaller: HostHttpClient | undefined;

  constructor(
    private readonly http: HostHttpClient,
    options: ConfluenceClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? CONFLUENCE_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 30_000;
    this.asCaller = options.asCaller;
  }

  /** GET a JSON resource; `null` on 404. */
  getJson<T>(path: string, query: Record<string, string | string[]> = {}): Promise<T | null> {
    return this.getJsonWith<T>(this.http, path, query);
  }

  private async getJsonWith<T>(http: HostHttpClient, path: string, query: Record<string, string | string[]>): Promise<T | null> {
    const url = withQuery(path, query);
    for (let attempt = 0; ; attempt++) {
      let answer: { status: number; headers: Record<string, string | string[] | undefined>; body: unknown };
      try {
        answer = await this.send(http, url, path);
      } catch (err) {
        if (err instanceof ConfluenceTimeoutError || attempt >= this.maxRetries) throw err;
        await sleep(retryDelayMs(undefined, attempt, this.maxRetryWaitMs, NETWORK_BACKOFF_MS));
        continue;
      }
      const { status, headers, body } = answer;
      if ((status === 429 || status >= 500) && attempt < this.maxRetries) {
        await sleep(retryDelayMs(headers['retry-after'], attempt, this.maxRetryWaitMs, status === 429 ? 1000 : NETWORK_BACKOFF_MS));
        continue;
      }
      if (status === 404) return null;
      if (status < 200 || status >= 300) throw new ConfluenceError(status, path, describe(body));
      return body as T;
    }
  }

  /** The user with `expand=operations`, or null when Confluence does not know the account. */
  getUserWithOperations(accountId: string): Promise<ConfluenceUser | null> {
    return this.getJson<ConfluenceUser>('/rest/api/user', { accountId, expand: 'operations' });
  }

  /**
   * Whether the account may administer Confluence (operation `administer` on `application`); asked
   * with the caller's own token when the client has one ({@link ConfluenceClientOptions.asCaller}).
   */
  async isAdmin(accountId: string): Promise<boolean> {
    const user = await this.getJsonWith<ConfluenceUser>(this.asCaller ?? this.http, '/rest/api/user', { accountId, expand: 'operations' });
    return Boolean(user?.operations?.some((op) => op.operation === 'administer' && op.targetType === 'application'));
  }

  private send(http: HostHttpClient, url: string, path: string) {
    return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: unknown }>((resolve, reject) => {
      let settled = false;
      // ACE hands the `timeout` to its HTTP library (which frees the socket); this timer is the
      // promise's own bound, whatever happens before the request is even sent.
      const timer = setTimeout(() => {
        settled = true;
        reject(new ConfluenceTimeoutError(path, this.timeoutMs));
      }, this.timeoutMs);
      http.get({ url, json: true, timeout: this.timeoutMs }, (err, response, body) => {
        clearTimeout(timer);
        if (settled) return;
        settled = true;
        if (err || !response) {
          // The HTTP library's own timeout (connect or read) is the same timeout: not retried either.
          const code = (err as { code?: unknown } | undefined)?.code;
          if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') reject(new ConfluenceTimeoutError(path, this.timeoutMs));
          else reject(new ConfluenceError(0, path, err instanceof Error ? err.message : String(err)));
          return;
        }
        resolve({ status: response.statusCode, headers: response.headers, body });
      });
    });
  }
}

function withQuery(path: string, query: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** First back-off after a network failure or a 5xx (doubling with each attempt). */
const NETWORK_BACKOFF_MS = 250;

/** Retry-After in seconds (or an HTTP date); without one, exponential back-off from `firstMs`; never above `max`. */
function retryDelayMs(header: string | string[] | undefined, attempt: number, max: number, firstMs: number): number {
  const value = Array.isArray(header) ? header[0] : header;
  let ms = firstMs * 2 ** attempt;
  if (value !== undefined) {
    const seconds = Number(value);
    ms = Number.isFinite(seconds) ? seconds * 1000 : Math.max(0, Date.parse(value) - Date.now());
  }
  return Math.min(Math.max(ms, 0), max);
}

function describe(body: unknown): string {
  if (body && typeof body === 'object' && 'message' in body) return String((body as { message: unknown }).message);
  return typeof body === 'string' ? body.slice(0, 200) : 'unexpected response';
}
