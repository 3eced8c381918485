import type { MigrationContext } from '../src/db/migrator';

/**
 * Uploaded XML files are read back in slices (`substring`, see sync/readers/xmlReader.ts). A compressed
 * value has to be decompressed from its start for every slice, which makes reading a big file
 * quadratic; stored uncompressed, each slice costs its own size. Files uploaded before keep their
 * storage until they are replaced.
 */
export async function up({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query('ALTER TABLE source_files ALTER COLUMN bytes SET STORAGE EXTERNAL;');
}

export async function down({ sequelize }: MigrationContext): Promise<void> {
  await sequelize.query('ALTER TABLE source_files ALTER COLUMN bytes SET STORAGE EXTENDED;');
}
