import { createElement, type ReactNode } from 'react';

/** What a Forge page gets from the entry besides the services (a macro's config screen saves through the bridge). */
export interface ForgePageProps {
  /** Saves a macro's configuration (`view.submit`): the profile card's `CardConfiguration`, the people list's `PeopleListConfig`, the org chart's `OrgChartConfiguration`. */
  submitConfig: (config: object) => Promise<void>;
}

export interface ForgeModule {
  /** The page's name (the unlicensed message, a page that failed to load). */
  title: string;
  /** The byline's author card: the entry looks the page's author up first. */
  author?: boolean;
  /** The page's code, in a chunk of its own (code-split: a module loads only its page). */
  load: () => Promise<(props: ForgePageProps) => ReactNode>;
}

const noPerson = { title: 'Choose a person', message: 'Edit this macro and choose the person whose card it shows.' };
const noAuthor = { title: 'Author not found', message: 'Confluence did not say who wrote this page.' };

/**
 * Every Custom UI module of forge/manifest.yml, by module key, and the page it runs (the same page
 * components as the Connect entries of entries.json). The profile card's config screen is
 * {@link forgeModuleFor}'s business.
 */
export const FORGE_MODULES: Record<string, ForgeModule> = {
  'rollcall-profile-editor': { title: 'Profile Editor', load: async () => import('../pages/profileEditor/ProfileEditorPage').then(({ ProfileEditorPage }) => () => createElement(ProfileEditorPage)) },
  'rollcall-data-sources': { title: 'Data Sources', load: async () => import('../pages/dataSources/DataSourcesPage').then(({ DataSourcesPage }) => () => createElement(DataSourcesPage)) },
  'rollcall-profile-migration': { title: 'Profile Migration', load: async () => import('../pages/migration/MigrationPage').then(({ MigrationPage }) => () => createElement(MigrationPage)) },
  'rollcall-audit-log': { title: 'Audit log', load: async () => import('../pages/auditLog/AuditLogPage').then(({ AuditLogPage }) => () => createElement(AuditLogPage)) },
  'rollcall-profile': { title: 'Profile', load: async () => import('../pages/profile/ProfilePage').then(({ ProfilePage }) => () => createElement(ProfilePage)) },
  'rollcall-people-directory': { title: 'People Directory', load: async () => import('../pages/peopleDirectory/PeopleDirectoryPage').then(({ PeopleDirectoryPage }) => () => createElement(PeopleDirectoryPage)) },
  'rollcall-org-chart': { title: 'Org Chart', load: async () => import('../pages/orgChart/OrgChartPage').then(({ OrgChartPage }) => () => createElement(OrgChartPage)) },
  'rollcall-profile-card': { title: 'Profile card', load: async () => import('./ProfileCard').then(({ ProfileCard }) => () => createElement(ProfileCard, { problemWithout: noPerson })) },
  'rollcall-author-card': { title: 'Author', author: true, load: async () => import('./ProfileCard').then(({ ProfileCard }) => () => createElement(ProfileCard, { problemWithout: noAuthor })) },
  'rollcall-people-list': { title: 'People list', load: async () => import('../pages/peopleList/PeopleListMacro').then(({ PeopleListMacro }) => () => createElement(PeopleListMacro)) },
  // The org chart macro: its top person, or the page's author when it names none.
  'rollcall-org-chart-macro': { title: 'Org chart', author: true, load: async () => import('../pages/orgChart/OrgChartMacro').then(({ OrgChartMacro }) => () => createElement(OrgChartMacro)) },
};

const CARD_CONFIG: ForgeModule = {
  title: 'Profile card',
  load: async () => import('./CardConfig').then(({ CardConfig }) => (props: ForgePageProps) => createElement(CardConfig, { submit: props.submitConfig })),
};

const PEOPLE_LIST_CONFIG: ForgeModule = {
  title: 'People list',
  load: async () => import('./PeopleListConfig').then(({ PeopleListConfig }) => (props: ForgePageProps) => createElement(PeopleListConfig, { submit: props.submitConfig })),
};

const ORG_CHART_CONFIG: ForgeModule = {
  title: 'Org chart',
  load: async () => import('./OrgChartConfig').then(({ OrgChartConfig }) => (props: ForgePageProps) => createElement(OrgChartConfig, { submit: props.submitConfig })),
};

/** The module a context names; a macro's config screen when Forge renders its `config.resource`; null for a key Rollcall does not know. */
export function forgeModuleFor(moduleKey: string | undefined, isConfig: boolean): ForgeModule | null {
  if (!moduleKey || !Object.hasOwn(FORGE_MODULES, moduleKey)) return null;
  if (isConfig && moduleKey === 'rollcall-profile-card') return CARD_CONFIG;
  if (isConfig && moduleKey === 'rollcall-people-list') return PEOPLE_LIST_CONFIG;
  if (isConfig && moduleKey === 'rollcall-org-chart-macro') return ORG_CHART_CONFIG;
  return FORGE_MODULES[moduleKey];
}
