import type { MigrationContext } from '../src/db/migrator';

/**
 * The People Directory's search document (src/peopleDirectory/README.md): one `people_search` row
 * per person a site knows (an account, a profile, or both), holding what the directory filters,
 * sorts and counts on — the display name, the lower-cased email (matched only whole), whether the
 * account is listed (active), when the person left the directory, a copy of the profile's values,
 * and two documents, each a run of entries `\x1e<key>\x1f<text>` ending with `\x1e`:
 * - `document`: every value (select and user values as option and account ids), the name as key
 *   `@name`. Field terms (`key:value`) are regular expressions anchored on one key.
 * - `open_document`: what everyone may read as text — the name, and the values of the text-like
 *   and select fields shown in profiles in categories restricted to nobody, select values as
 *   their option labels — as texts separated by `\x1e`, without keys (so a word never matches a
 *   key). Free text searches it with ILIKE, which is fast (a regular expression over a list of
 *   keys is not: ~15× slower per row, measured) and served by its trigram index.
 *
 * Triggers keep both current whoever writes: statement-level triggers on `accounts` and
 * `profiles` (sync, edits, migration, field deletions and type changes, account refreshes)
 * recompute the changed people's rows in one set-based upsert; triggers on `profile_fields` and
 * `field_categories` (a field added, relabelled, moved, hidden, deleted; options renamed; a
 * category restricted) recompute `open_document` for the tenant's people. Restricted categories
 * are otherwise NOT applied here: each query is compiled per viewer (src/peopleDirectory/search/).
 *
 * pg_trgm and btree_gin are trusted extensions (PostgreSQL 13+: a database owner may create them)
 * and PGlite bundles both (src/db/embedded.ts loads them).
 */
