import cron, { type ScheduledTask } from 'node-cron';
import { DataSource, Tenant, type SyncMode } from '../../db/models';
import { AppError } from '../../errors';
import type { Logger } from '../../logger';
import type { SyncService } from './runner';
import { SCHEDULE_TIMEZONE, scheduleProblem, type ScheduleRules } from './schedule';
import { incrementalOf } from '../sources/sourceStore';

/**
 * Runs each enabled source's "Bulk profile update" on its cron schedule (UTC). Every app
 * instance schedules every source; the source lock lets exactly one of them run it, and the
 * others skip that tick quietly. A source changed through one instance is rescheduled there at
 * once, and in the others when they next read the sources (every minute); until then their
 * scheduled ticks of a disabled source are refused by SyncService.start.
 *
 * A stored schedule the rules refuse (a seconds field or runs closer together than the
 * operator's minimum, saved before those rules or under a lower SYNC_MIN_INTERVAL_MINUTES) is not
 * scheduled: one warning in the log per source and pattern, and the Data Sources page shows the
 * problem (presenters.ts, `scheduleProblem`) until an admin saves another schedule.
 */
export class Scheduler {
  static readonly RELOAD_EVERY_MS = 60_000;
  /** Default of `recoverEveryMs`: how often runs left "running" by nobody are marked failed. */
  static readonly RECOVER_EVERY_MS = 60_000;
  private readonly tasks = new Map<string, { pattern: string; task: ScheduledTask }>();
  /** When this instance last (un)scheduled each source itself: a reload that read before that keeps it. */
  private readonly changedAt = new Map<string, number>();
  /** The refused pattern of each key already warned about, so a reload does not warn every minute. */
  private readonly refused = new Map<string, string>();
  private reloading?: NodeJS.Timeout;
  private reload_?: Promise<void>;
  private recovering?: NodeJS.Timeout;
  private recover_?: Promise<void>;

  constructor(
    private readonly sync: SyncService,
    private readonly logger: Logger,
    private readonly rules: ScheduleRules,
    private readonly options: { recoverEveryMs?: number } = {},
  ) {}

  /**
   * Marks interrupted runs as failed, then schedules every enabled source of every installed
   * tenant. The recovery then runs every `recoverEveryMs` too (default one minute): a run whose
   * final write failed in a database outage is not left "running" until the next restart.
   */
  async start(): Promise<void> {
    await this.recover();
    await this.reload();
    this.reloading = setInterval(() => {
      this.reload().catch((err: unknown) => this.logger.error({ err }, 'could not reload the sources to schedule'));
    }, Scheduler.RELOAD_EVERY_MS);
    this.reloading.unref();
    this.recovering = setInterval(() => {
      this.recover().catch((err: unknown) => this.logger.error({ err }, 'could not look for interrupted sync runs'));
    }, this.options.recoverEveryMs ?? Scheduler.RECOVER_EVERY_MS);
    this.recovering.unref();
    this.logger.info({ schedules: this.tasks.size }, 'scheduler started');
  }

  /** {@link SyncService.recoverInterrupted}, one at a time. */
  private recover(): Promise<void> {
    this.recover_ ??= this.sync
      .recoverInterrupted()
      .then((recovered) => {
        if (recovered > 0) this.logger.warn({ recovered }, 'marked interrupted sync runs as failed');
      })
      .finally(() => (this.recover_ = undefined));
    return this.recover_;
  }

  /**
   * Schedules every enabled source of every installed tenant as it is stored, and unschedules the
   * others (changed, disabled or deleted through another instance; tenants uninstalled).
   */
  reload(): Promise<void> {
    // One at a time: a slow database must not pile them up.
    this.reload_ ??= this.reloadOnce().finally(() => (this.reload_ = undefined));
    return this.reload_;
  }

