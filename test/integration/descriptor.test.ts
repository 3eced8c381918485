import fs from 'node:fs';
import path from 'node:path';
import { MACROS } from '../../src/http/macros/routes';
import { MACRO_PAGES, PAGES } from '../../src/http/pages';

/**
 * Connect's descriptor rules that the schema enforces at install time, checked offline: the
 * schema itself is only served by a Confluence site.
 * https://developer.atlassian.com/cloud/confluence/connect-app-descriptor/
 */
const raw = fs.readFileSync(path.resolve(__dirname, '../../atlassian-connect.json'), 'utf8');
const descriptor = JSON.parse(raw.replace(/\{\{localBaseUrl\}\}/g, 'https://rollcall.example.com'));

type Parameter = { identifier: string; name: { value: string }; type: string; required?: boolean; multiple?: boolean };
type Module = {
  key: string;
  name: { value: string };
  url: string;
  conditions?: Array<{ condition: string; invert?: boolean }>;
  parameters?: Parameter[];
  outputType?: string;
  bodyType?: string;
  context?: string;
  target?: { type: string };
};
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
/**
 * Macro Input Parameter `type` values Connect lists for Confluence Cloud
 * (https://developer.atlassian.com/cloud/confluence/modules/macro-input-parameter/).
 */
const MACRO_PARAMETER_TYPES = new Set(['attachment', 'boolean', 'content', 'enum', 'int', 'spacekey', 'string', 'username']);
/**
 * Confluence's context parameters a module URL may use
 * (https://developer.atlassian.com/cloud/confluence/context-parameters/); `ac.*` are the app's own,
 * passed through from the product URL (custom-content-ui-support shows `{ac.customData}` in a general page URL).
 */
const CONTEXT_VARIABLES = /^(content\.(id|version|type|plugin)|space\.(id|key)|page\.(id|version|type|title)|macro\.(id|hash|body|truncated)|output\.type|ac\.[A-Za-z0-9_]+)$/;
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

  it('links the user menu to the caller\'s own profile page (a Confluence Cloud web item location)', () => {
    // https://developer.atlassian.com/cloud/confluence/extension-point-locations/ lists system.user/user-content.
    const items = modules.filter((m) => m.type === 'webItems');
    expect(items).toEqual([
      expect.objectContaining({ key: 'my-profile-link', location: 'system.user/user-content', context: 'product', url: `/plugins/servlet/ac/${descriptor.key}/profile` }),
    ]);
    expect(modules.some((m) => m.type === 'generalPages' && m.key === 'profile')).toBe(true);
  });

  it('uses only conditions Confluence knows', () => {
    for (const m of modules) for (const c of m.conditions ?? []) expect(CONFLUENCE_CONDITIONS.has(c.condition)).toBe(true);
  });

  it('declares exactly the app\'s pages: three admin pages and three general pages', () => {
    const pages = modules.filter((m) => m.type === 'adminPages' || m.type === 'generalPages');
    const pathOf = (url: string) => url.split('?')[0];
    expect(modules.filter((m) => m.type === 'adminPages').map((m) => m.name.value)).toEqual(['Profile Editor', 'Data Sources', 'Profile Migration', 'Audit log']);
    expect(modules.filter((m) => m.type === 'generalPages').map((m) => m.name.value)).toEqual(['Profile', 'People Directory', 'Org Chart']);
    expect(pages.map((m) => pathOf(m.url)).sort()).toEqual(PAGES.map((p) => p.path).sort());
    for (const page of PAGES) {
      const m = pages.find((x) => pathOf(x.url) === page.path)!;
      expect(m.type === 'adminPages').toBe(page.admin);
    }
  });

  it('passes the profile page the person to show as ac.accountId (empty: the caller)', () => {
    const profile = modules.find((m) => m.type === 'generalPages' && m.key === 'profile')!;
    expect(profile.url).toBe('/pages/profile?accountId={ac.accountId}');
  });

  it('uses only context variables Confluence fills in module URLs', () => {
    for (const m of modules) {
      const own = new Set((m.parameters ?? []).map((p) => p.identifier));
      for (const [, name] of m.url.matchAll(/\{([^}]+)\}/g)) expect(own.has(name) || CONTEXT_VARIABLES.test(name)).toBe(true);
    }
  });

  it('declares the profile card macro with its parameters in its URL, served by the macro route', () => {
    const macros = modules.filter((m) => m.type === 'dynamicContentMacros');
    expect(macros.map((m) => m.key)).toEqual(['profile-card', 'people-list', 'org-chart-macro']);
    const card = macros[0];
    expect(card).toMatchObject({ outputType: 'block', bodyType: 'none' });
    expect(card.url.split('?')[0]).toBe(MACROS.profileCard);
    expect(card.parameters!.map((p) => p.identifier)).toEqual(['person', 'fields']);
    for (const p of card.parameters!) {
      expect(p.identifier).toMatch(/^[-_a-z0-9.]+$/);
      expect(MACRO_PARAMETER_TYPES.has(p.type)).toBe(true);
      // "Any declared parameters must also be included in the URL value of the macro."
      expect(card.url).toContain(`{${p.identifier}}`);
    }
    expect(card.parameters!.find((p) => p.identifier === 'person')).toMatchObject({ type: 'string', required: true, multiple: false });
  });

  it('declares the org chart macro: top person (empty: the page\'s author), depth, fields, and the content id', () => {
    const chart = modules.find((m) => m.type === 'dynamicContentMacros' && m.key === 'org-chart-macro')!;
    expect(chart).toMatchObject({ outputType: 'block', bodyType: 'none' });
    expect(chart.url).toBe(`${MACROS.orgChart}?accountId={person}&depth={depth}&fields={fields}&contentId={content.id}`);
    expect(chart.parameters!.map((p) => p.identifier)).toEqual(['person', 'depth', 'fields']);
    for (const p of chart.parameters!) {
      expect(MACRO_PARAMETER_TYPES.has(p.type)).toBe(true);
      expect(chart.url).toContain(`{${p.identifier}}`);
    }
    expect(chart.parameters!.find((p) => p.identifier === 'person')).toMatchObject({ type: 'string', required: false });
  });

  it('declares the author card as a byline item opening an inline dialog with the content id', () => {
    const items = modules.filter((m) => m.type === 'contentBylineItems');
    expect(items.map((m) => m.key)).toEqual(['author-card']);
    expect(items[0]).toMatchObject({ url: `${MACROS.authorCard}?contentId={content.id}`, context: 'addon', target: { type: 'inlinedialog' } });
  });

  it('declares the people list macro: its search and columns in its URL, its editor, both served as front-end pages', () => {
    const list = modules.find((m) => m.type === 'dynamicContentMacros' && m.key === 'people-list')! as Module & { editor?: { url: string; insertTitle?: { value: string }; editTitle?: { value: string } } };
    expect(list).toMatchObject({ outputType: 'block', bodyType: 'none' });
    expect(list.parameters!.map((p) => p.identifier)).toEqual(['query', 'columns']);
    for (const p of list.parameters!) {
      expect(MACRO_PARAMETER_TYPES.has(p.type)).toBe(true);
      expect(list.url).toContain(`{${p.identifier}}`);
    }
    const served = MACRO_PAGES.map((p) => p.path);
    expect(served).toContain(list.url.split('?')[0]);
    expect(list.editor?.url).toMatch(/^\/[^/]/);
    expect(served).toContain(list.editor!.url);
    expect(list.editor?.insertTitle?.value).toBeTruthy();
    for (const page of MACRO_PAGES) expect(page.admin).toBe(false);
  });
});
