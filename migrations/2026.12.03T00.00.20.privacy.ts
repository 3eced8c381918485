import type { MigrationContext } from '../src/db/migrator';

/**
 * The data lifecycle (src/privacy/): the accounts a site holds are listed in account order for the
 * personal data report, audit actors among them (by this index, one batch at a time); audit events
 * are read newest first by the audit log and pruned by age (by the second).
 */
export async function up({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`
    CREATE INDEX audit_events_tenant_actor ON audit_events (tenant_id, actor_account_id) WHERE actor_account_id IS NOT NULL;
    CREATE INDEX audit_events_tenant_created ON audit_events (tenant_id, created_at DESC, id DESC);
  `);
}

export async function down({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`
    DROP INDEX audit_events_tenant_created;
    DROP INDEX audit_events_tenant_actor;
  `);
}
