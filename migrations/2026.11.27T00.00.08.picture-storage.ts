import type { MigrationContext } from '../src/db/migrator';

/**
 * Pictures are JPEG, PNG or WebP: already compressed. With the default storage PostgreSQL tries to
 * compress every value above 2 KB before moving it out of line, and throws the result away; stored
 * EXTERNAL it moves them out of line as they are. The same rows then take the same space and a
 * first sync's 10,000 directory pictures are written in about a third of the time
 * (docs/PERFORMANCE.md). Pictures stored before keep their storage until they are replaced.
 */
const COLUMNS = ['original', 'size_512', 'size_128', 'size_48'];

export async function up({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`ALTER TABLE profile_pictures ${COLUMNS.map((c) => `ALTER COLUMN ${c} SET STORAGE EXTERNAL`).join(', ')};`);
}

export async function down({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query(`ALTER TABLE profile_pictures ${COLUMNS.map((c) => `ALTER COLUMN ${c} SET STORAGE EXTENDED`).join(', ')};`);
}
