import { QueryTypes } from 'sequelize';
import { AuditEvent, Tenant, TenantSetting } from '../db/models';
import type { Logger } from '../logger';
import { takeTenantSyncWrites } from '../sync/engine/engine';
import { eraseAccounts } from './erasure';
import { DEFAULT_CYCLE_SECONDS, PersonalDataApiError, REPORT_BATCH, type PersonalDataApi, type ReportedAccount } from './personalDataApi';

/** Where a site's reporting cycle is kept (tenant_settings). */
export const REPORTING_KEY = 'privacy.reporting';
/** After an error other than 429, the next try waits this long. */
const ERROR_BACKOFF_SECONDS = 15 * 60;

/** A site's reporting cycle, as stored. */
export interface ReportingState {
  /** The last account id reported in the cycle under way; null when no cycle is under way. */
  cursor: string | null;
  cycleStartedAt: string | null;
  lastCompletedAt: string | null;
  cyclePeriodSeconds: number;
  /** No request before this (Retry-After, or the wait after an error). */
  notBefore: string | null;
  lastError: string | null;
  /** What the last completed cycle did. */
  lastCycle: { reported: number; erased: number; refreshed: number } | null;
  /** What the cycle under way has done so far. */
  current: { reported: number; erased: number; refreshed: number };
}

export interface ReportingOptions {
  /** The API as the site's installation calls it; null when it cannot now (a Forge site with no current token). */
  apiFor(tenant: Tenant): Promise<PersonalDataApi | null>;
  /** Reads the accounts again from Confluence (they were reported `updated`). */
  reread(tenant: Tenant, accountIds: string[]): Promise<void>;
  logger: Logger;
  /** Requests one round may send at most (the job's next round goes on from where it stopped). */
  maxRequests?: number;
}

export interface RoundResult {
  requests: number;
  erased: number;
  refreshed: number;
  /** The cycle ended in this round. */
  completed: boolean;
  /** Why the round stopped before the cycle's end, if it did. */
  stopped?: 'not_due' | 'waiting' | 'no_api' | 'error' | 'budget';
}

/**
 * Reports the accounts a site holds to Atlassian's personal data reporting API, once per cycle
 * (7 days, or the `Cycle-Period` the API names): every account id Rollcall holds anything of
 * (the accounts read from Confluence, profiles, pictures), 90 per request in account-id order,
 * each with when Rollcall last read that person from Atlassian. Accounts the answer calls
 * `closed` are erased at once ({@link eraseAccounts}); `updated` ones are read again. A 429 waits
 * for its Retry-After; any other failure waits 15 minutes. The cycle's position is stored after
 * every request, so a restart, a Forge site without a current token or a round's request budget
 * only pauses it.
 */
export class PersonalDataReporter {
  constructor(private readonly options: ReportingOptions) {}

  /** Goes on with the site's cycle as of `at`. */
  async round(tenant: Tenant, at = new Date()): Promise<RoundResult> {
    const now = () => at;
    const tenantId = String(tenant.id);
    const state = await readState(tenantId);
    const result: RoundResult = { requests: 0, erased: 0, refreshed: 0, completed: false };
    if (state.notBefore && now() < new Date(state.notBefore)) return { ...result, stopped: 'waiting' };
    if (state.cursor === null && state.cycleStartedAt === null) {
      const due = !state.lastCompletedAt || now().getTime() >= new Date(state.lastCompletedAt).getTime() + state.cyclePeriodSeconds * 1000;
      if (!due) return { ...result, stopped: 'not_due' };
    }
    const api = await this.options.apiFor(tenant);
    if (!api) return { ...result, stopped: 'no_api' };
    if (state.cycleStartedAt === null) {
      state.cycleStartedAt = now().toISOString();
      state.current = { reported: 0, erased: 0, refreshed: 0 };
    }
    const budget = this.options.maxRequests ?? 200;
    while (result.requests < budget) {
      const batch = await heldAccounts(tenantId, state.cursor);
      if (!batch.length) {
        state.lastCompletedAt = now().toISOString();
        state.lastCycle = state.current;
        state.cursor = null;
        state.cycleStartedAt = null;
        state.current = { reported: 0, erased: 0, refreshed: 0 };
        result.completed = true;
        break;
      }
      let answer;
      try {
        result.requests++;
        answer = await api.report(batch);
      } catch (err) {
        const message = err instanceof PersonalDataApiError ? err.message : `The report failed: ${(err as Error).message}`;
        state.lastError = message;
        state.notBefore = new Date(now().getTime() + ERROR_BACKOFF_SECONDS * 1000).toISOString();
        await writeState(tenantId, state);
        this.options.logger.warn({ tenantId, status: err instanceof PersonalDataApiError ? err.status : undefined, err: message }, 'personal data report failed; trying again later');
        return { ...result, stopped: 'error' };
      }
      if (answer.kind === 'retry') {
        state.notBefore = new Date(now().getTime() + answer.afterSeconds * 1000).toISOString();
        await writeState(tenantId, state);
        this.options.logger.info({ tenantId, retryAfterSeconds: answer.afterSeconds }, 'personal data report rate limited');
        return { ...result, stopped: 'waiting' };
      }
      if (answer.cyclePeriodSeconds) state.cyclePeriodSeconds = answer.cyclePeriodSeconds;
      const closed = answer.actions.filter((a) => a.status === 'closed').map((a) => a.accountId);
      const updated = answer.actions.filter((a) => a.status === 'updated').map((a) => a.accountId);
      if (closed.length) {
        const erased = await eraseClosed(tenantId, closed);
        result.erased += erased;
        state.current.erased += erased;
      }
      if (updated.length) {
        try {
          await this.options.reread(tenant, updated);
          result.refreshed += updated.length;
          state.current.refreshed += updated.length;
        } catch (err) {
          // The copy stays until the next cycle reports it again; the cycle goes on.
          this.options.logger.warn({ tenantId, err: (err as Error).message, accounts: updated.length }, 'could not read updated accounts again');
        }
      }
      state.current.reported += batch.length;
      // The last account of the batch that is still held: an erased one is no longer listed (so the
      // next batch starts after it anyway), and its id must not stay behind in the stored state.
      const gone = new Set(closed);
      state.cursor = batch.map((a) => a.accountId).filter((id) => !gone.has(id)).pop() ?? state.cursor;
      state.notBefore = null;
      state.lastError = null;
      await writeState(tenantId, state);
    }
    await writeState(tenantId, state);
    if (!result.completed) result.stopped = 'budget';
    this.options.logger.info({ tenantId, ...result }, 'personal data reported');
    return result;
  }
}

