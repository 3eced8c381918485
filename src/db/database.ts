import path from 'node:path';
import { Sequelize } from 'sequelize';
import type { Logger } from '../logger';
import { startEmbeddedPostgres } from './embedded';

/** An open database: the Sequelize instance and how to close it (and the embedded server, if any). */
export interface Database {
  sequelize: Sequelize;
  /** True when this is the embedded PGlite database. */
  embedded: boolean;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL URL; unset starts the embedded database. */
  databaseUrl?: string;
  /** Where the embedded database keeps its files (`<dataDir>/pgdata`); unset keeps it in memory. */
  dataDir?: string;
  /** Pool size for a real PostgreSQL. Default 10. */
  poolMax?: number;
  logger: Logger;
  /** Log SQL at debug level. Default false. */
  logSql?: boolean;
}

/** Opens PostgreSQL at `databaseUrl`, or starts the embedded PGlite database when it is unset. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const logging = options.logSql ? (sql: string) => options.logger.debug({ sql }, 'sql') : false;
  if (options.databaseUrl) {
    const sequelize = new Sequelize(options.databaseUrl, {
      dialect: 'postgres',
      logging,
      pool: { max: options.poolMax ?? 10, min: 0, idle: 10_000 },
    });
    await sequelize.authenticate();
    return { sequelize, embedded: false, close: () => sequelize.close() };
  }

  const dataDir = options.dataDir ? path.join(options.dataDir, 'pgdata') : undefined;
  const started = Date.now();
  const server = await startEmbeddedPostgres(dataDir);
  const sequelize = new Sequelize(server.url, {
    dialect: 'postgres',
    logging,
    // One backend: a second connection would interleave transactions (see startEmbeddedPostgres).
    pool: { max: 1, min: 0, idle: 60_000 },
  });
  await sequelize.authenticate();
  options.logger.info({ dataDir: dataDir ?? '(memory)', ms: Date.now() - started }, 'embedded PGlite database started');
  return {
    sequelize,
    embedded: true,
    async close() {
      await sequelize.close();
      await server.stop();
    },
  };
}
