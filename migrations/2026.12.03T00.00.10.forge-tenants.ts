import type { MigrationContext } from '../src/db/migrator';

/**
 * Forge installations are tenants too (src/forge/): `kind` says which front a tenant came through.
 * A Forge tenant is keyed by its installation (`forge_installation_id`, the installation ARI every
 * Forge Invocation Token carries), keeps the site's `cloud_id`, the installation's `api_base_url`
 * and Forge environment, and the latest app system token (encrypted, with its expiry) so that
 * scheduled syncs can read the site's people between invocations. It has no Connect client key,
 * shared secret or (until a page is opened) site URL: those columns become nullable, and a CHECK
 * keeps each kind's required columns filled. A Connect tenant and a Forge tenant of the same site
 * are two tenants (docs/ARCHITECTURE.md, "Forge").
 */
export async function up({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`
    ALTER TABLE tenants
      ADD COLUMN kind TEXT NOT NULL DEFAULT 'connect' CHECK (kind IN ('connect', 'forge')),
      ADD COLUMN forge_installation_id TEXT UNIQUE,
      ADD COLUMN forge_environment_id TEXT,
      ADD COLUMN api_base_url TEXT,
      ADD COLUMN forge_system_token_encrypted TEXT,
      ADD COLUMN forge_system_token_expires_at TIMESTAMPTZ,
      ALTER COLUMN client_key DROP NOT NULL,
      ALTER COLUMN shared_secret_encrypted DROP NOT NULL,
      ALTER COLUMN base_url DROP NOT NULL,
      ADD CONSTRAINT tenants_kind_columns CHECK (
        (kind = 'connect' AND client_key IS NOT NULL AND shared_secret_encrypted IS NOT NULL AND base_url IS NOT NULL
          AND forge_installation_id IS NULL)
        OR
        (kind = 'forge' AND forge_installation_id IS NOT NULL AND cloud_id IS NOT NULL AND api_base_url IS NOT NULL
          AND client_key IS NULL AND shared_secret_encrypted IS NULL)
      );
  `);
}

/** Back to Connect-only tenants: Forge tenants (and, by cascade, their data) are deleted. */
export async function down({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`
    DELETE FROM tenants WHERE kind = 'forge';
    ALTER TABLE tenants
      DROP CONSTRAINT tenants_kind_columns,
      ALTER COLUMN client_key SET NOT NULL,
      ALTER COLUMN shared_secret_encrypted SET NOT NULL,
      ALTER COLUMN base_url SET NOT NULL,
      DROP COLUMN forge_system_token_expires_at,
      DROP COLUMN forge_system_token_encrypted,
      DROP COLUMN api_base_url,
      DROP COLUMN forge_environment_id,
      DROP COLUMN forge_installation_id,
      DROP COLUMN kind;
  `);
}
