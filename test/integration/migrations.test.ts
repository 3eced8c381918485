import crypto from 'node:crypto';
import { Client } from 'pg';
import { QueryTypes, Sequelize } from 'sequelize';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded';
import { createMigrator, migrate, pendingMigrations } from '../../src/db/migrator';

/** An empty database of its own: a new one on the test server, or a fresh in-memory PGlite. */
async function emptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const embedded: EmbeddedPostgres = await startEmbeddedPostgres();
    return { url: embedded.url, drop: () => embedded.stop() };
  }
  const name = `rollcall_migrations_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A test on a Sequelize of its own over an empty database, closed and dropped after. */
function onEmptyDatabase(test: (sequelize: Sequelize) => Promise<void>): () => Promise<void> {
  return async () => {
    const db = await emptyDatabase();
    const sequelize = new Sequelize(db.url, { dialect: 'postgres', logging: false, pool: { max: 1 } });
    try {
      await test(sequelize);
    } finally {
      await sequelize.close();
      await db.drop();
    }
  };
}

async function publicTables(sequelize: Sequelize): Promise<string[]> {
  const rows = await sequelize.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    { type: QueryTypes.SELECT },
  );
  return rows.map((r) => r.name);
}

describe('migrations', () => {
  it('apply in order on an empty database, are then current, and apply nothing twice', onEmptyDatabase(async (sequelize) => {
    const pendingBefore = await pendingMigrations(sequelize);
    expect(pendingBefore.length).toBeGreaterThan(0);
    expect(await migrate(sequelize)).toEqual(pendingBefore);
    expect(await pendingMigrations(sequelize)).toEqual([]);
    expect(await migrate(sequelize)).toEqual([]);

    expect(await publicTables(sequelize)).toEqual(
      expect.arrayContaining(['schema_migrations', 'tenant_settings', 'tenants']),
    );
  }));

  it('give tenants installed before the profile fields existed the six default fields', onEmptyDatabase(async (sequelize) => {
    const migrator = createMigrator(sequelize);
    await migrator.up({ to: '2026.11.26T00.00.01.tenants' });
    await sequelize.query(
      `INSERT INTO tenants (client_key, addon_key, base_url, product_type, shared_secret_encrypted) VALUES ('old-site', 'rollcall', 'https://old.atlassian.net/wiki', 'confluence', 'v1.x.y.z')`,
    );
    await migrate(sequelize);
    const fields = await sequelize.query<{ key: string; category: string; position: number; builtin: boolean }>(
      `SELECT f.key, c.name AS category, f.position, f.builtin FROM profile_fields f JOIN field_categories c ON c.id = f.category_id
       JOIN tenants t ON t.id = f.tenant_id WHERE t.client_key = 'old-site' ORDER BY c.position, f.position`,
      { type: QueryTypes.SELECT },
    );
    expect(fields.map((f) => `${f.category}/${f.position}/${f.key}/${f.builtin}`)).toEqual([
      'Contact/0/phone/true',
      'Contact/1/im/true',
      'Contact/2/website/true',
      'Work/0/position/true',
      'Work/1/department/true',
      'Work/2/location/true',
    ]);
  }));

  it('keep pictures rendered before lazy renditions, and on the way down drop only directory pictures not yet rendered, for the next sync to store again', onEmptyDatabase(async (sequelize) => {
      const picture = (account: string, columns: string, values: string) =>
        sequelize.query(`INSERT INTO profile_pictures (tenant_id, account_id, source, original_hash, content_type, ${columns}) SELECT id, '${account}', 'ldap:' || (SELECT id FROM data_sources), 'h-${account}', 'image/jpeg', ${values} FROM tenants`);
      const entry = (account: string) =>
        sequelize.query(`INSERT INTO directory_entries (tenant_id, source_id, external_id, dn, account_id, content_hash, picture_hash) SELECT tenant_id, id, '${account}', 'uid=${account}', '${account}', 'c', 'h-${account}' FROM data_sources`);
    const migrator = createMigrator(sequelize);
    await migrator.up({ to: '2026.11.26T00.00.04.source-files' });
    await sequelize.query(
      `INSERT INTO tenants (client_key, addon_key, base_url, product_type, shared_secret_encrypted) VALUES ('site', 'rollcall', 'https://site.atlassian.net/wiki', 'confluence', 'v1.x.y.z');
       INSERT INTO data_sources (tenant_id, kind, name, priority) SELECT id, 'ldap', 'LDAP', 1 FROM tenants;`,
    );
    await picture('rendered', 'size_512, size_128, size_48', "'\\x01', '\\x02', '\\x03'");
    await entry('rendered');

    await migrate(sequelize);
    await picture('lazy', 'original', "'\\xff'");
    await entry('lazy');
    await expect(picture('nothing', 'size_512', "'\\x01'")).rejects.toThrow(/profile_pictures_original_or_renditions/);

    await migrator.down({ to: '2026.11.27T00.00.05.picture-originals' });
    const rows = await sequelize.query<{ account_id: string }>('SELECT account_id FROM profile_pictures', { type: QueryTypes.SELECT });
    expect(rows.map((r) => r.account_id)).toEqual(['rendered']);
    const entries = await sequelize.query<{ account_id: string; content_hash: string; picture_hash: string | null }>(
      'SELECT account_id, content_hash, picture_hash FROM directory_entries ORDER BY account_id',
      { type: QueryTypes.SELECT },
    );
    expect(entries).toEqual([
      { account_id: 'lazy', content_hash: '', picture_hash: null },
      { account_id: 'rendered', content_hash: 'c', picture_hash: 'h-rendered' },
    ]);
    await expect(picture('nothing', 'size_512', "'\\x01'")).rejects.toThrow(/null value in column "size_128"/);
  }));

  it('store pictures uncompressed (they are compressed already), and on the way down as before', onEmptyDatabase(async (sequelize) => {
      const storage = async () =>
        (
          await sequelize.query<{ name: string; storage: string }>(
            `SELECT attname AS name, attstorage AS storage FROM pg_attribute
             WHERE attrelid = 'profile_pictures'::regclass AND attname IN ('original', 'size_512', 'size_128', 'size_48') ORDER BY attname`,
            { type: QueryTypes.SELECT },
          )
        ).map((r) => `${r.name}:${r.storage}`);
    await migrate(sequelize);
    expect(await storage()).toEqual(['original:e', 'size_128:e', 'size_48:e', 'size_512:e']);
    await createMigrator(sequelize).down({ to: '2026.11.27T00.00.08.picture-storage' }); // reverts it and the ones after it
    expect(await storage()).toEqual(['original:x', 'size_128:x', 'size_48:x', 'size_512:x']);
  }));

  it('move uploaded files into chunks, and on the way down back into one value', onEmptyDatabase(async (sequelize) => {
    const migrator = createMigrator(sequelize);
    await migrator.up({ to: '2026.11.27T00.00.08.picture-storage' });
    // 8.6 MB of two-byte characters: three chunks, the borders inside characters.
    await sequelize.query(
      `INSERT INTO tenants (client_key, addon_key, base_url, product_type, shared_secret_encrypted) VALUES ('site', 'rollcall', 'https://site.atlassian.net/wiki', 'confluence', 'v1.x.y.z');
       INSERT INTO data_sources (tenant_id, kind, name, priority) SELECT id, 'xml', 'HR', 1 FROM tenants;
       INSERT INTO source_files (tenant_id, source_id, name, bytes, sha256, size) SELECT tenant_id, id, 'hr.xml', convert_to(repeat('Zürich ', 1080000), 'UTF8'), 'sha', 8640000 FROM data_sources;`,
    );
    const [before] = await sequelize.query<{ md5: string }>('SELECT md5(bytes) FROM source_files', { type: QueryTypes.SELECT });

    await migrate(sequelize);
    const chunks = await sequelize.query<{ seq: number; length: number }>('SELECT seq, length(bytes) FROM source_file_chunks c JOIN source_files f USING (tenant_id, source_id, file_id) ORDER BY seq', { type: QueryTypes.SELECT });
    expect(chunks).toEqual([
      { seq: 0, length: 4194304 },
      { seq: 1, length: 4194304 },
      { seq: 2, length: 8640000 - 2 * 4194304 },
    ]);
    const [joined] = await sequelize.query<{ md5: string }>("SELECT md5(string_agg(bytes, ''::bytea ORDER BY seq)) FROM source_file_chunks", { type: QueryTypes.SELECT });
    expect(joined).toEqual(before);

    await migrator.down({ to: '2026.12.03T00.00.09.source-file-chunks' });
    const [after] = await sequelize.query<{ md5: string }>('SELECT md5(bytes) FROM source_files', { type: QueryTypes.SELECT });
    expect(after).toEqual(before);
    expect(await publicTables(sequelize)).not.toContain('source_file_chunks');
  }));

  it('roll back to an empty schema', onEmptyDatabase(async (sequelize) => {
    await migrate(sequelize);
    await createMigrator(sequelize).down({ to: 0 });
    expect(await publicTables(sequelize)).toEqual(['schema_migrations']);
  }));
});
