import path from 'node:path';
import { ConfigError, loadEnv } from './env';

const KEY = Buffer.alloc(32, 7).toString('base64');

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
      DATABASE_POOL_MAX: 10,
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

  it('requires an encryption key with an external database: a secret has no default', () => {
    expect(() => loadEnv({ DATABASE_URL: 'postgres://localhost/rollcall' })).toThrow(/ENCRYPTION_KEY is required when DATABASE_URL is set/);
    expect(loadEnv({ DATABASE_URL: 'postgres://localhost/rollcall', ENCRYPTION_KEY: KEY }).ENCRYPTION_KEY).toBe(KEY);
  });

  it('in production requires an https base URL and refuses a test key server', () => {
    expect(() => loadEnv({ NODE_ENV: 'production', AC_LOCAL_BASE_URL: 'http://rollcall.example.com' })).toThrow(/AC_LOCAL_BASE_URL must be set to the app's public https/);
    expect(() =>
      loadEnv({ NODE_ENV: 'production', AC_LOCAL_BASE_URL: 'https://rollcall.example.com', CONNECT_KEYS_CDN_URL: 'http://127.0.0.1:1/keys' }),
    ).toThrow(/CONNECT_KEYS_CDN_URL must not be set in production/);
  });
});
