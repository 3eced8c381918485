import type { MigrationContext } from '../src/db/migrator';

/**
 * The People Directory's search document (src/peopleDirectory/README.md): one `people_search` row
 * per person a site knows (an account, a profile, or both), holding what the directory filters,
 * sorts and counts on — the display name, the lower-cased email (matched only whole), whether the
 * account is listed (active), when the person left the directory, a copy of the profile's values,
 * and `document`: every value as text, each entry `\x1e<key>\x1f<text>`, the name as key `@name`,
 * ending with `\x1e` (select and user values as their option and account ids; the filter resolves
 * labels and names to ids). A trigram GIN index on (tenant, `document`) serves the filter's
 * regular expressions; (tenant, sort name, account) serves paging by name.
 *
 * Statement-level triggers on `accounts` and `profiles` keep the rows current whoever writes
 * (sync, edits, migration, field deletions and type changes, account refreshes): every statement's
 * changed rows are recomputed in one set-based upsert. Restricted categories are NOT applied here:
 * the document holds every value, and each query is compiled per viewer to look only at the fields
 * they may see (src/peopleDirectory/search/).
 *
 * pg_trgm and btree_gin are trusted extensions (PostgreSQL 13+: a database owner may create them)
 * and PGlite bundles both (src/db/embedded.ts loads them).
 */
export async function up({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE EXTENSION IF NOT EXISTS btree_gin;

    CREATE TABLE people_search (
      tenant_id    BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      account_id   TEXT NOT NULL,
      display_name TEXT,
      sort_name    TEXT NOT NULL,
      email        TEXT,
      listed       BOOLEAN NOT NULL,
      left_at      TIMESTAMPTZ,
      "values"     JSONB NOT NULL,
      document     TEXT NOT NULL,
      PRIMARY KEY (tenant_id, account_id)
    );
    CREATE INDEX people_search_name ON people_search (tenant_id, sort_name, account_id);
    CREATE INDEX people_search_email ON people_search (tenant_id, email);
    CREATE INDEX people_search_document ON people_search USING gin (tenant_id, document gin_trgm_ops);

    -- The document of a name and a profile's values (see above). Control characters \\x1e and \\x1f
    -- in values become spaces, so an entry never ends inside a value.
    CREATE FUNCTION people_search_document(name TEXT, v JSONB) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT E'\\x1e@name\\x1f' || translate(coalesce(name, ''), E'\\x1e\\x1f', '  ') || E'\\x1e'
        || coalesce((
          SELECT string_agg(e.key || E'\\x1f' || translate(x.value, E'\\x1e\\x1f', '  '), E'\\x1e' ORDER BY e.key) || E'\\x1e'
          FROM jsonb_each(coalesce(v, '{}'::jsonb)) e
          CROSS JOIN LATERAL (
            SELECT jsonb_array_elements_text(e.value) AS value WHERE jsonb_typeof(e.value) = 'array'
            UNION ALL
            SELECT e.value #>> '{}' WHERE jsonb_typeof(e.value) NOT IN ('array', 'object', 'null')
          ) x
        ), '')
    $$;

    -- A statement's changed rows of accounts or profiles (its transition table, people_search_changed)
    -- recomputed in one upsert; a person with neither an account nor a profile any more is removed.
    CREATE FUNCTION people_search_refresh() RETURNS TRIGGER
    LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO people_search (tenant_id, account_id, display_name, sort_name, email, listed, left_at, "values", document)
      SELECT k.tenant_id, k.account_id, a.display_name, lower(coalesce(a.display_name, k.account_id)), lower(a.email),
             coalesce(a.active, false), p.left_directory_at, coalesce(p."values", '{}'::jsonb),
             people_search_document(a.display_name, p."values")
      FROM (SELECT DISTINCT c.tenant_id, c.account_id FROM people_search_changed c) k
      LEFT JOIN accounts a ON a.tenant_id = k.tenant_id AND a.account_id = k.account_id
      LEFT JOIN profiles p ON p.tenant_id = k.tenant_id AND p.account_id = k.account_id
      WHERE a.account_id IS NOT NULL OR p.account_id IS NOT NULL
      ON CONFLICT (tenant_id, account_id) DO UPDATE SET
        display_name = EXCLUDED.display_name, sort_name = EXCLUDED.sort_name, email = EXCLUDED.email,
        listed = EXCLUDED.listed, left_at = EXCLUDED.left_at, "values" = EXCLUDED."values", document = EXCLUDED.document;
      IF TG_OP = 'DELETE' THEN
        DELETE FROM people_search s USING people_search_changed k
        WHERE s.tenant_id = k.tenant_id AND s.account_id = k.account_id
          AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = k.tenant_id AND a.account_id = k.account_id)
          AND NOT EXISTS (SELECT 1 FROM profiles p WHERE p.tenant_id = k.tenant_id AND p.account_id = k.account_id);
      END IF;
      RETURN NULL;
    END
    $$;
  `);
  // Transition tables need one trigger per event (and no column list): six triggers, one function.
  for (const table of TABLES) {
    for (const [event, transition] of EVENTS) {
      await sequelize.query(
        `CREATE TRIGGER people_search_${table}_${event.toLowerCase()} AFTER ${event} ON ${table}
         REFERENCING ${transition} TABLE AS people_search_changed
         FOR EACH STATEMENT EXECUTE FUNCTION people_search_refresh()`,
      );
    }
  }
  // Everyone the site knows today.
  await sequelize.query(`
    INSERT INTO people_search (tenant_id, account_id, display_name, sort_name, email, listed, left_at, "values", document)
    SELECT coalesce(a.tenant_id, p.tenant_id), coalesce(a.account_id, p.account_id), a.display_name,
           lower(coalesce(a.display_name, a.account_id, p.account_id)), lower(a.email), coalesce(a.active, false),
           p.left_directory_at, coalesce(p."values", '{}'::jsonb), people_search_document(a.display_name, p."values")
    FROM accounts a FULL JOIN profiles p ON p.tenant_id = a.tenant_id AND p.account_id = a.account_id
  `);
}

const TABLES = ['accounts', 'profiles'] as const;
const EVENTS = [
  ['INSERT', 'NEW'],
  ['UPDATE', 'NEW'],
  ['DELETE', 'OLD'],
] as const;

export async function down({ sequelize }: MigrationContext): Promise<void> {
  for (const table of TABLES) {
    for (const [event] of EVENTS) await sequelize.query(`DROP TRIGGER people_search_${table}_${event.toLowerCase()} ON ${table}`);
  }
  await sequelize.query('DROP FUNCTION people_search_refresh(); DROP TABLE people_search; DROP FUNCTION people_search_document(TEXT, JSONB);');
}
