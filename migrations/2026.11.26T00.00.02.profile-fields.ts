import type { MigrationContext } from '../src/db/migrator';

// A frozen copy of profiles/defaults.ts as of this migration: migrations must not change with the code.
const DEFAULT_CATEGORIES = ['Contact', 'Work'];
const DEFAULT_FIELDS = [
  { key: 'phone', label: 'Phone', type: 'phone', category: 'Contact', position: 0 },
  { key: 'im', label: 'IM', type: 'text', category: 'Contact', position: 1 },
  { key: 'website', label: 'Website', type: 'url', category: 'Contact', position: 2 },
  { key: 'position', label: 'Position', type: 'text', category: 'Work', position: 0 },
  { key: 'department', label: 'Department', type: 'text', category: 'Work', position: 1 },
  { key: 'location', label: 'Location', type: 'text', category: 'Work', position: 2 },
];

/**
 * What a profile is: field categories (optionally restricted to Confluence groups), profile field
 * definitions, the profiles themselves (values keyed by field key) and the audit trail. The six
 * default fields are created for every tenant installed before this migration; newer tenants get
 * them on install (profiles/defaults.ts).
 */
export async function up({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`
    CREATE TABLE field_categories (
      id                   BIGSERIAL PRIMARY KEY,
      tenant_id            BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      name                 TEXT NOT NULL,
      position             INTEGER NOT NULL,
      restricted_to_groups JSONB NOT NULL DEFAULT '[]',
      created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX field_categories_tenant_name ON field_categories (tenant_id, lower(name));
    CREATE INDEX field_categories_tenant_position ON field_categories (tenant_id, position);

    CREATE TABLE profile_fields (
      id                 BIGSERIAL PRIMARY KEY,
      tenant_id          BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      key                TEXT NOT NULL,
      label              TEXT NOT NULL,
      type               TEXT NOT NULL,
      category_id        BIGINT NOT NULL REFERENCES field_categories (id),
      help_text          TEXT NOT NULL DEFAULT '',
      position           INTEGER NOT NULL,
      required           BOOLEAN NOT NULL DEFAULT false,
      shown_in_profile   BOOLEAN NOT NULL DEFAULT true,
      options            JSONB NOT NULL DEFAULT '[]',
      builtin            BOOLEAN NOT NULL DEFAULT false,
      org_chart_superior BOOLEAN NOT NULL DEFAULT false,
      created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
      CONSTRAINT profile_fields_tenant_key UNIQUE (tenant_id, key)
    );
    CREATE INDEX profile_fields_tenant_category ON profile_fields (tenant_id, category_id, position);
    -- Zero or one org chart superior field per tenant.
    CREATE UNIQUE INDEX profile_fields_one_superior ON profile_fields (tenant_id) WHERE org_chart_superior;

    CREATE TABLE profiles (
      id            BIGSERIAL PRIMARY KEY,
      tenant_id     BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      account_id    TEXT NOT NULL,
      "values"      JSONB NOT NULL DEFAULT '{}',
      value_sources JSONB NOT NULL DEFAULT '{}',
      version       INTEGER NOT NULL DEFAULT 1,
      created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
      CONSTRAINT profiles_tenant_account UNIQUE (tenant_id, account_id)
    );

    CREATE TABLE audit_events (
      id               BIGSERIAL PRIMARY KEY,
      tenant_id        BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      actor_account_id TEXT,
      action           TEXT NOT NULL,
      subject_type     TEXT NOT NULL,
      subject_id       TEXT NOT NULL,
      details          JSONB NOT NULL DEFAULT '{}',
      created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX audit_events_tenant_subject ON audit_events (tenant_id, subject_type, subject_id, created_at);
  `);

  // Default categories and fields for tenants installed before this migration.
  for (const [position, name] of DEFAULT_CATEGORIES.entries()) {
    await sequelize.query(`INSERT INTO field_categories (tenant_id, name, position) SELECT id, :name, :position FROM tenants`, {
      replacements: { name, position },
    });
  }
  for (const field of DEFAULT_FIELDS) {
    await sequelize.query(
      `INSERT INTO profile_fields (tenant_id, key, label, type, category_id, position, builtin)
       SELECT c.tenant_id, :key, :label, :type, c.id, :position, true
       FROM field_categories c WHERE c.name = :category`,
      { replacements: field },
    );
  }
}

export async function down({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query('DROP TABLE audit_events; DROP TABLE profiles; DROP TABLE profile_fields; DROP TABLE field_categories;');
}
