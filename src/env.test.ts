import path from 'node:path';
import { ConfigError, loadEnv } from './env';

/** A random key (a weak one, e.g. one byte repeated, is refused). */
const KEY = 'cFIVo7//Y8qlDeIfnXpclfT9dd542Zo+MajTg8uosi4=';

describe('loadEnv', () => {
  it('gives the documented defaults for an empty environment', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      AC_LOCAL_BASE_URL: 'http://localhost:3000',
      DATA_DIR: path.resolve('.data'),
      LOG_LEVEL: 'info',
      AC_HOST_WHITELIST: '*.atlassian.net',
      ADMIN_CHECK_TTL_SECONDS: 60,
      CONFLUENCE_TIMEOUT_MS: 10_000,
      DATABASE_POOL_MAX: 10,
      SYNC_MIN_INTERVAL_MINUTES: 15,
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('bounds XML files: 100 MB a file and 500 MB of uploads a site by default, both configurable', () => {
    expect(loadEnv({})).toMatchObject({ XML_MAX_BYTES: 100_000_000, XML_SITE_QUOTA_BYTES: 500_000_000 });
    expect(loadEnv({ XML_MAX_BYTES: '5000000', XML_SITE_QUOTA_BYTES: '2000000000' })).toMatchObject({ XML_MAX_BYTES: 5_000_000, XML_SITE_QUOTA_BYTES: 2_000_000_000 });
    expect(() => loadEnv({ XML_SITE_QUOTA_BYTES: 'lots' })).toThrow(/XML_SITE_QUOTA_BYTES/);
  });

  it('treats empty strings as unset and strips a trailing slash from the base URL', () => {
    const env = loadEnv({ DATABASE_URL: '', AC_LOCAL_BASE_URL: 'https://rollcall.example.com/' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.AC_LOCAL_BASE_URL).toBe('https://rollcall.example.com');
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', ENCRYPTION_KEY: 'c2hvcnQ=' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT /m);
    expect(problems).toMatch(/^DATABASE_URL must be a postgres/m);
    expect(problems).toMatch(/^LOG_LEVEL /m);
    expect(problems).toMatch(/^ENCRYPTION_KEY must be 32 bytes/m);
  });

  it('takes a Confluence call timeout in ms and refuses one that is not a sane number', () => {
    expect(loadEnv({ CONFLUENCE_TIMEOUT_MS: '2500' }).CONFLUENCE_TIMEOUT_MS).toBe(2500);
    expect(() => loadEnv({ CONFLUENCE_TIMEOUT_MS: '0' })).toThrow(/CONFLUENCE_TIMEOUT_MS/);
    expect(() => loadEnv({ CONFLUENCE_TIMEOUT_MS: 'soon' })).toThrow(/CONFLUENCE_TIMEOUT_MS/);
  });

  it('requires an encryption key with an external database: a secret has no default', () => {
    expect(() => loadEnv({ DATABASE_URL: 'postgres://localhost/rollcall' })).toThrow(/ENCRYPTION_KEY is required when DATABASE_URL is set/);
    expect(loadEnv({ DATABASE_URL: 'postgres://localhost/rollcall', ENCRYPTION_KEY: KEY }).ENCRYPTION_KEY).toBe(KEY);
  });

  it.each([
    ['one byte repeated', Buffer.alloc(32, 7)],
    ['a 16-byte test vector doubled', Buffer.from('feffe9928665731c6d6a8f9467308308'.repeat(2), 'hex')],
    ['a counting sequence', Buffer.from(Array.from({ length: 32 }, (_, i) => i))],
    ['a passphrase', Buffer.from('correct horse battery staple 123')],
  ])('refuses a weak ENCRYPTION_KEY at start-up: %s', (_name, key) => {
    expect(() => loadEnv({ DATABASE_URL: 'postgres://localhost/rollcall', ENCRYPTION_KEY: key.toString('base64') })).toThrow(/ENCRYPTION_KEY .*: use random bytes/);
  });

  it('takes ENCRYPTION_KEY_PREVIOUS for a rotation, but not the current key again nor a bad length', () => {
    const previous = 'mMmvjfZq2Xk0zSOXg/HPsHJwLbe4g2h3FxX6Ni+XC1s=';
    expect(loadEnv({ ENCRYPTION_KEY: KEY, ENCRYPTION_KEY_PREVIOUS: previous }).ENCRYPTION_KEY_PREVIOUS).toBe(previous);
    expect(() => loadEnv({ ENCRYPTION_KEY: KEY, ENCRYPTION_KEY_PREVIOUS: KEY })).toThrow(/ENCRYPTION_KEY_PREVIOUS is the same key/);
    expect(() => loadEnv({ ENCRYPTION_KEY: KEY, ENCRYPTION_KEY_PREVIOUS: 'c2hvcnQ=' })).toThrow(/ENCRYPTION_KEY_PREVIOUS must be 32 bytes/);
  });

  it('in production requires an https base URL and refuses a test key server', () => {
    expect(() => loadEnv({ NODE_ENV: 'production', AC_LOCAL_BASE_URL: 'http://rollcall.example.com' })).toThrow(/AC_LOCAL_BASE_URL must be set to the app's public https/);
    expect(() =>
      loadEnv({ NODE_ENV: 'production', AC_LOCAL_BASE_URL: 'https://rollcall.example.com', CONNECT_KEYS_CDN_URL: 'http://127.0.0.1:1/keys' }),
    ).toThrow(/CONNECT_KEYS_CDN_URL must not be set in production/);
    expect(() =>
      loadEnv({ NODE_ENV: 'production', AC_LOCAL_BASE_URL: 'https://rollcall.example.com', FRONTEND_DEV_SERVER: 'http://localhost:5173' }),
    ).toThrow(/FRONTEND_DEV_SERVER must not be set in production/);
  });

  it("takes the Forge app id as a uuid or its ARI, and Atlassian's JWKS and API origin unless a test overrides them (never in production)", () => {
    const uuid = '2f0e4b3c-1d2a-4c5b-8e9f-0a1b2c3d4e5f';
    expect(loadEnv({}).FORGE_APP_ID).toBeUndefined();
    expect(loadEnv({ FORGE_APP_ID: uuid }).FORGE_APP_ID).toBe(`ari:cloud:ecosystem::app/${uuid}`);
    expect(loadEnv({ FORGE_APP_ID: `ari:cloud:ecosystem::app/${uuid}` }).FORGE_APP_ID).toBe(`ari:cloud:ecosystem::app/${uuid}`);
    expect(() => loadEnv({ FORGE_APP_ID: 'rollcall' })).toThrow(/FORGE_APP_ID must be the Forge app id/);
    expect(loadEnv({})).toMatchObject({ FORGE_JWKS_URL: 'https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json', FORGE_API_ORIGIN: 'https://api.atlassian.com' });
    expect(loadEnv({ FORGE_API_ORIGIN: 'http://127.0.0.1:4000/' }).FORGE_API_ORIGIN).toBe('http://127.0.0.1:4000');
    expect(() => loadEnv({ FORGE_API_ORIGIN: 'http://127.0.0.1:4000/ex' })).toThrow(/FORGE_API_ORIGIN must be an origin only/);
    const production = { NODE_ENV: 'production', AC_LOCAL_BASE_URL: 'https://rollcall.example.com' } as const;
    expect(() => loadEnv({ ...production, FORGE_JWKS_URL: 'http://127.0.0.1:1/jwks.json' })).toThrow(/FORGE_JWKS_URL must not be set in production/);
    expect(() => loadEnv({ ...production, FORGE_API_ORIGIN: 'http://127.0.0.1:1' })).toThrow(/FORGE_API_ORIGIN must not be set in production/);
  });

  it('takes a minimum interval between scheduled runs of 1 to 1440 minutes', () => {
    expect(loadEnv({ SYNC_MIN_INTERVAL_MINUTES: '60' }).SYNC_MIN_INTERVAL_MINUTES).toBe(60);
    expect(() => loadEnv({ SYNC_MIN_INTERVAL_MINUTES: '0' })).toThrow(/SYNC_MIN_INTERVAL_MINUTES/);
    expect(() => loadEnv({ SYNC_MIN_INTERVAL_MINUTES: '1441' })).toThrow(/SYNC_MIN_INTERVAL_MINUTES/);
    expect(() => loadEnv({ SYNC_MIN_INTERVAL_MINUTES: 'often' })).toThrow(/SYNC_MIN_INTERVAL_MINUTES/);
  });

  it.each(['no-auth', 'no-token-verfication', 'force-reg,no-auth'])('refuses AC_OPTS=%s: ACE would skip JWT verification', (value) => {
    expect(() => loadEnv({ AC_OPTS: value })).toThrow(/AC_OPTS must not be set: atlassian-connect-express would read "no-auth"/);
  });

  it('refuses AC_ALLOWED_BASE_URLS: install hooks are for the app\'s own base URL only', () => {
    expect(() => loadEnv({ AC_ALLOWED_BASE_URLS: 'https://other.example.com' })).toThrow(/AC_ALLOWED_BASE_URLS must not be set/);
  });

  it.each([
    ['*.atlassian.net,', /empty entry/],
    [',', /empty entry/],
    ['*.atlassian.net, ,localhost', /empty entry/],
    ['*', /only wildcards/],
    ['*.*', /only wildcards/],
    ['a|b', /"a\|b" is not a host name glob/],
    ['$HOME', /not a host name glob/],
  ])('refuses the host allow-list "%s", which would let any host install', (value, problem) => {
    expect(() => loadEnv({ AC_HOST_WHITELIST: value })).toThrow(problem);
  });

  it('takes host globs and names', () => {
    expect(loadEnv({ AC_HOST_WHITELIST: '*.atlassian.net, 127.0.0.1,localhost' }).AC_HOST_WHITELIST).toBe('*.atlassian.net, 127.0.0.1,localhost');
  });

  it('reads OUTBOUND_ALLOW as its entries and refuses empty or malformed ones, each named', () => {
    expect(loadEnv({}).OUTBOUND_ALLOW).toBeUndefined();
    expect(loadEnv({ OUTBOUND_ALLOW: '127.0.0.0/8, ::1,ldap.corp.example,*.intra.example' }).OUTBOUND_ALLOW).toEqual(['127.0.0.0/8', '::1', 'ldap.corp.example', '*.intra.example']);
    expect(() => loadEnv({ OUTBOUND_ALLOW: '10.0.0.0/8,,::1' })).toThrow(/OUTBOUND_ALLOW has an empty entry/);
    expect(() => loadEnv({ OUTBOUND_ALLOW: '10.0.0.0/8,' })).toThrow(/OUTBOUND_ALLOW has an empty entry/);
    expect(() => loadEnv({ OUTBOUND_ALLOW: '*' })).toThrow(/OUTBOUND_ALLOW "\*" is neither a CIDR/);
    expect(() => loadEnv({ OUTBOUND_ALLOW: '10.0.0.0/40' })).toThrow(/"10\.0\.0\.0\/40" is neither a CIDR/);
  });

  it('reads LDAP_REFUSE_PLAIN_BIND (default false) and XML_CA_FILE (must hold a PEM certificate)', () => {
    expect(loadEnv({}).LDAP_REFUSE_PLAIN_BIND).toBe(false);
    expect(loadEnv({ LDAP_REFUSE_PLAIN_BIND: 'true' }).LDAP_REFUSE_PLAIN_BIND).toBe(true);
    expect(() => loadEnv({ LDAP_REFUSE_PLAIN_BIND: 'yes' })).toThrow(/LDAP_REFUSE_PLAIN_BIND/);
    expect(() => loadEnv({ XML_CA_FILE: '/nonexistent/ca.pem' })).toThrow(/XML_CA_FILE cannot be read: ENOENT/);
    expect(() => loadEnv({ XML_CA_FILE: __filename })).toThrow(/XML_CA_FILE holds no PEM certificate/);
  });
});
