/**
 * Atlassian's personal data reporting API (`POST /app/report-accounts/`, docs/PRIVACY.md): an app
 * that stores personal data reports the accounts it holds, at most 90 per request, each with when
 * it last read that person's data from Atlassian; the answer names the accounts that were closed
 * (erase them) or updated (read them again).
 */
export const REPORT_PATH = '/app/report-accounts/';
/** "Each request allows up to 90 accounts to be reported on." */
export const REPORT_BATCH = 90;
/** The cycle when the API names none (`Cycle-Period`, in seconds): 7 days. */
export const DEFAULT_CYCLE_SECONDS = 7 * 24 * 3600;

export interface ReportedAccount {
  accountId: string;
  /** When Rollcall last read this person's data from Atlassian (the oldest, when it read several). */
  updatedAt: Date;
}

export interface AccountAction {
  accountId: string;
  /** `closed`: erase everything of the person; `updated`: the copy is out of date, read it again. */
  status: 'closed' | 'updated';
}

export type ReportAnswer =
  | { kind: 'answered'; actions: AccountAction[]; cyclePeriodSeconds?: number }
  /** 429: ask again after `afterSeconds` (Retry-After). */
  | { kind: 'retry'; afterSeconds: number };

/** The reporting API as one site's installation calls it. */
export interface PersonalDataApi {
  /** @throws PersonalDataApiError on any other answer (400, 401, 5xx) or no answer. */
  report(accounts: ReportedAccount[]): Promise<ReportAnswer>;
}

export class PersonalDataApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PersonalDataApiError';
  }
}

const TIMEOUT_MS = 30_000;
/** A Retry-After longer than this is read as this: the job asks again on its next round anyway. */
const MAX_RETRY_AFTER_SECONDS = 24 * 3600;

/**
 * The API at `origin` (https://api.atlassian.com; a test host in the tests), each request with the
 * `Authorization` that `authorization()` gives (a Connect JWT, a Forge system token).
 */
export function httpPersonalDataApi(origin: string, authorization: () => Promise<string>): PersonalDataApi {
  const url = new URL(REPORT_PATH, origin).toString();
  return {
    async report(accounts) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: await authorization() },
          body: JSON.stringify({ accounts: accounts.map((a) => ({ accountId: a.accountId, updatedAt: a.updatedAt.toISOString() })) }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
          redirect: 'error',
        });
      } catch (err) {
        throw new PersonalDataApiError(`The personal data reporting API could not be reached: ${(err as Error).message}`);
      }
      const cycle = Number(res.headers.get('cycle-period'));
      const cyclePeriodSeconds = Number.isFinite(cycle) && cycle > 0 ? cycle : undefined;
      if (res.status === 204) {
        await res.body?.cancel();
        return { kind: 'answered', actions: [], cyclePeriodSeconds };
      }
      if (res.status === 429) {
        await res.body?.cancel();
        return { kind: 'retry', afterSeconds: retryAfterSeconds(res.headers.get('retry-after')) };
      }
      if (res.status !== 200) {
        const text = await res.text().catch(() => '');
        throw new PersonalDataApiError(`The personal data reporting API answered ${res.status}${text ? `: ${text.slice(0, 300)}` : ''}`, res.status);
      }
      const body = (await res.json().catch(() => null)) as { accounts?: unknown } | null;
      const wanted = new Set(accounts.map((a) => a.accountId));
      const actions: AccountAction[] = [];
      for (const item of Array.isArray(body?.accounts) ? body.accounts : []) {
        const { accountId, status } = (item ?? {}) as { accountId?: unknown; status?: unknown };
        // Only accounts of this request, with a status Rollcall knows: nothing else is acted on.
        if (typeof accountId === 'string' && wanted.has(accountId) && (status === 'closed' || status === 'updated')) actions.push({ accountId, status });
      }
      return { kind: 'answered', actions, cyclePeriodSeconds };
    },
  };
}

/** Retry-After as seconds (a number of seconds or an HTTP date); 60 when it is missing or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(Math.ceil(seconds), MAX_RETRY_AFTER_SECONDS);
    const date = Date.parse(header);
    if (Number.isFinite(date)) return Math.min(Math.max(0, Math.ceil((date - now) / 1000)), MAX_RETRY_AFTER_SECONDS);
  }
  return 60;
}
