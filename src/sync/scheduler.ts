import cron, { type ScheduledTask } from 'node-cron';
import { DataSource, Tenant } from '../db/models';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { SyncService } from './runner';
import { SCHEDULE_TIMEZONE } from './schedule';

/**
 * Runs each enabled source's "Bulk profile update" on its cron schedule (UTC). Every app
 * instance schedules every source; the source lock lets exactly one of them run it, and the
 * others skip that tick quietly.
 */
export class Scheduler {
  private readonly tasks = new Map<string, { pattern: string; task: ScheduledTask }>();

  constructor(
    private readonly sync: SyncService,
    private readonly logger: Logger,
  ) {}

  /** Marks runs of instances that died as failed, then schedules every enabled source of every installed tenant. */
  async start(): Promise<void> {
    const recovered = await this.sync.recoverInterrupted();
    if (recovered > 0) this.logger.warn({ recovered }, 'marked interrupted sync runs as failed');
    const sources = await DataSource.findAll({
      where: { enabled: true },
      include: [{ model: Tenant, as: 'tenant', attributes: [], where: { status: 'installed' } }],
    });
    for (const source of sources) this.update(source);
    this.logger.info({ sources: this.tasks.size }, 'scheduler started');
  }

  /** (Re)schedules a source after it was created or changed; unschedules it when disabled. */
  update(source: DataSource): void {
    const key = String(source.id);
    const current = this.tasks.get(key);
    if (!source.enabled || !source.schedule) {
      this.remove(key);
      return;
    }
    if (current?.pattern === source.schedule) return;
    this.remove(key);
    const task = cron.schedule(source.schedule, () => this.tick(String(source.tenantId), key), { timezone: SCHEDULE_TIMEZONE, name: `source-${key}`, noOverlap: true });
    this.tasks.set(key, { pattern: source.schedule, task });
  }

  remove(sourceId: string): void {
    const current = this.tasks.get(sourceId);
    if (current) void current.task.destroy();
    this.tasks.delete(sourceId);
  }

  /** What a scheduled tick does: start a full run unless another run (anywhere) holds the lock. */
  async tick(tenantId: string, sourceId: string): Promise<void> {
    try {
      const run = await this.sync.start(tenantId, sourceId, { mode: 'full', trigger: 'schedule', startedBy: null });
      this.logger.info({ tenantId, sourceId, runId: run.id }, 'scheduled sync started');
    } catch (err) {
      if (err instanceof AppError && (err.id === 'sync_running' || err.id === 'shutting_down' || err.status === 404)) return;
      this.logger.error({ err, tenantId, sourceId }, 'scheduled sync could not start');
    }
  }

  stop(): void {
    for (const key of [...this.tasks.keys()]) this.remove(key);
  }
}
