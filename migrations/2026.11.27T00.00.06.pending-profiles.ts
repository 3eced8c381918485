import type { MigrationContext } from '../src/db/migrator';

/**
 * Profiles waiting for a person reference to resolve (a manager DN whose entry has not been read
 * yet, or has no account yet). The sync writes such a profile once, when the run's pages are all
 * read, instead of once per page and again at the end; a profile whose reference still does not
 * resolve stays listed and is tried again at the end of every later run of the tenant, so a
 * manager who joins later reaches their reports. A run that dies leaves its list for the next one.
 */
export async function up({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`
    CREATE TABLE pending_profiles (
      tenant_id  BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      account_id TEXT NOT NULL,
      PRIMARY KEY (tenant_id, account_id)
    );
  `);
}

export async function down({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query('DROP TABLE pending_profiles;');
}
