import { FORGE_MODULES, forgeModuleFor } from './modules';

describe('the Forge entry picks the page by module key', () => {
  it('knows every UI module of forge/manifest.yml', () => {
    expect(Object.keys(FORGE_MODULES).sort()).toEqual(
      ['rollcall-audit-log', 'rollcall-author-card', 'rollcall-data-sources', 'rollcall-org-chart', 'rollcall-org-chart-macro', 'rollcall-people-directory', 'rollcall-people-list', 'rollcall-profile', 'rollcall-profile-card', 'rollcall-profile-editor', 'rollcall-profile-migration'].sort(),
    );
  });

  it("runs the profile card's config screen for its config resource, and nothing for a key it does not know", () => {
    expect(forgeModuleFor('rollcall-profile', false)).toBe(FORGE_MODULES['rollcall-profile']);
    expect(forgeModuleFor('rollcall-profile-card', true)).not.toBe(FORGE_MODULES['rollcall-profile-card']);
    expect(forgeModuleFor('rollcall-profile-card', true)?.title).toBe('Profile card');
    expect(forgeModuleFor('rollcall-profile', true)).toBe(FORGE_MODULES['rollcall-profile']);
    expect(forgeModuleFor('rollcall-people-list', true)?.title).toBe('People list');
    expect(forgeModuleFor('rollcall-people-list', true)).not.toBe(FORGE_MODULES['rollcall-people-list']);
    for (const key of [undefined, '', 'toString', '__proto__', 'other-app-module']) expect(forgeModuleFor(key, false)).toBeNull();
    expect(FORGE_MODULES['rollcall-author-card'].author).toBe(true);
  });

  it("runs the org chart macro's config screen for its config resource; the macro starts at the page's author when it names nobody", () => {
    expect(forgeModuleFor('rollcall-org-chart-macro', true)).not.toBe(FORGE_MODULES['rollcall-org-chart-macro']);
    expect(forgeModuleFor('rollcall-org-chart-macro', true)?.title).toBe('Org chart');
    expect(forgeModuleFor('rollcall-org-chart-macro', false)).toBe(FORGE_MODULES['rollcall-org-chart-macro']);
    expect(FORGE_MODULES['rollcall-org-chart-macro'].author).toBe(true);
  });
});
