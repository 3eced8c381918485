import type { Transaction } from 'sequelize';
import { AuditEvent, FieldCategory, ProfileField } from '../db/models';

/** Who acts on which tenant: every command takes this first. */
export interface Actor {
  tenantId: string;
  accountId: string;
}

/** Runs `work` in a transaction that holds the tenant's profile-structure lock (categories and fields). */
export async function inStructureTransaction<T>(tenantId: string, work: (t: Transaction) => Promise<T>): Promise<T> {
  const sequelize = FieldCategory.sequelize!;
  return sequelize.transaction(async (transaction) => {
    // Serialises reorders and moves per tenant, so positions stay a dense 0..n-1 sequence.
    await sequelize.query("SELECT pg_advisory_xact_lock(hashtextextended('rollcall:profile-structure:' || :tenantId, 0))", {
      replacements: { tenantId },
      transaction,
    });
    return work(transaction);
  });
}

/**
 * Moves `item` to `index` in `list` (by position order) and writes the positions that changed,
 * keeping them 0..n-1. `item` may come from another list (a field moving between categories).
 */
export async function placeAt<T extends FieldCategory | ProfileField>(list: T[], item: T, index: number, transaction: Transaction): Promise<void> {
  const others = list.filter((x) => x.id !== item.id);
  const target = Math.max(0, Math.min(index, others.length));
  others.splice(target, 0, item);
  await renumber(others, transaction);
}

/** Writes positions 0..n-1 in list order, touching only rows whose position changed. */
export async function renumber<T extends FieldCategory | ProfileField>(list: T[], transaction: Transaction): Promise<void> {
  for (const [position, row] of list.entries()) {
    if (row.position !== position || row.changed()) {
      row.position = position;
      await row.save({ transaction });
    }
  }
}

/** Records who changed what in the tenant's audit trail. */
export async function recordAudit(
  actor: Actor,
  event: { action: string; subjectType: string; subjectId: string; details?: Record<string, unknown> },
  transaction: Transaction,
): Promise<void> {
  await AuditEvent.create({ tenantId: actor.tenantId, actorAccountId: actor.accountId, ...event, details: event.details ?? {} }, { transaction });
}