export async function up({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE EXTENSION IF NOT EXISTS btree_gin;

    CREATE TABLE people_search (
      tenant_id     BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      account_id    TEXT NOT NULL,
      display_name  TEXT,
      sort_name     TEXT NOT NULL,
      email         TEXT,
      listed        BOOLEAN NOT NULL,
      left_at       TIMESTAMPTZ,
      "values"      JSONB NOT NULL,
      document      TEXT NOT NULL,
      open_document TEXT NOT NULL,
      PRIMARY KEY (tenant_id, account_id)
    );
    -- A site's search data version, bumped by every statement that changes its documents: the
    -- directory caches counts (total, facets) per version (src/peopleDirectory/search/counts.ts).
    CREATE TABLE people_search_versions (
      tenant_id BIGINT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
      version   BIGINT NOT NULL
    );

    CREATE INDEX people_search_name ON people_search (tenant_id, sort_name, account_id);
    CREATE INDEX people_search_email ON people_search (tenant_id, email);
    CREATE INDEX people_search_document ON people_search USING gin (tenant_id, document gin_trgm_ops);
    CREATE INDEX people_search_open_document ON people_search USING gin (tenant_id, open_document gin_trgm_ops);

    -- An entry's text: control characters \\x1e and \\x1f become spaces, so an entry never ends inside a value.
    CREATE FUNCTION people_search_text(t TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT translate(t, E'\\x1e\\x1f', '  ') $$;

    -- The full document of a name and a profile's values.
    CREATE FUNCTION people_search_document(name TEXT, v JSONB) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT E'\\x1e@name\\x1f' || people_search_text(coalesce(name, '')) || E'\\x1e'
        || coalesce((
          SELECT string_agg(e.key || E'\\x1f' || people_search_text(x.value), E'\\x1e' ORDER BY e.key) || E'\\x1e'
          FROM jsonb_each(coalesce(v, '{}'::jsonb)) e
          CROSS JOIN LATERAL (
            SELECT jsonb_array_elements_text(e.value) AS value WHERE jsonb_typeof(e.value) = 'array'
            UNION ALL
            SELECT e.value #>> '{}' WHERE jsonb_typeof(e.value) NOT IN ('array', 'object', 'null')
          ) x
        ), '')
    $$;

    -- What a tenant's open documents hold: its fields shown in profiles, in categories restricted to
    -- nobody, of text-like and select types, as {key: {"labels": {option id: label}}} (labels for selects).
    CREATE FUNCTION people_search_open_fields(t BIGINT) RETURNS JSONB
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
      SELECT coalesce(jsonb_object_agg(f.key, CASE WHEN f.type IN ('select', 'multiselect')
               THEN jsonb_build_object('labels', coalesce((SELECT jsonb_object_agg(o ->> 'id', o ->> 'label') FROM jsonb_array_elements(f.options) o), '{}'::jsonb))
               ELSE '{}'::jsonb END), '{}'::jsonb)
      FROM profile_fields f JOIN field_categories c ON c.id = f.category_id AND c.restricted_to_groups = '[]'::jsonb
      WHERE f.tenant_id = t AND f.shown_in_profile
        AND f.type IN ('text', 'multiline', 'email', 'phone', 'url', 'number', 'date', 'select', 'multiselect')
    $$;

    -- The open document of a name and values, given the tenant's open fields: texts without keys,
    -- selects as labels.
    CREATE FUNCTION people_search_open_document(name TEXT, v JSONB, fields JSONB) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT E'\x1e' || people_search_text(coalesce(name, '')) || E'\x1e'
        || coalesce((
          SELECT string_agg(people_search_text(x.value), E'\x1e' ORDER BY e.key) || E'\x1e'
          FROM jsonb_each(coalesce(v, '{}'::jsonb)) e
          CROSS JOIN LATERAL (
            SELECT CASE WHEN fields -> e.key ? 'labels' THEN fields -> e.key -> 'labels' ->> el.value ELSE el.value END AS value
            FROM (
              SELECT jsonb_array_elements_text(e.value) AS value WHERE jsonb_typeof(e.value) = 'array'
              UNION ALL
              SELECT e.value #>> '{}' WHERE jsonb_typeof(e.value) NOT IN ('array', 'object', 'null')
            ) el
          ) x
          WHERE fields ? e.key AND x.value IS NOT NULL
        ), '')
    $$;

    -- A statement's changed rows of accounts or profiles (its transition table, people_search_changed)
    -- recomputed in one upsert; a person with neither an account nor a profile any more is removed.
    CREATE FUNCTION people_search_refresh() RETURNS TRIGGER
    LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO people_search (tenant_id, account_id, display_name, sort_name, email, listed, left_at, "values", document, open_document)
      SELECT k.tenant_id, k.account_id, a.display_name, lower(coalesce(a.display_name, k.account_id)), lower(a.email),
             coalesce(a.active, false), p.left_directory_at, coalesce(p."values", '{}'::jsonb),
             people_search_document(a.display_name, p."values"),
             people_search_open_document(a.display_name, p."values", t.fields)
      FROM (SELECT DISTINCT c.tenant_id, c.account_id FROM people_search_changed c) k
      JOIN (SELECT tenant_id, people_search_open_fields(tenant_id) AS fields FROM (SELECT DISTINCT tenant_id FROM people_search_changed) d) t ON t.tenant_id = k.tenant_id
      LEFT JOIN accounts a ON a.tenant_id = k.tenant_id AND a.account_id = k.account_id
      LEFT JOIN profiles p ON p.tenant_id = k.tenant_id AND p.account_id = k.account_id
      -- (a tenant being deleted, whose rows go in a cascade, gets no new rows)
      WHERE (a.account_id IS NOT NULL OR p.account_id IS NOT NULL) AND EXISTS (SELECT 1 FROM tenants t0 WHERE t0.id = k.tenant_id)
      ON CONFLICT (tenant_id, account_id) DO UPDATE SET
        display_name = EXCLUDED.display_name, sort_name = EXCLUDED.sort_name, email = EXCLUDED.email,
        listed = EXCLUDED.listed, left_at = EXCLUDED.left_at, "values" = EXCLUDED."values",
        document = EXCLUDED.document, open_document = EXCLUDED.open_document;
      IF TG_OP = 'DELETE' THEN
        DELETE FROM people_search s USING people_search_changed k
        WHERE s.tenant_id = k.tenant_id AND s.account_id = k.account_id
          AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = k.tenant_id AND a.account_id = k.account_id)
          AND NOT EXISTS (SELECT 1 FROM profiles p WHERE p.tenant_id = k.tenant_id AND p.account_id = k.account_id);
      END IF;
      INSERT INTO people_search_versions (tenant_id, version)
      SELECT DISTINCT c.tenant_id, 1 FROM people_search_changed c WHERE EXISTS (SELECT 1 FROM tenants t0 WHERE t0.id = c.tenant_id)
      ON CONFLICT (tenant_id) DO UPDATE SET version = people_search_versions.version + 1;
      RETURN NULL;
    END
    $$;

    -- A statement that changed fields or categories: the open documents of their tenants' people,
    -- when what everyone may read changed (not for a new label, help text, position or name), and
    -- only the rows whose open document is different (an option renamed rewrites its holders).
    CREATE FUNCTION people_search_restructure() RETURNS TRIGGER
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN -- nested: people_search_before exists only in UPDATE triggers
        IF NOT EXISTS (
          SELECT 1 FROM people_search_before o JOIN people_search_changed n ON n.id = o.id
          WHERE to_jsonb(o) - '{position,label,help_text,required,org_chart_superior,name,created_at,updated_at}'::text[]
                IS DISTINCT FROM to_jsonb(n) - '{position,label,help_text,required,org_chart_superior,name,created_at,updated_at}'::text[]
        ) THEN
          RETURN NULL;
        END IF;
      END IF;
      UPDATE people_search s SET open_document = d.open_document
      FROM (
        SELECT s2.tenant_id, s2.account_id, people_search_open_document(s2.display_name, s2."values", t.fields) AS open_document
        FROM people_search s2
        JOIN (SELECT tenant_id, people_search_open_fields(tenant_id) AS fields FROM (SELECT DISTINCT c.tenant_id FROM people_search_changed c) x) t
          ON t.tenant_id = s2.tenant_id
      ) d
      WHERE s.tenant_id = d.tenant_id AND s.account_id = d.account_id AND s.open_document IS DISTINCT FROM d.open_document;
      INSERT INTO people_search_versions (tenant_id, version)
      SELECT DISTINCT c.tenant_id, 1 FROM people_search_changed c WHERE EXISTS (SELECT 1 FROM tenants t0 WHERE t0.id = c.tenant_id)
      ON CONFLICT (tenant_id) DO UPDATE SET version = people_search_versions.version + 1;
      RETURN NULL;
    END
    $$;
  `);
  // Transition tables need one trigger per event (and no column list); an update of fields or
  // categories also sees the rows before it (people_search_before).
  for (const [table, fn] of TRIGGERS) {
    for (const [event, transition] of EVENTS) {
      const before = event === 'UPDATE' && fn === 'people_search_restructure' ? 'OLD TABLE AS people_search_before ' : '';
      await sequelize.query(
        `CREATE TRIGGER people_search_${table}_${event.toLowerCase()} AFTER ${event} ON ${table}
         REFERENCING ${before}${transition} TABLE AS people_search_changed
         FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
    }
  }
  // Everyone the site knows today.
  await sequelize.query(`
    INSERT INTO people_search (tenant_id, account_id, display_name, sort_name, email, listed, left_at, "values", document, open_document)
    SELECT coalesce(a.tenant_id, p.tenant_id), coalesce(a.account_id, p.account_id), a.display_name,
           lower(coalesce(a.display_name, a.account_id, p.account_id)), lower(a.email), coalesce(a.active, false),
           p.left_directory_at, coalesce(p."values", '{}'::jsonb), people_search_document(a.display_name, p."values"),
           people_search_open_document(a.display_name, p."values", people_search_open_fields(coalesce(a.tenant_id, p.tenant_id)))
    FROM accounts a FULL JOIN profiles p ON p.tenant_id = a.tenant_id AND p.account_id = a.account_id
  `);
}

const TRIGGERS = [
  ['accounts', 'people_search_refresh'],
  ['profiles', 'people_search_refresh'],
  ['profile_fields', 'people_search_restructure'],
  ['field_categories', 'people_search_restructure'],
] as const;
const EVENTS = [
  ['INSERT', 'NEW'],
  ['UPDATE', 'NEW'],
  ['DELETE', 'OLD'],
] as const;

export async function down({ sequelize }: MigrationContext): Promise<void> {
  for (const [table] of TRIGGERS) {
    for (const [event] of EVENTS) await sequelize.query(`DROP TRIGGER people_search_${table}_${event.toLowerCase()} ON ${table}`);
  }
  await sequelize.query(`
    DROP FUNCTION people_search_restructure();
    DROP FUNCTION people_search_refresh();
    DROP TABLE people_search;
    DROP TABLE people_search_versions;
    DROP FUNCTION people_search_open_document(TEXT, JSONB, JSONB);
    DROP FUNCTION people_search_open_fields(BIGINT);
    DROP FUNCTION people_search_document(TEXT, JSONB);
    DROP FUNCTION people_search_text(TEXT);
  `);
}
