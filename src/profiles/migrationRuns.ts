import crypto from 'node:crypto';
import os from 'node:os';
import { QueryTypes } from 'sequelize';
import { TenantSetting } from '../db/models';
import { migrationRunning } from '../errors';
import type { Logger } from '../logger';
import { applyMigration, MIGRATION_STATE_KEY, readMigrationState, writeMigrationState, type MigrationPlan, type MigrationReport, type MigrationState } from './migration';

/** A lock per tenant (the shape of `sync/runs/sourceLock.ts`' locks, which the app passes in). */
export interface TenantLocks {
  /** The lock's release, or null when someone else holds it; `onLost` hears of the lock's connection failing. */
  tryAcquire(tenantId: string, onLost?: (err: Error) => void): Promise<(() => Promise<void>) | null>;
}

/** Options of {@link MigrationRuns}. */
export interface MigrationRunsOptions {
  /** One migration per tenant across instances: a PostgreSQL advisory lock (in-process when embedded). */
  locks: TenantLocks;
  logger: Logger;
  /** How often a run writes its heartbeat, in ms. Default 5 000. */
  heartbeatMs?: number;
  /** A run of another instance whose heartbeat is older than this is taken as interrupted, in ms. Default 60 000. */
  staleAfterMs?: number;
  /** Waits between the tries of a run's final write, in ms. Default 250, 500, 1 000, 2 000, 4 000. */
  finishRetryDelaysMs?: readonly number[];
}

/** This process, as the owner of the runs it starts. */
export const INSTANCE_ID = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;

const INTERRUPTED = 'The migration was interrupted (the app stopped, or could not record its end). Profiles written before that keep their new values. Run it again.';
const FAILED = 'The migration failed; profiles written before the failure keep their new values. Try again.';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs profile migrations in the background, one per tenant at a time across every app instance.
 *
 * - A run holds the tenant's migration lock (an advisory lock on a connection of its own) for its
 *   whole length, so two instances never run one at once (409 `migration_running`).
 * - Its state (tenant_settings "migration") names its owner (instance id) and carries a
 *   heartbeat. A "running" state whose owner is not running it any more is interrupted: this
 *   instance knows its own runs; another instance's run is taken as interrupted once its
 *   heartbeat is older than `staleAfterMs` (and its lock is free). Reading the state shows such a
 *   run as failed, and a new run may start.
 * - Every write of the job is caught inside it (a failing write never becomes an unhandled
 *   rejection), and the final one is tried again a few times.
 */
export class MigrationRuns {
  private readonly running = new Set<string>();
  private readonly heartbeatMs: number;
  private readonly staleAfterMs: number;
  private readonly finishRetryDelaysMs: readonly number[];

  constructor(private readonly options: MigrationRunsOptions) {
    this.heartbeatMs = options.heartbeatMs ?? 5_000;
    this.staleAfterMs = options.staleAfterMs ?? 60_000;
    this.finishRetryDelaysMs = options.finishRetryDelaysMs ?? [250, 500, 1000, 2000, 4000];
  }

  /** The tenant's migration state, with a run nobody is running any more shown as failed. */
  async state(tenantId: string): Promise<MigrationState> {
    const state = await readMigrationState(tenantId);
    if (state.current?.status !== 'running' || !this.isInterrupted(tenantId, state.current)) return state;
    return { ...state, current: { ...state.current, status: 'failed', message: INTERRUPTED } };
  }

