import { Tenant } from '../db/models';
import type { Logger } from '../logger';
import type { SourceLocks } from '../sync/runs/sourceLock';
import type { PersonalDataReporter, RoundResult } from './reporting';
import { pruneAuditEvents, pruneSyncRuns, purgeUninstalled, type RetentionRules } from './retention';

export interface PrivacyJobsOptions {
  reporter: PersonalDataReporter;
  rules: RetentionRules;
  /** One round per site at a time across instances (advisory locks on PostgreSQL, in-process when embedded). */
  locks: SourceLocks;
  logger: Logger;
  /** How often a round runs (default hourly). */
  everyMs?: number;
}

/** What one round did. */
export interface PrivacyRound {
  purgedTenants: string[];
  sites: Array<{ tenantId: string; prunedRuns: number; prunedAuditEvents: number; report: RoundResult } | { tenantId: string; skipped: 'locked' }>;
}

/**
 * The data lifecycle's scheduled work, every hour on every instance: deletes sites uninstalled
 * longer ago than the grace period, then for each installed site (one instance at a time, by its
 * lock) prunes sync runs and audit events past their retention and goes on with the site's
 * personal data reporting cycle.
 */
export class PrivacyJobs {
  static readonly EVERY_MS = 3600_000;
  private timer?: NodeJS.Timeout;
  private first?: NodeJS.Timeout;
  private running?: Promise<PrivacyRound>;

  constructor(private readonly options: PrivacyJobsOptions) {}

  start(): void {
    const tick = () => {
      this.runOnce().catch((err: unknown) => this.options.logger.error({ err }, 'privacy jobs failed'));
    };
    this.timer = setInterval(tick, this.options.everyMs ?? PrivacyJobs.EVERY_MS);
    this.timer.unref();
    // The first round soon after start, not at once: start-up has other work.
    this.first = setTimeout(tick, 60_000);
    this.first.unref();
  }

  stop(): void {
    clearTimeout(this.first);
    clearInterval(this.timer);
  }

  /** One round as of `now` (tests pass a time of their choosing); never two at once in this instance. */
  runOnce(now = new Date()): Promise<PrivacyRound> {
    this.running ??= this.round(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(now: Date): Promise<PrivacyRound> {
    const { rules, locks, logger } = this.options;
    const purgedTenants = await purgeUninstalled(rules, now);
    if (purgedTenants.length) logger.info({ tenants: purgedTenants }, 'deleted the data of sites uninstalled past the grace period');
    const sites: PrivacyRound['sites'] = [];
    for (const tenant of await Tenant.findAll({ where: { status: 'installed' }, order: [['id', 'ASC']] })) {
      const tenantId = String(tenant.id);
      const release = await locks.tryAcquire(tenantId);
      if (!release) {
        sites.push({ tenantId, skipped: 'locked' });
        continue;
      }
      try {
        const prunedRuns = await pruneSyncRuns(tenantId, rules, now);
        const prunedAuditEvents = await pruneAuditEvents(tenantId, rules, now);
        const report = await this.options.reporter.round(tenant, now);
        sites.push({ tenantId, prunedRuns, prunedAuditEvents, report });
      } catch (err) {
        logger.error({ err, tenantId }, 'privacy jobs failed for a site');
      } finally {
        await release();
      }
    }
    return { purgedTenants, sites };
  }
}
