import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear in a logged object. Secrets must never reach a log:
 * tenants' shared secrets, JWTs, LDAP bind passwords, encryption keys.
 */
export const REDACTED_PATHS = [
  'sharedSecret',
  '*.sharedSecret',
  'password',
  '*.password',
  'bindPassword',
  '*.bindPassword',
  'secret',
  '*.secret',
  'jwt',
  '*.jwt',
  'token',
  '*.token',
  'authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'req.query.jwt',
  'encryptionKey',
];

/** Creates the JSON logger. `destination` lets tests capture the output. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'rollcall' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/**
 * ACE logs like `console`: `logger.warn(ctx, message)` or `logger.error('text:', code, msg)`.
 * This adapter turns either shape into one pino call, so ACE's lines are JSON like ours and pass
 * through the same redaction.
 */
export function aceLoggerAdapter(logger: Logger) {
  const forward = (level: 'debug' | 'info' | 'warn' | 'error') => (...args: unknown[]) => {
    const [first, ...rest] = args;
    if (first !== null && typeof first === 'object' && !(first instanceof Error)) {
      logger[level](first as object, rest.map(String).join(' '));
    } else if (first instanceof Error) {
      logger[level]({ err: first }, rest.map(String).join(' ') || first.message);
    } else {
      logger[level](args.map(String).join(' '));
    }
  };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error'), log: forward('info') };
}
