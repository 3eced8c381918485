import { Op } from 'sequelize';
import { DataSource, Tenant } from './db/models';
import type { Logger } from './logger';
import { secretPlace, type SecretBox } from './secrets';

/** What {@link reencryptSecrets} did. */
export interface ReencryptionReport {
  /** Values rewritten under the current key with their place (v1, or under ENCRYPTION_KEY_PREVIOUS). */
  reencrypted: number;
  /** Values already current. */
  current: number;
  /** Places whose value neither key decrypts for that place (left as they are). */
  unreadable: string[];
}

/**
 * The start-up step of key rotation and of the v1 → v2 upgrade: every stored secret (tenants'
 * shared secrets, data sources' secrets) that is not under the current key with its place is
 * decrypted and written again with the current key. Idempotent; cheap (one row per site and per
 * source). A row is written only if it still holds the value read, so a secret saved meanwhile by
 * another instance is never overwritten. Values no key decrypts are left alone and reported: they
 * may belong to a database shared with other keys (tests), or be damaged.
 */
export async function reencryptSecrets(box: SecretBox, logger: Logger): Promise<ReencryptionReport> {
  const report: ReencryptionReport = { reencrypted: 0, current: 0, unreadable: [] };

  async function visit(place: string, stored: string, save: (value: string) => Promise<number>): Promise<void> {
    let opened;
    try {
      opened = box.open(stored, place);
    } catch {
      report.unreadable.push(place);
      return;
    }
    if (!opened.stale) {
      report.current++;
      return;
    }
    if ((await save(box.encrypt(opened.plaintext, place))) > 0) report.reencrypted++;
  }

  // Connect tenants' shared secrets. A Forge tenant's system token is not rewritten: it lives an
  // hour and the next invocation replaces it (one under a retired key reads as no token).
  for (const tenant of await Tenant.findAll({ attributes: ['id', 'clientKey', 'sharedSecretEncrypted'], where: { kind: 'connect' } })) {
    const stored = tenant.sharedSecretEncrypted!;
    await visit(secretPlace.tenantSharedSecret(tenant.clientKey!), stored, async (value) => {
      const [count] = await Tenant.update({ sharedSecretEncrypted: value }, { where: { id: tenant.id, sharedSecretEncrypted: stored }, silent: true });
      return count;
    });
  }
  for (const source of await DataSource.findAll({ attributes: ['id', 'tenantId', 'secretsEncrypted'], where: { secretsEncrypted: { [Op.ne]: null } } })) {
    const stored = source.secretsEncrypted!;
    await visit(secretPlace.sourceSecrets(source.tenantId, String(source.id)), stored, async (value) => {
      const [count] = await DataSource.update({ secretsEncrypted: value }, { where: { id: source.id, secretsEncrypted: stored }, silent: true });
      return count;
    });
  }

  if (report.reencrypted > 0) logger.info({ reencrypted: report.reencrypted }, 'stored secrets re-encrypted with the current ENCRYPTION_KEY');
  if (report.unreadable.length > 0) {
    logger.warn(
      { count: report.unreadable.length, places: report.unreadable.slice(0, 10) },
      'stored secrets that neither ENCRYPTION_KEY nor ENCRYPTION_KEY_PREVIOUS decrypts: those sites or sources cannot be used until they are installed or saved again',
    );
  }
  return report;
}
