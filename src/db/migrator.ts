import path from 'node:path';
import { Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import type { Logger } from '../logger';

/** What a migration receives: the Sequelize instance (migrations write plain SQL through it). */
export interface MigrationContext {
  sequelize: Sequelize;
}

/** migrations/ at the repository root, or dist/migrations when running the compiled app. */
const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

/** The migration runner over migrations/*.ts (or the compiled *.js); applied names live in `schema_migrations`. */
export function createMigrator(sequelize: Sequelize, logger?: Logger) {
  return new Umzug<MigrationContext>({
    migrations: {
      glob: ['*.{js,ts}', { cwd: MIGRATIONS_DIR, ignore: ['*.d.ts', '*.test.ts'] }],
      // Names without the extension, so the compiled .js and the .ts source count as one migration.
      resolve: ({ name, path: file, context }) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const migration = require(file!) as { up: (c: MigrationContext) => Promise<void>; down?: (c: MigrationContext) => Promise<void> };
        return {
          name: name.replace(/\.(js|ts)$/, ''),
          up: () => migration.up(context),
          down: migration.down ? () => migration.down!(context) : undefined,
        };
      },
    },
    context: { sequelize },
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: logger
      ? { info: (m) => logger.info(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m), debug: (m) => logger.debug(m) }
      : undefined,
  });
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(sequelize: Sequelize, logger?: Logger): Promise<string[]> {
  const applied = await createMigrator(sequelize, logger).up();
  return applied.map((m) => m.name);
}

/** Names of the migrations not yet applied (empty when the schema is current). */
export async function pendingMigrations(sequelize: Sequelize): Promise<string[]> {
  const pending = await createMigrator(sequelize).pending();
  return pending.map((m) => m.name);
}
