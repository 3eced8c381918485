import path from 'node:path';
import { z } from 'zod';

/**
 * Every environment variable Rollcall reads, validated once at start-up.
 * README.md documents each; a bad or missing value stops start-up with every problem listed.
 *
 * Names that atlassian-connect-express (ACE) also reads from process.env directly keep ACE's
 * spelling (PORT, AC_LOCAL_BASE_URL, AC_HOST_SCRIPT_URL, AC_HOST_WHITELIST, CONNECT_KEYS_CDN_URL),
 * so the two can never disagree.
 */
const booleanish = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z
  .object({
    /** `production` turns on the production checks below. Default `development`. */
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** TCP port of the web server. Default 3000. */
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** The public base URL of the app (the descriptor's baseUrl). Default http://localhost:$PORT. */
    AC_LOCAL_BASE_URL: z.string().url().optional(),
    /** PostgreSQL connection URL. Unset: an embedded PGlite database in DATA_DIR. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    /** Maximum connections in the PostgreSQL pool (ignored for the embedded database: always 1). Default 10. */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    /** Where the embedded database and its generated encryption key live. Default `.data`. */
    DATA_DIR: z.string().min(1).default('.data'),
    /**
     * 32 random bytes, base64: encrypts secrets at rest (tenant shared secrets, LDAP bind passwords).
     * Required with DATABASE_URL; for the embedded database one is generated into DATA_DIR.
     */
    ENCRYPTION_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')
      .optional(),
    /** pino level. Default `info`. */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Connect's all.js. Default Atlassian's (loaded by the user's browser inside Confluence). */
    AC_HOST_SCRIPT_URL: z.string().url().default('https://connect-cdn.atl-paas.net/all.js'),
    /** Comma-separated host globs allowed to install the app. Default `*.atlassian.net`. */
    AC_HOST_WHITELIST: z.string().min(1).default('*.atlassian.net'),
    /** Where install-hook public keys are fetched from. Default Atlassian's key server (ACE's choice). */
    CONNECT_KEYS_CDN_URL: z.string().url().optional(),
    /** How long a "this user is a Confluence admin" answer is cached, in seconds. Default 60. */
    ADMIN_CHECK_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    /**
     * The directory XML sources may read files from by path: each site only from its own
     * subdirectory, `<XML_IMPORT_DIR>/<tenant id>/` (sync/xmlSource.ts, `siteImportDir`). Unset: XML
     * sources take uploaded files and HTTPS URLs only.
     */
    XML_IMPORT_DIR: z.string().min(1).optional(),
    /**
     * Largest XML file a source may read (upload, path or URL), in bytes. Default 100 MB: a sync holds
     * the file and grows with it (a 100,000-person export is about 43 MB; docs/PERFORMANCE.md).
     */
    XML_MAX_BYTES: z.coerce.number().int().min(1000).max(2_000_000_000).default(100_000_000),
    /** All of one site's uploaded XML files together, in bytes (413 `quota_exceeded` above). Default 500 MB. */
    XML_SITE_QUOTA_BYTES: z.coerce.number().int().min(1000).max(1_000_000_000_000).default(500_000_000),
    /** Largest profile picture upload, in bytes. Default 5 MB. */
    PICTURE_MAX_BYTES: z.coerce.number().int().min(10_000).max(50_000_000).default(5_000_000),
    /** Log every SQL statement at debug level. Default false. */
    DATABASE_LOG_SQL: booleanish.default('false'),
  });

/**
 * Rules that span variables. They read the raw values, so they are reported together with the
 * per-variable problems (zod would skip refinements once any field fails).
 */
function crossFieldProblems(raw: Record<string, string>): string[] {
  const problems: string[] = [];
  if (raw.DATABASE_URL && !raw.ENCRYPTION_KEY) {
    problems.push('ENCRYPTION_KEY is required when DATABASE_URL is set (openssl rand -base64 32)');
  }
  if (raw.NODE_ENV === 'production') {
    if (!raw.AC_LOCAL_BASE_URL?.startsWith('https://')) {
      problems.push("AC_LOCAL_BASE_URL must be set to the app's public https:// URL in production");
    }
    if (raw.CONNECT_KEYS_CDN_URL) {
      problems.push("CONNECT_KEYS_CDN_URL must not be set in production: install hooks must be verified with Atlassian's keys");
    }
  }
  return problems;
}

export type RawEnv = z.input<typeof envSchema>;

export interface Env extends Omit<z.output<typeof envSchema>, 'AC_LOCAL_BASE_URL'> {
  /** The app's base URL without a trailing slash. */
  AC_LOCAL_BASE_URL: string;
  /** DATA_DIR made absolute. */
  DATA_DIR: string;
}

/** Thrown by {@link loadEnv}; `problems` holds one line per bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The variables {@link loadEnv} reads, so tests (and the docker-compose check) can list them. */
export const ENV_VARIABLES = Object.keys(envSchema.shape) as Array<keyof RawEnv>;

/**
 * Parses and validates the environment. Empty strings count as unset.
 * @throws ConfigError listing every problem at once.
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const raw: Record<string, string> = {};
  for (const name of ENV_VARIABLES) {
    const value = source[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const parsed = envSchema.safeParse(raw);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'} ${issue.message}`)),
    ...crossFieldProblems(raw),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const env = parsed.data;
  return {
    ...env,
    AC_LOCAL_BASE_URL: (env.AC_LOCAL_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    DATA_DIR: path.resolve(env.DATA_DIR),
  };
}