  private async reloadOnce(): Promise<void> {
    const readAt = Date.now();
    const sources = await DataSource.findAll({
      attributes: ['id', 'tenantId', 'enabled', 'schedule', 'incremental'],
      where: { enabled: true },
      include: [{ model: Tenant, as: 'tenant', attributes: [], where: { status: 'installed' } }],
    });
    // A source this instance changed while the query ran is newer here than in what it read.
    const current = (sourceId: string) => (this.changedAt.get(sourceId) ?? 0) < readAt;
    const kept = new Set(sources.map((s) => String(s.id)));
    for (const source of sources) {
      if (!current(String(source.id))) continue;
      try {
        this.schedule(source);
      } catch (err) {
        this.logger.error({ err, sourceId: String(source.id) }, 'could not schedule a source');
      }
    }
    for (const key of [...this.tasks.keys()]) {
      const sourceId = key.slice(0, key.indexOf(':'));
      if (!kept.has(sourceId) && current(sourceId)) this.unschedule(sourceId);
    }
  }

  /** What is scheduled: `<source id>:full` and `<source id>:incremental` keys with their cron patterns. */
  scheduled(): Record<string, string> {
    return Object.fromEntries([...this.tasks].map(([key, { pattern }]) => [key, pattern]));
  }

  /**
   * (Re)schedules a source after it was created or changed: its full run on `schedule`, and its
   * incremental run on the incremental schedule when incremental sync is on. Unschedules a
   * disabled source.
   */
  update(source: DataSource): void {
    this.changedAt.set(String(source.id), Date.now());
    this.schedule(source);
  }

  remove(sourceId: string): void {
    this.changedAt.set(sourceId, Date.now());
    this.unschedule(sourceId);
  }

  private schedule(source: DataSource): void {
    const id = String(source.id);
    const incremental = incrementalOf(source);
    const tenantId = String(source.tenantId);
    this.set(`${id}:full`, this.allowed(`${id}:full`, tenantId, source.enabled ? source.schedule : null), () => this.tick(tenantId, id, 'full'));
    this.set(`${id}:incremental`, this.allowed(`${id}:incremental`, tenantId, source.enabled && incremental.enabled ? incremental.schedule : null), () => this.tick(tenantId, id, 'incremental'));
  }

  /** The pattern, or null when the rules refuse it (warned once per key and pattern). */
  private allowed(key: string, tenantId: string, pattern: string | null): string | null {
    const problem = pattern ? scheduleProblem(pattern, this.rules) : undefined;
    if (!problem) {
      this.refused.delete(key);
      return pattern;
    }
    if (this.refused.get(key) !== pattern) {
      this.refused.set(key, pattern!);
      this.logger.warn({ tenantId, sourceId: key.slice(0, key.indexOf(':')), schedule: pattern, problem }, 'a stored schedule is not allowed: it is not run until an admin changes it');
    }
    return null;
  }

  private unschedule(sourceId: string): void {
    this.set(`${sourceId}:full`, null, () => undefined);
    this.set(`${sourceId}:incremental`, null, () => undefined);
  }

  private set(key: string, pattern: string | null, run: () => void): void {
    const current = this.tasks.get(key);
    if (current?.pattern === pattern) return;
    if (current) void current.task.destroy();
    this.tasks.delete(key);
    if (pattern) this.tasks.set(key, { pattern, task: cron.schedule(pattern, run, { timezone: SCHEDULE_TIMEZONE, name: key, noOverlap: true }) });
  }

  /** Runs a scheduled task now, as cron does at its time (tests: a schedule fires at most every SYNC_MIN_INTERVAL_MINUTES). */
  async fire(key: string): Promise<void> {
    await this.tasks.get(key)?.task.execute();
  }

  /** What a scheduled tick does: start a run unless another run (anywhere) holds the source's lock. */
  async tick(tenantId: string, sourceId: string, mode: SyncMode = 'full'): Promise<void> {
    try {
      const run = await this.sync.start(tenantId, sourceId, { mode, trigger: 'schedule', startedBy: null });
      this.logger.info({ tenantId, sourceId, runId: run.id, mode: run.mode }, 'scheduled sync started');
    } catch (err) {
      if (err instanceof AppError && (err.id === 'sync_running' || err.id === 'shutting_down' || err.id === 'source_disabled' || err.id === 'not_found')) return;
      this.logger.error({ err, tenantId, sourceId }, 'scheduled sync could not start');
    }
  }

  stop(): void {
    clearInterval(this.reloading);
    clearInterval(this.recovering);
    for (const { task } of this.tasks.values()) void task.destroy();
    this.tasks.clear();
  }
}
