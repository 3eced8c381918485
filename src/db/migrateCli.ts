import { ConfigError, loadEnv } from '../env';
import { createLogger } from '../logger';
import { openDatabase } from './database';
import { migrate } from './migrator';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
async function run(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, logger });
  try {
    const applied = await migrate(database.sequelize, logger);
    logger.info({ applied }, applied.length ? 'migrations applied' : 'schema is current');
  } finally {
    await database.close();
  }
}

run().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
