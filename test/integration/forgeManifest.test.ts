import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validate } from '@forge/manifest';
import { parse } from 'yaml';
import { FORGE_EVENTS_PATH, FORGE_UNINSTALL_PATH, INSTALL_EVENTS } from '../../src/forge/routes';

/**
 * forge/manifest.yml, checked offline: the Forge CLI's own validator (`@forge/manifest`'s
 * `validate()`, what `forge lint` runs minus the login: schema, module references, duplicate keys,
 * resource directories, scope names, token scopes) with test values for the deploy-time variables,
 * then Rollcall's own rules: which modules, which endpoints, which scopes.
 */
const FORGE_DIR = path.resolve(__dirname, '../../forge');
const MANIFEST = path.join(FORGE_DIR, 'manifest.yml');
/** The front-end's Forge build (`resources[].path`; globalSetup builds it when missing or stale). */
const BUILD = path.join(FORGE_DIR, 'dist/forge');

const VARIABLES = { ROLLCALL_APP_ID: '2f0e4b3c-1d2a-4c5b-8e9f-0a1b2c3d4e5f', ROLLCALL_BASE_URL: 'https://rollcall.example.com' };

type Module = { key: string; resource?: string; resolver?: { endpoint?: string; function?: string }; remote?: string; route?: { path: string } | string; endpoint?: string; events?: string[]; config?: { resource?: string } };
const manifest = parse(fs.readFileSync(MANIFEST, 'utf8')) as {
  environment: { variables: string[] };
  app: { id: string; licensing: { enabled: boolean } };
  remotes: Array<{ key: string; baseUrl: string }>;
  resources: Array<{ key: string; path: string }>;
  permissions: { scopes: string[]; content?: { styles?: string[]; scripts?: string[] }; external?: unknown };
  modules: Record<string, Module[]>;
};
const modules = (type: string) => manifest.modules[type] ?? [];

/**
 * Runs the validator on a copy of `text` in a directory of its own, beside a copy of the real
 * build, with `variables` in process.env.
 */
