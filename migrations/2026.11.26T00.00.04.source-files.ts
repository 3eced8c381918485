import type { MigrationContext } from '../src/db/migrator';

/** Files uploaded for XML sources, kept for scheduled re-runs (the app keeps no state outside the database). */
export async function up({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`
    CREATE TABLE source_files (
      tenant_id   BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      source_id   BIGINT NOT NULL REFERENCES data_sources (id) ON DELETE CASCADE,
      name        TEXT NOT NULL,
      bytes       BYTEA NOT NULL,
      sha256      TEXT NOT NULL,
      size        INTEGER NOT NULL,
      uploaded_by TEXT,
      uploaded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, source_id)
    );
  `);
}

export async function down({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query('DROP TABLE source_files;');
}