  /**
   * Takes the tenant's lock and starts `plan` in the background; 409 `migration_running` while a
   * run is going (here or in another instance).
   */
  async start(tenantId: string, actorAccountId: string, plan: MigrationPlan, report: MigrationReport): Promise<void> {
    const busy = () => migrationRunning('A migration is running right now; wait for it to finish.');
    if (this.running.has(tenantId)) throw busy();
    let lockLost = false;
    const release = await this.options.locks.tryAcquire(tenantId, (err) => {
      lockLost = true;
      this.options.logger.error({ err, tenantId }, "lost the migration's lock: the run stops before its next chunk");
    });
    if (!release) throw busy();
    this.running.add(tenantId);
    let started = false;
    try {
      const state = await readMigrationState(tenantId);
      // The lock is free, yet another instance's heartbeat is fresh: it may have lost its lock's connection and still write.
      if (state.current?.status === 'running' && !this.isInterrupted(tenantId, state.current, true)) throw busy();
      const runId = crypto.randomUUID();
      const total = plan.changes.length;
      const startedAt = new Date().toISOString();
      await writeMigrationState(tenantId, { lastRunAt: state.lastRunAt, current: { status: 'running', runId, owner: INSTANCE_ID, heartbeatAt: startedAt, startedAt, total, done: 0 } });
      started = true;
      void this.run(tenantId, actorAccountId, plan, report, { runId, startedAt, lastRunAt: state.lastRunAt }, () => lockLost).finally(async () => {
        this.running.delete(tenantId);
        await release().catch((err: unknown) => this.options.logger.error({ err, tenantId }, 'could not release the migration lock'));
      });
    } finally {
      if (!started) {
        this.running.delete(tenantId);
        await release();
      }
    }
  }

  /** Whether a "running" state is a run nobody runs any more. `lockFree`: the caller holds the tenant's lock. */
  private isInterrupted(tenantId: string, current: NonNullable<MigrationState['current']>, lockFree = false): boolean {
    if (current.owner === INSTANCE_ID) return !this.running.has(tenantId) || lockFree;
    const heartbeat = Date.parse(current.heartbeatAt ?? current.startedAt);
    return !Number.isFinite(heartbeat) || Date.now() - heartbeat > this.staleAfterMs;
  }

  /** The background job: never rejects; its writes are caught and logged. */
  private async run(
    tenantId: string,
    actorAccountId: string,
    plan: MigrationPlan,
    report: MigrationReport,
    run: { runId: string; startedAt: string; lastRunAt: string | null },
    lockLost: () => boolean,
  ): Promise<void> {
    const logger = this.options.logger.child({ tenantId, migrationRunId: run.runId });
    const total = plan.changes.length;
    const beat = setInterval(() => {
      this.touch(tenantId, run.runId, {}).catch((err: unknown) => logger.warn({ err }, 'could not write the migration heartbeat'));
    }, this.heartbeatMs);
    beat.unref();
    let ending: MigrationState;
    try {
      await applyMigration(tenantId, actorAccountId, plan, async (done) => {
        if (lockLost()) throw new Error("the migration's lock was lost");
        await this.touch(tenantId, run.runId, { done });
      });
      const finishedAt = new Date().toISOString();
      ending = { lastRunAt: finishedAt, current: { status: 'succeeded', runId: run.runId, owner: INSTANCE_ID, startedAt: run.startedAt, finishedAt, total, done: total, report } };
    } catch (err) {
      logger.error({ err }, 'migration failed');
      ending = { lastRunAt: run.lastRunAt, current: { status: 'failed', runId: run.runId, owner: INSTANCE_ID, startedAt: run.startedAt, finishedAt: new Date().toISOString(), total, done: 0, message: FAILED } };
    } finally {
      clearInterval(beat);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await writeMigrationState(tenantId, ending);
        return;
      } catch (err) {
        if (attempt >= this.finishRetryDelaysMs.length) {
          // The state says "running" still; this instance knows it is not (see isInterrupted).
          logger.error({ err }, "could not record the migration's end: it shows as interrupted");
          return;
        }
        logger.warn({ err, attempt: attempt + 1 }, "could not record the migration's end; trying again");
        await sleep(this.finishRetryDelaysMs[attempt]);
      }
    }
  }

  /** Heartbeat (and progress) of a run still going; changes nothing once the run's state was replaced. */
  private async touch(tenantId: string, runId: string, fields: { done?: number }): Promise<void> {
    const patch = { ...fields, heartbeatAt: new Date().toISOString() };
    await TenantSetting.sequelize!.query(
      `UPDATE tenant_settings SET value = jsonb_set(value, '{current}', (value->'current') || CAST(:patch AS jsonb)), updated_at = now()
       WHERE tenant_id = :tenantId AND key = :key AND value->'current'->>'runId' = :runId AND value->'current'->>'status' = 'running'`,
      { replacements: { tenantId, key: MIGRATION_STATE_KEY, runId, patch: JSON.stringify(patch) }, type: QueryTypes.UPDATE },
    );
  }
}
