import type { MigrationContext } from '../src/db/migrator';

/**
 * Tenants (one per Confluence site, ACE's clientKey) and the per-tenant key/value settings ACE may
 * keep (our ACE store adapter writes here instead of ACE's own tables).
 */
export async function up({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`
    CREATE TABLE tenants (
      id                      BIGSERIAL PRIMARY KEY,
      client_key              TEXT NOT NULL UNIQUE,
      addon_key               TEXT NOT NULL,
      base_url                TEXT NOT NULL,
      display_url             TEXT,
      product_type            TEXT NOT NULL,
      description             TEXT,
      server_version          TEXT,
      plugins_version         TEXT,
      cloud_id                TEXT,
      oauth_client_id         TEXT,
      shared_secret_encrypted TEXT NOT NULL,
      status                  TEXT NOT NULL DEFAULT 'installed' CHECK (status IN ('installed', 'uninstalled')),
      installed_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
      uninstalled_at          TIMESTAMPTZ
    );

    CREATE TABLE tenant_settings (
      tenant_id  BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      key        TEXT NOT NULL,
      value      JSONB NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, key)
    );
  `);
}

export async function down({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query('DROP TABLE tenant_settings; DROP TABLE tenants;');
}
