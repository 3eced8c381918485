import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { keyWeakness } from './secrets';
import { allowEntryProblem, splitAllowList } from './net/outbound';

/**
 * Every environment variable Rollcall reads, validated once at start-up.
 * README.md documents each; a bad or missing value stops start-up with every problem listed.
 *
 * Names that atlassian-connect-express (ACE) also reads from process.env directly keep ACE's
 * spelling (PORT, AC_LOCAL_BASE_URL, AC_HOST_SCRIPT_URL, AC_HOST_WHITELIST, CONNECT_KEYS_CDN_URL),
 * so the two can never disagree.
 */
const booleanish = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * Why a host allow-list is unsafe, or undefined. ACE turns each comma-separated glob into a regular
 * expression: an empty entry becomes `.*` (every host), a glob of wildcards only matches every host
 * of that shape, and any other character than a host name's would be read as regular-expression syntax.
 */
export function hostAllowlistProblem(list: string): string | undefined {
  for (const entry of list.split(',').map((e) => e.trim())) {
    if (!entry) return `has an empty entry ("${list}"), which ACE reads as "every host": remove the extra comma`;
    if (!/^[A-Za-z0-9*-]+(\.[A-Za-z0-9*-]+)*$/.test(entry)) return `entry "${entry}" is not a host name glob like *.atlassian.net`;
    if (entry.split('.').every((label) => /^\**$/.test(label))) return `entry "${entry}" is only wildcards and would allow any host: name the domain, e.g. *.atlassian.net`;
  }
  return undefined;
}

/**
 * Variables atlassian-connect-express reads from process.env on its own (not through this module)
 * that weaken its checks. Rollcall refuses to start when one is set:
 * - `AC_OPTS`: `no-auth` skips every JWT and install-signature check, `no-token-verfication` (sic)
 *   skips ACE's token middleware; its other options drive ACE's developer auto-registration,
 *   which Rollcall does not use.
 * - `AC_ALLOWED_BASE_URLS`: more audiences accepted in signed install hooks than the app's own base URL.
 */
