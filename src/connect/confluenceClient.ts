import type { Logger } from '../logger';

/** The part of ACE's host client we use: `get(options, callback)` signs the call with the app's JWT. */
export interface HostHttpClient {
  get(
    options: { url: string; json: boolean; headers?: Record<string, string> },
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
  /** Retries after a 429 before giving up. Default 3. */
  maxRetries?: number;
  /** Longest wait honoured from a Retry-After header, in ms. Default 30 000. */
  maxRetryWaitMs?: number;
  logger?: Logger;
}

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

/**
 * Calls Confluence Cloud REST v1 for one tenant, as the app (ACE signs each call with a JWT).
 * Honours 429 Retry-After. Paths are relative to the site's base URL, e.g. `/rest/api/user`.
 */
export class ConfluenceClient {
  private readonly maxRetries: number;
  private readonly maxRetryWaitMs: number;

  constructor(
    private readonly http: HostHttpClient,
    options: ConfluenceClientOptions = {},
  ) {
    this.maxRetries = options.maxRetries ?? 3;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 30_000;
  }

  /** GET a JSON resource; `null` on 404. */
  async getJson<T>(path: string, query: Record<string, string | string[]> = {}): Promise<T | null> {
    const url = withQuery(path, query);
    for (let attempt = 0; ; attempt++) {
      const { status, headers, body } = await this.send(url, path);
      if (status === 429 && attempt < this.maxRetries) {
        await sleep(retryDelayMs(headers['retry-after'], attempt, this.maxRetryWaitMs));
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

  /** Whether the account may administer Confluence (operation `administer` on `application`). */
  async isAdmin(accountId: string): Promise<boolean> {
    const user = await this.getUserWithOperations(accountId);
    return Boolean(user?.operations?.some((op) => op.operation === 'administer' && op.targetType === 'application'));
  }

  private send(url: string, path: string) {
    return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: unknown }>((resolve, reject) => {
      this.http.get({ url, json: true }, (err, response, body) => {
        if (err || !response) {
          reject(new ConfluenceError(0, path, err instanceof Error ? err.message : String(err)));
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

/** Retry-After in seconds (or an HTTP date); without one, exponential back-off from 1 s. */
function retryDelayMs(header: string | string[] | undefined, attempt: number, max: number): number {
  const value = Array.isArray(header) ? header[0] : header;
  let ms = 1000 * 2 ** attempt;
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