async function validateCopy(text: string, variables: Record<string, string> = VARIABLES, options: { build?: boolean } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-forge-manifest-'));
  const saved = Object.fromEntries(Object.keys(VARIABLES).map((name) => [name, process.env[name]]));
  try {
    fs.writeFileSync(path.join(dir, 'manifest.yml'), text);
    if (options.build !== false) {
      // A copy: the validator wants a directory, not a link to one.
      fs.cpSync(BUILD, path.join(dir, 'dist/forge'), { recursive: true });
    }
    for (const name of Object.keys(VARIABLES)) delete process.env[name];
    Object.assign(process.env, variables);
    return await validate(false, path.join(dir, 'manifest.yml'));
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const text = fs.readFileSync(MANIFEST, 'utf8');
const messages = (result: Awaited<ReturnType<typeof validateCopy>>) => (result.errors ?? []).map((e) => e.message).join('\n');

describe("the Forge CLI's validator", () => {
  it('validates against the real Forge build of the front-end (no stand-in)', () => {
    expect(fs.existsSync(path.join(BUILD, 'index.html'))).toBe(true);
    expect(fs.readFileSync(path.join(BUILD, 'index.html'), 'utf8')).toMatch(/<script type="module"[^>]* src="\.\/assets\/index-[\w-]+\.js"/);
    expect(manifest.resources).toEqual([{ key: 'main', path: 'dist/forge' }]);
  });

  it('accepts forge/manifest.yml', async () => {
    const result = await validateCopy(text);
    expect(messages(result)).toBe('');
    expect(result.success).toBe(true);
  });

  it('is not a formality: it refuses an unknown scope, a missing build, a missing variable and a nonce style', async () => {
    expect((await validateCopy(text.replace('- read:confluence-groups', '- read:everything'))).success).toBe(false);
    expect((await validateCopy(text, VARIABLES, { build: false })).success).toBe(false);
    await expect(validateCopy(text, { ROLLCALL_APP_ID: VARIABLES.ROLLCALL_APP_ID })).resolves.toMatchObject({ success: false });
    expect((await validateCopy(text.replace('- unsafe-inline', "- \"'nonce-abc'\""))).success).toBe(false);
  });
});

describe("Rollcall's rules", () => {
  it('takes the app id and the server URL from deploy-time variables', () => {
    expect(manifest.environment.variables).toEqual(['ROLLCALL_APP_ID', 'ROLLCALL_BASE_URL']);
    expect(manifest.app.id).toBe('ari:cloud:ecosystem::app/${ROLLCALL_APP_ID}');
    expect(manifest.remotes).toEqual([expect.objectContaining({ key: 'rollcall', baseUrl: '${ROLLCALL_BASE_URL}' })]);
    expect(manifest.app.licensing.enabled).toBe(true);
  });

  it('has the four admin pages, the three general pages, the profile card, people list and org chart macros and the author byline item', () => {
    expect(modules('confluence:globalSettings').map((m) => m.key)).toEqual(['rollcall-profile-editor', 'rollcall-data-sources', 'rollcall-profile-migration', 'rollcall-audit-log']);
    expect(modules('confluence:globalPage').map((m) => m.key)).toEqual(['rollcall-profile', 'rollcall-people-directory', 'rollcall-org-chart']);
    expect(modules('macro').map((m) => m.key)).toEqual(['rollcall-profile-card', 'rollcall-people-list', 'rollcall-org-chart-macro']);
    for (const macro of modules('macro')) expect(macro.config?.resource).toBe('main');
    expect(modules('confluence:contentBylineItem').map((m) => m.key)).toEqual(['rollcall-author-card']);
  });

  it('gives every UI module a resource of the build and the UI endpoint (so invokeRemote reaches the server with both tokens)', () => {
    const ui = ['confluence:globalSettings', 'confluence:globalPage', 'macro', 'confluence:contentBylineItem'].flatMap(modules);
    const resources = new Set(manifest.resources.map((r) => r.key));
    for (const module of ui) {
      expect(resources.has(module.resource!)).toBe(true);
      if (module.config?.resource) expect(resources.has(module.config.resource)).toBe(true);
      expect(module.resolver).toEqual({ endpoint: 'rollcall-ui' });
    }
    const endpoint = modules('endpoint').find((e) => e.key === 'rollcall-ui');
    expect(endpoint).toEqual({ key: 'rollcall-ui', remote: 'rollcall', auth: { appSystemToken: { enabled: true }, appUserToken: { enabled: true } } });
  });

  it("delivers install, upgrade and pre-uninstall to the server's Forge routes", () => {
    const endpoints = Object.fromEntries(modules('endpoint').map((e) => [e.key, e]));
    const [lifecycle] = modules('trigger');
    expect(lifecycle.events).toEqual([...INSTALL_EVENTS]);
    expect(endpoints[lifecycle.endpoint!].route).toEqual({ path: FORGE_EVENTS_PATH });
    const [uninstall] = modules('preUninstall');
    expect(endpoints[uninstall.endpoint!].route).toEqual({ path: FORGE_UNINSTALL_PATH });
    const [scheduled] = modules('scheduledTrigger');
    expect(endpoints[scheduled.endpoint!].route).toEqual({ path: FORGE_EVENTS_PATH });
    for (const e of modules('endpoint')) expect(e.remote).toBe('rollcall');
  });

  it('asks for the least scopes: what the Confluence calls need, personal data reporting, and the two remote tokens', () => {
    expect([...manifest.permissions.scopes].sort()).toEqual(
      [
        'read:app-system-token',
        'read:app-user-token',
        'read:confluence-content.summary',
        'read:confluence-groups',
        'read:confluence-user',
        'read:content-details:confluence',
        'read:email-address:confluence',
        'report:personal-data',
      ].sort(),
    );
    expect(manifest.permissions.content).toEqual({ styles: ['unsafe-inline'] });
    expect(manifest.permissions.external).toBeUndefined();
  });
});
