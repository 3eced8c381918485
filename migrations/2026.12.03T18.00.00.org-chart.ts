import type { MigrationContext } from '../src/db/migrator';

/**
 * The org chart's edges: `profiles.superior_account_id` is the value of the tenant's superior
 * field (the one user field marked `org_chart_superior`), kept by the database itself so that
 * every writer (a save, a sync's multi-row upsert, a migration, raw SQL) keeps it true:
 * - a BEFORE trigger on profiles sets it from `values` on every insert and every update that
 *   sets `values`;
 * - an AFTER trigger on profile_fields recomputes a tenant's column when a field is marked or
 *   unmarked as the superior field, changes type or is deleted (rare admin actions; one UPDATE of
 *   the tenant's profiles, touching only rows whose edge changes).
 * The field's key cannot be read by an index (it differs per tenant), a column can:
 * `profiles_tenant_superior` finds a person's direct reports, and the recursive walks of
 * profiles/orgChart.ts, by index at 100,000 people.
 */
export async function up({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`
    ALTER TABLE profiles ADD COLUMN superior_account_id TEXT;

    CREATE FUNCTION rollcall_superior_of(tenant BIGINT, vals JSONB) RETURNS TEXT
      LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN jsonb_typeof(vals -> f.key) = 'string' THEN vals ->> f.key END
        FROM profile_fields f
        WHERE f.tenant_id = tenant AND f.org_chart_superior AND f.type = 'user'
      $$;

    CREATE FUNCTION rollcall_profiles_superior() RETURNS trigger
      LANGUAGE plpgsql AS $$
        BEGIN
          NEW.superior_account_id := rollcall_superior_of(NEW.tenant_id, NEW."values");
          RETURN NEW;
        END
      $$;
    CREATE TRIGGER profiles_superior BEFORE INSERT OR UPDATE OF "values" ON profiles
      FOR EACH ROW EXECUTE FUNCTION rollcall_profiles_superior();

    CREATE FUNCTION rollcall_superior_field_changed() RETURNS trigger
      LANGUAGE plpgsql AS $$
        DECLARE tenant BIGINT;
        BEGIN
          IF TG_OP = 'DELETE' THEN tenant := OLD.tenant_id; ELSE tenant := NEW.tenant_id; END IF;
          IF TG_OP = 'UPDATE' AND OLD.org_chart_superior = NEW.org_chart_superior AND OLD.type = NEW.type
             AND OLD.key = NEW.key THEN
            RETURN NULL;
          END IF;
          IF (TG_OP = 'DELETE' AND NOT OLD.org_chart_superior) OR (TG_OP = 'INSERT' AND NOT NEW.org_chart_superior) THEN
            RETURN NULL;
          END IF;
          UPDATE profiles p SET superior_account_id = rollcall_superior_of(tenant, p."values")
          WHERE p.tenant_id = tenant
            AND p.superior_account_id IS DISTINCT FROM rollcall_superior_of(tenant, p."values");
          RETURN NULL;
        END
      $$;
    CREATE TRIGGER profile_fields_superior AFTER INSERT OR UPDATE OR DELETE ON profile_fields
      FOR EACH ROW EXECUTE FUNCTION rollcall_superior_field_changed();

    UPDATE profiles p SET superior_account_id = rollcall_superior_of(p.tenant_id, p."values");

    CREATE INDEX profiles_tenant_superior ON profiles (tenant_id, superior_account_id)
      WHERE superior_account_id IS NOT NULL;
  `);
}

export async function down({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`
    DROP TRIGGER profile_fields_superior ON profile_fields;
    DROP FUNCTION rollcall_superior_field_changed();
    DROP TRIGGER profiles_superior ON profiles;
    DROP FUNCTION rollcall_profiles_superior();
    DROP FUNCTION rollcall_superior_of(BIGINT, JSONB);
    DROP INDEX profiles_tenant_superior;
    ALTER TABLE profiles DROP COLUMN superior_account_id;
  `);
}
