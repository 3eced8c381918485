import type { MigrationContext } from '../src/db/migrator';

/**
 * Data sources and the sync engine's state: sources (LDAP, later XML) with their field mappings,
 * the tenant's Confluence accounts as last read, directory entries (one per person per source,
 * identified by a stable id, never a DN), sync runs with their per-entry errors, and pictures.
 */
export async function up({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`
    CREATE TABLE data_sources (
      id                BIGSERIAL PRIMARY KEY,
      tenant_id         BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      kind              TEXT NOT NULL CHECK (kind IN ('ldap', 'xml')),
      name              TEXT NOT NULL,
      priority          INTEGER NOT NULL,
      enabled           BOOLEAN NOT NULL DEFAULT true,
      settings          JSONB NOT NULL DEFAULT '{}',
      secrets_encrypted TEXT,
      schedule          TEXT,
      incremental       JSONB NOT NULL DEFAULT '{}',
      write_back        BOOLEAN NOT NULL DEFAULT false,
      created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX data_sources_tenant_name ON data_sources (tenant_id, lower(name));

    CREATE TABLE field_mappings (
      id         BIGSERIAL PRIMARY KEY,
      tenant_id  BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      source_id  BIGINT NOT NULL REFERENCES data_sources (id) ON DELETE CASCADE,
      field_key  TEXT NOT NULL,
      attribute  TEXT NOT NULL,
      write_back BOOLEAN NOT NULL DEFAULT false,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      CONSTRAINT field_mappings_source_field UNIQUE (source_id, field_key)
    );
    CREATE INDEX field_mappings_tenant ON field_mappings (tenant_id, field_key);

    CREATE TABLE accounts (
      tenant_id    BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      account_id   TEXT NOT NULL,
      display_name TEXT,
      email        TEXT,
      picture_url  TEXT,
      account_type TEXT,
      active       BOOLEAN NOT NULL DEFAULT true,
      refreshed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, account_id)
    );
    CREATE INDEX accounts_tenant_email ON accounts (tenant_id, lower(email));

    CREATE TABLE sync_runs (
      id          BIGSERIAL PRIMARY KEY,
      tenant_id   BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      source_id   BIGINT NOT NULL REFERENCES data_sources (id) ON DELETE CASCADE,
      mode        TEXT NOT NULL CHECK (mode IN ('full', 'incremental')),
      trigger     TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule')),
      status      TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'refused')),
      started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
      finished_at TIMESTAMPTZ,
      progress    JSONB NOT NULL DEFAULT '{}',
      counts      JSONB NOT NULL DEFAULT '{}',
      watermarks  JSONB NOT NULL DEFAULT '{}',
      message     TEXT,
      started_by  TEXT
    );
    CREATE INDEX sync_runs_source ON sync_runs (tenant_id, source_id, started_at DESC);

    CREATE TABLE sync_run_errors (
      id          BIGSERIAL PRIMARY KEY,
      tenant_id   BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      run_id      BIGINT NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
      dn          TEXT,
      external_id TEXT,
      reason      TEXT NOT NULL,
      created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX sync_run_errors_run ON sync_run_errors (tenant_id, run_id, id);

    CREATE TABLE directory_entries (
      id               BIGSERIAL PRIMARY KEY,
      tenant_id        BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      source_id        BIGINT NOT NULL REFERENCES data_sources (id) ON DELETE CASCADE,
      external_id      TEXT NOT NULL,
      dn               TEXT NOT NULL,
      match_key        TEXT,
      account_id       TEXT,
      "values"         JSONB NOT NULL DEFAULT '{}',
      content_hash     TEXT NOT NULL,
      picture_hash     TEXT,
      last_seen_run_id BIGINT,
      gone_at          TIMESTAMPTZ,
      created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
      CONSTRAINT directory_entries_source_external UNIQUE (source_id, external_id)
    );
    CREATE INDEX directory_entries_tenant_account ON directory_entries (tenant_id, account_id);
    CREATE INDEX directory_entries_source_dn ON directory_entries (source_id, lower(dn));

    CREATE TABLE profile_pictures (
      tenant_id     BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      account_id    TEXT NOT NULL,
      source        TEXT NOT NULL,
      original_hash TEXT NOT NULL,
      content_type  TEXT NOT NULL,
      size_512      BYTEA NOT NULL,
      size_128      BYTEA NOT NULL,
      size_48       BYTEA NOT NULL,
      updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, account_id)
    );

    ALTER TABLE profiles ADD COLUMN left_directory_at TIMESTAMPTZ;
  `);
}

export async function down({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`
    ALTER TABLE profiles DROP COLUMN left_directory_at;
    DROP TABLE profile_pictures; DROP TABLE directory_entries; DROP TABLE sync_run_errors; DROP TABLE sync_runs;
    DROP TABLE accounts; DROP TABLE field_mappings; DROP TABLE data_sources;
  `);
}
