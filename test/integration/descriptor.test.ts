import fs from 'node:fs';
import path from 'node:path';
import { PAGES } from '../../src/http/pages';

/**
 * Connect's descriptor rules that the schema enforces at install time, checked offline: the
 * schema itself is only served by a Confluence site.
 * https://developer.atlassian.com/cloud/confluence/connect-app-descriptor/
 */
const raw = fs.readFileSync(path.resolve(__dirname, '../../atlassian-connect.json'), 'utf8');
const descriptor = JSON.parse(raw.replace(/\{\{localBaseUrl\}\}/g, 'https://rollcall.example.com'));

type Module = { key: string; name: { value: string }; url: string; conditions?: Array<{ condition: string; invert?: boolean }> };
const modules = Object.entries(descriptor.modules as Record<string, Module[]>).flatMap(([type, list]) => list.map((m) => ({ type, ...m })));

// Confluence's conditions as documented for Connect apps.
const CONFLUENCE_CONDITIONS = new Set([
  'user_is_logged_in', 'user_is_admin', 'user_is_sysadmin', 'user_is_confluence_administrator', 'addon_is_licensed',
  'can_use_application', 'has_page', 'has_space', 'space_function_permission', 'user_can_create_personal_space',
  'user_has_personal_space', 'viewing_content', 'viewing_own_profile', 'following_target_user', 'target_user_has_personal_space',
  'can_edit_space_styles', 'can_signup', 'create_content', 'email_address_public', 'favourite_page', 'favourite_space',
  'feature_flag', 'has_attachment', 'has_blog_post', 'has_template', 'not_personal_space', 'printable_version',
  'showing_page_attachments', 'space_sidebar', 'tiny_url_supported', 'user_can_use_confluence', 'user_favouriting_target_user_personal_space',
  'user_has_personal_blog', 'user_is_anonymous', 'user_logged_in_editable', 'user_watching_page', 'user_watching_space',
  'user_watching_space_for_content_type', 'content_property_equal_to', 'content_property_contains_any',
]);
const SCOPES = new Set(['READ', 'WRITE', 'DELETE', 'SPACE_ADMIN', 'ADMIN', 'ACT_AS_USER', 'ACCESS_EMAIL_ADDRESSES']);

describe('atlassian-connect.json', () => {
  it('has a valid app key, name, base URL and authentication', () => {
    expect(descriptor.key).toMatch(/^[a-zA-Z0-9._-]{1,64}$/);
    expect(descriptor.name).toBe('Rollcall');
    expect(() => new URL(descriptor.baseUrl)).not.toThrow();
    expect(descriptor.authentication).toEqual({ type: 'jwt' });
    expect(descriptor.apiMigrations).toEqual({ 'signed-install': true, gdpr: true, 'context-qsh': true });
  });

  it('asks only for known scopes: READ and ACCESS_EMAIL_ADDRESSES', () => {
    for (const scope of descriptor.scopes) expect(SCOPES.has(scope)).toBe(true);
    expect(descriptor.scopes).toEqual(['READ', 'ACCESS_EMAIL_ADDRESSES']);
  });

  it('declares the lifecycle hooks as relative URLs', () => {
    expect(descriptor.lifecycle).toEqual({ installed: '/installed', uninstalled: '/uninstalled' });
  });

  it('gives every module a unique lowercase key, a name and a relative URL', () => {
    const keys = modules.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const m of modules) {
      expect(m.key).toMatch(/^[a-z0-9-]{1,100}$/);
      expect(m.name.value.length).toBeGreaterThan(0);
      expect(m.name.value.length).toBeLessThanOrEqual(255);
      expect(m.url).toMatch(/^\/[^/]/);
    }
  });

  it('uses only conditions Confluence knows', () => {
    for (const m of modules) for (const c of m.conditions ?? []) expect(CONFLUENCE_CONDITIONS.has(c.condition)).toBe(true);
  });

  it('declares exactly the app\'s pages: three admin pages and three general pages', () => {
    expect(modules.filter((m) => m.type === 'adminPages').map((m) => m.name.value)).toEqual(['Profile Editor', 'Data Sources', 'Profile Migration']);
    expect(modules.filter((m) => m.type === 'generalPages').map((m) => m.name.value)).toEqual(['Profile', 'People Directory', 'Org Chart']);
    expect(modules.map((m) => m.url).sort()).toEqual(PAGES.map((p) => p.path).sort());
    for (const page of PAGES) {
      const m = modules.find((x) => x.url === page.path)!;
      expect(m.type === 'adminPages').toBe(page.admin);
    }
  });
});
