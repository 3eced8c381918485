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

/**
 * Session settings of every connection to PostgreSQL. `jit=off`: PostgreSQL's JIT compiles a plan
 * whose estimated cost passes `jit_above_cost`, which costs 0.3–1 s of LLVM work per statement —
 * far more than the app's statements take; the People Directory's facet counts (a set-returning
 * function over every matching row, estimated at 100 rows a row) crossed it and took a second
 * instead of milliseconds (docs/PERFORMANCE.md, "People Directory"). PGlite has no JIT.
 */
export const POSTGRES_SESSION_OPTIONS = '-c jit=off';

/** Opens PostgreSQL at `databaseUrl`, or starts the embedded PGlite database when it is unset. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const logging = options.logSql ? (sql: string) => options.logger.debug({ sql }, 'sql') : false;
  if (options.databaseUrl) {
    const sequelize = new Sequelize(options.databaseUrl, {
      dialect: 'postgres',
      logging,
      dialectOptions: { options: POSTGRES_SESSION_OPTIONS },
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
