import type { MigrationContext } from '../src/db/migrator';

/**
 * Lazy renditions: a directory's picture is stored as it came (`original`) and each rendition is
 * made on its first request, so a sync no longer renders thousands of pictures. Uploaded pictures
 * keep their three renditions and no original. Existing rows have all three renditions, so they
 * satisfy the new check as they are.
 */
export async function up({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`
    ALTER TABLE profile_pictures
      ADD COLUMN original BYTEA,
      ALTER COLUMN size_512 DROP NOT NULL,
      ALTER COLUMN size_128 DROP NOT NULL,
      ALTER COLUMN size_48 DROP NOT NULL,
      ADD CONSTRAINT profile_pictures_original_or_renditions
        CHECK (original IS NOT NULL OR (size_512 IS NOT NULL AND size_128 IS NOT NULL AND size_48 IS NOT NULL));
  `);
}

/**
 * Back to eager renditions. SQL cannot render, so directory pictures still missing a rendition are
 * removed, and their entries' hashes cleared so that the next sync sees them changed and stores
 * them again.
 */
export async function down({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`
    UPDATE directory_entries e SET picture_hash = NULL, content_hash = ''
      FROM profile_pictures p, data_sources d
      WHERE d.id = e.source_id AND p.source = d.kind || ':' || d.id AND p.tenant_id = e.tenant_id AND p.account_id = e.account_id
        AND (p.size_512 IS NULL OR p.size_128 IS NULL OR p.size_48 IS NULL);
    DELETE FROM profile_pictures WHERE size_512 IS NULL OR size_128 IS NULL OR size_48 IS NULL;
    ALTER TABLE profile_pictures
      DROP CONSTRAINT profile_pictures_original_or_renditions,
      DROP COLUMN original,
      ALTER COLUMN size_512 SET NOT NULL,
      ALTER COLUMN size_128 SET NOT NULL,
      ALTER COLUMN size_48 SET NOT NULL;
  `);
}
