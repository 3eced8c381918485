import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ENV_VARIABLES, loadEnv } from '../../src/env';

/** Docker does not run on our machines; this keeps docker-compose.yml true to the configuration module. */
const ROOT = path.resolve(__dirname, '../..');
const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, { image?: string; build?: string; environment?: Record<string, string>; depends_on?: Record<string, unknown> }>;
};

/** `${NAME:?message}` / `${NAME:-default}` → a stand-in value, as compose would substitute. */
function substitute(value: string): string {
  return value.replace(/\$\{(\w+)(?::[?-]([^}]*))?\}/g, (_m, name: string) =>
    name === 'ENCRYPTION_KEY' ? crypto.randomBytes(32).toString('base64') : name === 'AC_LOCAL_BASE_URL' ? 'https://rollcall.example.com' : 'x',
  );
}

describe('docker-compose.yml', () => {
  const { app, postgres, openldap } = compose.services;

  it('has the app, PostgreSQL 16 and OpenLDAP', () => {
    expect(app?.build).toBe('.');
    expect(postgres?.image).toMatch(/^postgres:16/);
    expect(openldap?.image).toMatch(/openldap/);
    expect(Object.keys(app.depends_on ?? {})).toEqual(expect.arrayContaining(['postgres', 'openldap']));
  });

  it('gives the app only variables the configuration module knows, and a valid configuration', () => {
    const environment = app.environment ?? {};
    for (const name of Object.keys(environment)) {
      expect(ENV_VARIABLES).toContain(name);
    }
    const env = loadEnv(Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, substitute(String(v))])));
    expect(env.NODE_ENV).toBe('production');
    expect(env.DATABASE_URL).toBeDefined();
  });

  it('points DATABASE_URL at the postgres service with its credentials', () => {
    const url = new URL(app.environment!.DATABASE_URL);
    const pg = postgres.environment!;
    expect(url.hostname).toBe('postgres');
    expect(decodeURIComponent(url.username)).toBe(pg.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(pg.POSTGRES_PASSWORD);
    expect(url.pathname.slice(1)).toBe(pg.POSTGRES_DB);
  });

  it('requires the secret instead of giving it a default', () => {
    expect(app.environment!.ENCRYPTION_KEY).toMatch(/^\$\{ENCRYPTION_KEY:\?/);
  });

  it('serves on the port it publishes', () => {
    expect(app.environment!.PORT).toBe('3000');
    expect((compose.services.app as { ports?: string[] }).ports).toContain('3000:3000');
  });
});
