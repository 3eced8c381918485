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
  // Forge's OAuth tokens (src/forge/), wherever request headers are logged.
  'headers["x-forge-oauth-system"]',
  'headers["x-forge-oauth-user"]',
  '*.headers["x-forge-oauth-system"]',
  '*.headers["x-forge-oauth-user"]',
  'req.query.jwt',
  'encryptionKey',
];

/** A secret-looking word: `sharedSecret`, `bindPassword`, `client_secret`, `token`, `jwt`... */
const SECRET_NAME = String.raw`[\w-]*(?:secret|password|passwd|pwd|token|jwt)[\w-]*`;

/**
 * What {@link scrubSecrets} blanks out of a log line, wherever it appears: in the message, in an
 * error's message or stack, at any depth of a logged object. Each keeps its name and loses its value.
 */
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  // A JWT: three base64url parts, the header a JSON object (`{"` is `eyJ`).
  [/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  // An Authorization header's credentials: `JWT …`, `Bearer …`, `Basic …`.
  [/\b(JWT|Bearer|Basic)(\s+)[A-Za-z0-9._~+/=-]{8,}/g, '$1$2[redacted]'],
  // A query or form parameter: `sharedSecret=…`, `password=…`, `jwt=…` (up to `&`, a quote or a blank).
  [new RegExp(String.raw`\b(${SECRET_NAME})=[^&\s"'\\,;)]+`, 'gi'), '$1=[redacted]'],
  // A JSON member with a string value, also inside a string (`\"sharedSecret\":\"…\"`).
  [new RegExp(String.raw`(\\?"${SECRET_NAME}\\?"\s*:\s*\\?")(?:[^"\\]|\\(?!"))*`, 'gi'), '$1[redacted]'],
  // The password of a URL's user info: `ldap://user:password@host`, `postgres://u:p@db`.
  [/(\/\/[^\s/:@"]+:)[^\s/@"]+@/g, '$1[redacted]@'],
];

/**
 * Blanks secrets out of one log line: JWTs, Authorization credentials, `name=value` and JSON
 * `"name":"value"` pairs whose name says secret/password/token, and URL passwords. `redact`
 * covers object keys; this covers text, where keys cannot reach (ACE's "Canonical query was:
 * GET&/path&sharedSecret=…", an error message quoting a request).
 */
export function scrubSecrets(line: string): string {
  return SECRET_PATTERNS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), line);
}

/** Creates the JSON logger, every line through {@link scrubSecrets}. `destination` lets tests capture the output. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const target = destination ?? pino.destination(1);
  return pino(
    {
      level,
      base: { app: 'rollcall' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    { write: (line: string) => target.write(scrubSecrets(line)) },
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