export const REFUSED_ACE_VARIABLES = {
  AC_OPTS: 'must not be set: atlassian-connect-express would read "no-auth" from it and skip JWT verification (Rollcall supports none of its options)',
  AC_ALLOWED_BASE_URLS: "must not be set: install hooks are accepted only for the app's own base URL (AC_LOCAL_BASE_URL)",
} as const;

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
     * Required with DATABASE_URL; for the embedded database one is generated into DATA_DIR. A weak
     * key (see `keyWeakness`) is refused.
     */
    ENCRYPTION_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')
      .superRefine((v, ctx) => {
        const weakness = Buffer.from(v, 'base64').length === 32 ? keyWeakness(Buffer.from(v, 'base64')) : null;
        if (weakness) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${weakness}: use random bytes (openssl rand -base64 32)` });
      })
      .optional(),
    /**
     * The key ENCRYPTION_KEY replaces, during a key rotation: secrets under it are still read, and
     * re-encrypted with ENCRYPTION_KEY at start-up. Remove it once every instance has restarted.
     */
    ENCRYPTION_KEY_PREVIOUS: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
      .optional(),
    /** pino level. Default `info`. */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Connect's all.js. Default Atlassian's (loaded by the user's browser inside Confluence). */
    AC_HOST_SCRIPT_URL: z.string().url().default('https://connect-cdn.atl-paas.net/all.js'),
    /**
     * Comma-separated host globs allowed to install the app. Default `*.atlassian.net`. ACE turns an
     * empty entry into "any host", so every entry must be a host name with at least one literal label.
     */
    AC_HOST_WHITELIST: z
      .string()
      .min(1)
      .default('*.atlassian.net')
      .superRefine((list, ctx) => {
        const problem = hostAllowlistProblem(list);
        if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      }),
    /**
     * `npm run dev` only: the Vite dev server the pages load the front-end from, with hot reload
     * (scripts/dev.ts sets it). Unset: the build in dist/frontend. Never in production.
     */
    FRONTEND_DEV_SERVER: z.string().url().optional(),
    /** Where install-hook public keys are fetched from. Default Atlassian's key server (ACE's choice). */
    CONNECT_KEYS_CDN_URL: z.string().url().optional(),
    /**
     * The Forge app's id, from `forge register` (the uuid, or the whole ARI
     * `ari:cloud:ecosystem::app/<uuid>`): every Forge Invocation Token must name it as its audience.
     * Unset: the Forge front refuses every token (a Connect-only deployment).
     */
    FORGE_APP_ID: z
      .string()
      .regex(/^(ari:cloud:ecosystem::app\/)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be the Forge app id (a uuid) or its ARI ari:cloud:ecosystem::app/<uuid>')
      .transform((v) => (v.startsWith('ari:') ? v : `ari:cloud:ecosystem::app/${v}`))
      .optional(),
    /**
     * Tests only: where Forge Invocation Tokens' public keys are read. Default Atlassian's
     * (`FORGE_JWKS_URL_DEFAULT`); refused in production.
     */
    FORGE_JWKS_URL: z.string().url().optional(),
    /**
     * Tests only: the origin of Atlassian's API — a Forge installation's `apiBaseUrl` must have it
     * (the app calls Confluence there with Forge's tokens), and both fronts report personal data
     * there (`/app/report-accounts/`). Default `https://api.atlassian.com`; refused in production.
     */
    FORGE_API_ORIGIN: z
      .string()
      .url()
      .refine((v) => new URL(v).origin === v.replace(/\/+$/, ''), 'must be an origin only (scheme, host, port), e.g. https://api.atlassian.com')
      .transform((v) => new URL(v).origin)
      .optional(),
    /**
     * Comma-separated CIDRs, addresses and host names (`10.1.0.0/16,fd00::/8,ldap.corp.example,*.corp.example`)
     * that LDAP and XML sources may connect to although they are internal. Unset: sources reach
     * public addresses only; loopback, private (RFC 1918), link-local (the cloud metadata service
     * 169.254.169.254), CGNAT, ULA, multicast and reserved addresses are refused at connect time.
     */
    OUTBOUND_ALLOW: z
      .string()
      .superRefine((value, ctx) => {
        const problems = [...new Set(splitAllowList(value).map(allowEntryProblem).filter((p): p is string => !!p))];
        for (const message of problems) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
      })
      .transform(splitAllowList)
      .optional(),
    /**
     * `true`: refuse an LDAP simple bind (a bind DN with its password) over plain ldap:// without
     * StartTLS, when a source is saved and when it connects. Default `false`: such sources only
     * carry a warning (the password crosses the network in clear).
     */
    LDAP_REFUSE_PLAIN_BIND: booleanish.default('false'),
    /** How long a "this user is a Confluence admin" answer is cached, in seconds. Default 60. */
    ADMIN_CHECK_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    /**
     * The shortest time, in minutes, allowed between two consecutive runs of a source's schedule
     * (full or incremental; every run refreshes all of the site's accounts). 1–1440. Default 15.
     * A stored schedule that runs more often is not run; the Data Sources page says why.
     */
    SYNC_MIN_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
    /**
     * Longest wait for one Confluence REST call, in ms. Default 10 000. A request or a sync that
     * needs Confluence fails (502 confluence_unavailable) instead of hanging on a site that does not answer.
     */
    CONFLUENCE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /**
     * The directory XML sources may read files from by path: each site only from its own
     * subdirectory, `<XML_IMPORT_DIR>/<tenant id>/` (sync/readers/xmlReader.ts, `siteImportDir`). Unset: XML
     * sources take uploaded files and HTTPS URLs only.
     */
    XML_IMPORT_DIR: z.string().min(1).optional(),
    /**
     * A PEM file of CA certificates trusted, in addition to Node's store, when an XML source
     * downloads from an HTTPS URL: an internal server with a private CA (see OUTBOUND_ALLOW).
     * Unset: Node's store only.
     */
    XML_CA_FILE: z
      .string()
      .superRefine((file, ctx) => {
        let text: string;
        try {
          text = fs.readFileSync(file, 'utf8');
        } catch (err) {
          return ctx.addIssue({ code: z.ZodIssueCode.custom, message: `cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
        }
        if (!text.includes('-----BEGIN CERTIFICATE-----')) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)' });
      })
      .optional(),
    /**
     * Largest XML file a source may read (upload, path or URL), in bytes. Default 100 MB: a sync holds
     * the file and grows with it (a 100,000-person export is about 43 MB; docs/PERFORMANCE.md).
     */
    XML_MAX_BYTES: z.coerce.number().int().min(1000).max(2_000_000_000).default(100_000_000),
    /** All of one site's uploaded XML files together, in bytes (413 `quota_exceeded` above). Default 500 MB. */
    XML_SITE_QUOTA_BYTES: z.coerce.number().int().min(1000).max(1_000_000_000_000).default(500_000_000),
    /** Largest profile picture upload, in bytes. Default 5 MB. */
    PICTURE_MAX_BYTES: z.coerce.number().int().min(10_000).max(50_000_000).default(5_000_000),
    /** Sync runs (and their errors) are kept while among the last this many of their source, or younger than SYNC_RUN_RETENTION_DAYS. Default 100. */
    SYNC_RUNS_KEPT: z.coerce.number().int().min(1).max(100_000).default(100),
    /** Days a sync run is kept whatever its rank (see SYNC_RUNS_KEPT). Default 90. */
    SYNC_RUN_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(90),
    /** Days audit events are kept. Default 365. */
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
    /** Days an uninstalled site's data is kept (a re-install before then finds everything), then deleted. Default 30. */
    UNINSTALL_GRACE_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
    /** Minutes between two rounds of the data lifecycle's jobs (personal data reporting, retention, the purge of uninstalled sites); 0: never (tests run rounds themselves). Default 60. */
    PRIVACY_JOBS_EVERY_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(60),
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
  if (raw.ENCRYPTION_KEY_PREVIOUS && raw.ENCRYPTION_KEY && Buffer.from(raw.ENCRYPTION_KEY_PREVIOUS, 'base64').equals(Buffer.from(raw.ENCRYPTION_KEY, 'base64'))) {
    problems.push('ENCRYPTION_KEY_PREVIOUS is the same key as ENCRYPTION_KEY: set it to the key being replaced');
  }
  if (raw.NODE_ENV === 'production') {
    if (raw.FRONTEND_DEV_SERVER) problems.push('FRONTEND_DEV_SERVER must not be set in production: the pages load the built front-end');
    if (!raw.AC_LOCAL_BASE_URL?.startsWith('https://')) {
      problems.push("AC_LOCAL_BASE_URL must be set to the app's public https:// URL in production");
    }
    if (raw.CONNECT_KEYS_CDN_URL) {
      problems.push("CONNECT_KEYS_CDN_URL must not be set in production: install hooks must be verified with Atlassian's keys");
    }
    if (raw.FORGE_JWKS_URL) {
      problems.push("FORGE_JWKS_URL must not be set in production: Forge Invocation Tokens must be verified with Atlassian's keys");
    }
    if (raw.FORGE_API_ORIGIN) {
      problems.push('FORGE_API_ORIGIN must not be set in production: Forge tokens are only ever sent to https://api.atlassian.com');
    }
  }
  return problems;
}

/** Atlassian's published keys of Forge Invocation Tokens (the same for every Forge environment of an app). */
export const FORGE_JWKS_URL_DEFAULT = 'https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json';

/** Where Forge installations' product APIs are (`app.apiBaseUrl` = this + `/ex/confluence/<cloudId>`). */
export const FORGE_API_ORIGIN_DEFAULT = 'https://api.atlassian.com';

export type RawEnv = z.input<typeof envSchema>;

export interface Env extends Omit<z.output<typeof envSchema>, 'AC_LOCAL_BASE_URL' | 'FORGE_JWKS_URL' | 'FORGE_API_ORIGIN'> {
  /** Atlassian's unless a test overrides it. */
  FORGE_JWKS_URL: string;
  /** `https://api.atlassian.com` unless a test overrides it. */
  FORGE_API_ORIGIN: string;
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
    ...Object.entries(REFUSED_ACE_VARIABLES)
      .filter(([name]) => source[name] !== undefined && source[name] !== '')
      .map(([name, problem]) => `${name} ${problem}`),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const env = parsed.data;
  return {
    ...env,
    AC_LOCAL_BASE_URL: (env.AC_LOCAL_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    FORGE_JWKS_URL: env.FORGE_JWKS_URL ?? FORGE_JWKS_URL_DEFAULT,
    FORGE_API_ORIGIN: env.FORGE_API_ORIGIN ?? FORGE_API_ORIGIN_DEFAULT,
    DATA_DIR: path.resolve(env.DATA_DIR),
  };
}