/** Erases the accounts and records that it did (how many, not whom). Returns how many Rollcall held anything of. */
export async function eraseClosed(tenantId: string, accountIds: string[]): Promise<number> {
  return Tenant.sequelize!.transaction(async (transaction) => {
    // The tenant's turn for profile writes: a sync page writing these people waits, or goes first.
    await takeTenantSyncWrites(tenantId, transaction);
    const { erased, referencesRemoved } = await eraseAccounts(tenantId, accountIds, transaction);
    if (erased || referencesRemoved) {
      await AuditEvent.create({ tenantId, actorAccountId: null, action: 'accounts.erased', subjectType: 'site', subjectId: tenantId, details: { accounts: erased, referencesRemoved, reason: 'closed' } }, { transaction });
    }
    return erased;
  });
}

/**
 * The next {@link REPORT_BATCH} accounts the site holds anything of, after `cursor` in account-id
 * order: accounts read from Confluence, profiles, pictures, and the people named as who did
 * something (audit events, sync runs started, files uploaded). Each comes with when Rollcall last
 * read the person from Atlassian: the account row's refresh, else when it first stored something
 * of them. Each list is read by its index, at most a batch from each.
 */
export async function heldAccounts(tenantId: string, cursor: string | null, limit = REPORT_BATCH): Promise<ReportedAccount[]> {
  const after = (column: string) => `tenant_id = $1 AND ${column} IS NOT NULL AND ($2::text IS NULL OR ${column} > $2)`;
  const rows = await Tenant.sequelize!.query<{ account_id: string; updated_at: Date }>(
    `WITH ids AS (
       SELECT account_id FROM (
         (SELECT account_id FROM accounts WHERE ${after('account_id')} ORDER BY account_id LIMIT $3)
         UNION (SELECT account_id FROM profiles WHERE ${after('account_id')} ORDER BY account_id LIMIT $3)
         UNION (SELECT account_id FROM profile_pictures WHERE ${after('account_id')} ORDER BY account_id LIMIT $3)
         UNION (SELECT DISTINCT actor_account_id FROM audit_events WHERE ${after('actor_account_id')} ORDER BY 1 LIMIT $3)
         UNION (SELECT DISTINCT started_by FROM sync_runs WHERE ${after('started_by')} ORDER BY 1 LIMIT $3)
         UNION (SELECT DISTINCT uploaded_by FROM source_files WHERE ${after('uploaded_by')} ORDER BY 1 LIMIT $3)
       ) AS held (account_id) ORDER BY account_id LIMIT $3)
     SELECT ids.account_id, COALESCE(a.refreshed_at, LEAST(p.created_at, pp.updated_at,
         (SELECT min(e.created_at) FROM audit_events e WHERE e.tenant_id = $1 AND e.actor_account_id = ids.account_id)), now()) AS updated_at
     FROM ids
     LEFT JOIN accounts a ON a.tenant_id = $1 AND a.account_id = ids.account_id
     LEFT JOIN profiles p ON p.tenant_id = $1 AND p.account_id = ids.account_id
     LEFT JOIN profile_pictures pp ON pp.tenant_id = $1 AND pp.account_id = ids.account_id
     ORDER BY ids.account_id`,
    { bind: [tenantId, cursor, limit], type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ accountId: r.account_id, updatedAt: new Date(r.updated_at) }));
}

export async function readState(tenantId: string): Promise<ReportingState> {
  const row = await TenantSetting.findOne({ where: { tenantId, key: REPORTING_KEY } });
  const stored = (row?.value ?? {}) as Partial<ReportingState>;
  return {
    cursor: stored.cursor ?? null,
    cycleStartedAt: stored.cycleStartedAt ?? null,
    lastCompletedAt: stored.lastCompletedAt ?? null,
    cyclePeriodSeconds: stored.cyclePeriodSeconds ?? DEFAULT_CYCLE_SECONDS,
    notBefore: stored.notBefore ?? null,
    lastError: stored.lastError ?? null,
    lastCycle: stored.lastCycle ?? null,
    current: stored.current ?? { reported: 0, erased: 0, refreshed: 0 },
  };
}

async function writeState(tenantId: string, state: ReportingState): Promise<void> {
  await TenantSetting.upsert({ tenantId, key: REPORTING_KEY, value: state });
}
