import { ConfigError, loadEnv } from './env';
import { createLogger } from './logger';
import { startServer } from './server';

/** Reads the environment, opens the database, migrates, serves; stops cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let env;
  try {
    env = loadEnv();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Rollcall cannot start.\n${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(env.LOG_LEVEL);
  const server = await startServer(env, logger);
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`Rollcall failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
