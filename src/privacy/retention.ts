import { Op, QueryTypes } from 'sequelize';
import { AuditEvent, Tenant } from '../db/models';

/** How long Rollcall keeps what (the operator's settings: RETENTION_* and UNINSTALL_GRACE_DAYS). */
export interface RetentionRules {
  /** Sync runs (and their errors) are kept while among the last this many of their source… */
  syncRunsKept: number;
  /** …or younger than this many days. */
  syncRunDays: number;
  /** Audit events older than this many days are deleted. */
  auditDays: number;
  /** An uninstalled site's data is deleted this many days after the uninstall (a re-install before finds everything). */
  uninstallGraceDays: number;
}

export const DEFAULT_RETENTION: RetentionRules = { syncRunsKept: 100, syncRunDays: 90, auditDays: 365, uninstallGraceDays: 30 };

const DAY_MS = 24 * 3600 * 1000;

/**
 * Deletes a site's finished sync runs that are both older than `syncRunDays` and not among the
 * last `syncRunsKept` of their source; their errors go with them. A running run is never touched.
 * Returns how many runs were deleted.
 */
export async function pruneSyncRuns(tenantId: string, rules: RetentionRules, now: Date): Promise<number> {
  const rows = await Tenant.sequelize!.query<{ id: string }>(
    `DELETE FROM sync_runs r
     WHERE r.tenant_id = $1 AND r.status <> 'running' AND r.started_at < $2
       AND r.id NOT IN (
         SELECT k.id FROM sync_runs k WHERE k.tenant_id = $1 AND k.source_id = r.source_id ORDER BY k.started_at DESC, k.id DESC LIMIT $3)
     RETURNING r.id`,
    { bind: [tenantId, new Date(now.getTime() - rules.syncRunDays * DAY_MS), rules.syncRunsKept], type: QueryTypes.SELECT },
  );
  return rows.length;
}

/** Deletes a site's audit events older than `auditDays`; returns how many. */
export async function pruneAuditEvents(tenantId: string, rules: RetentionRules, now: Date): Promise<number> {
  return AuditEvent.destroy({ where: { tenantId, createdAt: { [Op.lt]: new Date(now.getTime() - rules.auditDays * DAY_MS) } } });
}

/**
 * Deletes every site uninstalled more than `uninstallGraceDays` ago, with everything it holds
 * (every table's rows go with the tenant's: their foreign keys cascade). Returns the tenant ids.
 */
export async function purgeUninstalled(rules: RetentionRules, now: Date): Promise<string[]> {
  const cutoff = new Date(now.getTime() - rules.uninstallGraceDays * DAY_MS);
  const due = await Tenant.findAll({ attributes: ['id'], where: { status: 'uninstalled', uninstalledAt: { [Op.lt]: cutoff } } });
  const purged: string[] = [];
  for (const { id } of due) {
    // Still uninstalled and past the grace period as it is deleted: a re-install in between wins.
    const count = await Tenant.destroy({ where: { id, status: 'uninstalled', uninstalledAt: { [Op.lt]: cutoff } } });
    if (count) purged.push(String(id));
  }
  return purged;
}
