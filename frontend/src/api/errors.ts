import type { HostResponse } from '../host/host';

/** One problem of a request, as the server's validation lists them (`details[]`). */
export interface FieldProblem {
  /** The input it concerns: `body`, `query.source`, `values.phone`, … */
  path: string;
  message: string;
}

/**
 * A failed REST call: the server's `{error, message, details}` (docs/openapi.yaml), or a readable
 * stand-in when the server was not reached (`status` 0, `code` `network`) or answered no JSON.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The server's stable id (`validation_failed`, `migration_running`, …), or `network` / `http_<status>`. */
    readonly code: string,
    message: string,
    /** What the server sent as `details` (a list of {@link FieldProblem} for validation errors). */
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The problems that name an input (`details[]` entries with a `path` and a `message`). */
  get fieldProblems(): FieldProblem[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter((d): d is FieldProblem => !!d && typeof d === 'object' && typeof d.path === 'string' && typeof d.message === 'string');
  }

  /**
   * The message for an input, when a problem names it: `paths` are the request paths that input
   * feeds (e.g. `['body']` for a file sent as the body). Null when none does.
   */
  messageFor(...paths: string[]): string | null {
    const problem = this.fieldProblems.find((p) => paths.some((path) => p.path === path || p.path.startsWith(`${path}.`)));
    return problem ? problem.message : null;
  }
}

/** Rollcall could not be reached (offline, a refused connection). */
export function networkError(): ApiError {
  return new ApiError(0, 'network', 'Rollcall could not be reached. Check your connection and try again.');
}

/**
 * The ApiError of a response that is not 2xx: the server's body when it is one of ours, otherwise
 * (a proxy's page, an empty 502) a message from the status.
 */
export function toApiError(response: HostResponse): ApiError {
  const body = response.body as { error?: unknown; message?: unknown; details?: unknown } | null;
  if (body && typeof body.error === 'string' && typeof body.message === 'string') {
    return new ApiError(response.status, body.error, body.message, body.details);
  }
  const reason = response.statusText ? `${response.status} ${response.statusText}` : `HTTP ${response.status}`;
  return new ApiError(response.status, `http_${response.status}`, `Rollcall answered ${reason}. Try again in a moment.`);
}

/** The message to show for anything a call threw. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong.';
}
