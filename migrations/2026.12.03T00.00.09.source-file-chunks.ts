import type { MigrationContext } from '../src/db/migrator';

/**
 * Uploaded XML files are stored in chunks (sync/sources/sourceFiles.ts): an upload is streamed into rows of
 * a few MB under a new file id, and the file's `source_files` row points to that id only once the
 * whole file is in, so the process never holds the upload whole and an aborted upload leaves the
 * previous file as it was. Chunks are uncompressed (EXTERNAL), as the single column was, so each
 * costs its own size to read. Files stored before are moved into chunks of 4 MiB.
 */
const CHUNK = 4 * 1024 * 1024;

export async function up({ sequelize }: MigrationContext): Promise<void> {
  // One simple query: PostgreSQL runs its statements as one transaction.
  await sequelize.query(`
    CREATE SEQUENCE source_file_ids;
    CREATE TABLE source_file_chunks (
      tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      source_id BIGINT NOT NULL REFERENCES data_sources (id) ON DELETE CASCADE,
      file_id   BIGINT NOT NULL,
      seq       INTEGER NOT NULL,
      bytes     BYTEA NOT NULL,
      PRIMARY KEY (tenant_id, source_id, file_id, seq)
    );
    ALTER TABLE source_file_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL;
    ALTER TABLE source_files ADD COLUMN file_id BIGINT;
    UPDATE source_files SET file_id = nextval('source_file_ids');
    INSERT INTO source_file_chunks (tenant_id, source_id, file_id, seq, bytes)
      SELECT f.tenant_id, f.source_id, f.file_id, s.seq, substring(f.bytes FROM s.seq * ${CHUNK} + 1 FOR ${CHUNK})
      FROM source_files f CROSS JOIN LATERAL generate_series(0, greatest(length(f.bytes) - 1, 0) / ${CHUNK}) AS s (seq);
    ALTER TABLE source_files ALTER COLUMN file_id SET NOT NULL, DROP COLUMN bytes;
  `);
}

/** Back to one bytea per file (a file above PostgreSQL's 1 GB limit for a value cannot go back). */
export async function down({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`
    ALTER TABLE source_files ADD COLUMN bytes BYTEA;
    ALTER TABLE source_files ALTER COLUMN bytes SET STORAGE EXTERNAL;
    UPDATE source_files f SET bytes = coalesce(
      (SELECT string_agg(c.bytes, ''::bytea ORDER BY c.seq) FROM source_file_chunks c
       WHERE c.tenant_id = f.tenant_id AND c.source_id = f.source_id AND c.file_id = f.file_id),
      ''::bytea);
    ALTER TABLE source_files ALTER COLUMN bytes SET NOT NULL, DROP COLUMN file_id;
    DROP TABLE source_file_chunks;
    DROP SEQUENCE source_file_ids;
  `);
}
