/**
 * The Org chart macro in the Forge Custom UI build, behind the stand-in of Forge's host
 * (test/support/forgeCustomUi.ts): the macro's saved config (top person, depth, fields), the
 * page's author when it names nobody, and its config screen.
 */
import type { Browser, Page } from 'playwright-core';
import { Account, Profile } from '../../src/db/models';
import { useForgeApp, type TestApp } from '../support/app';
import { launchBrowser, screenshotPath, watchCspViolations } from '../support/browser';
import type { FixtureUser } from '../support/confluenceHost';
import type { ForgePlatform } from '../support/forgePlatform';
import { openForgeModule, serveForgeBuild, type OpenModuleOptions, type StaticServer } from '../support/forgeCustomUi';
import { ADMIN, installForgeSite, USER, type ForgeInstalledSite } from '../support/sites';

const person = (accountId: string, displayName: string): FixtureUser => ({ accountId, displayName, email: `${accountId}@example.com`, groups: ['confluence-users'] });
const BOSS = person('acc-boss', 'Bea Boss');
const ANN = person('acc-ann', 'Ann Analyst');
const PEOPLE = [ADMIN, USER, BOSS, ANN];

let platform: ForgePlatform;
let app: TestApp;
let server: StaticServer;
let browser: Browser;
let page: Page;
let site: ForgeInstalledSite;
let cspViolations: string[] = [];
let pageErrors: string[] = [];
const sites: ForgeInstalledSite[] = [];

useForgeApp({ sites }, (started) => ({ platform, app } = started));

beforeAll(async () => {
  server = await serveForgeBuild();
  browser = await launchBrowser();
  site = await installForgeSite(app, platform, PEOPLE);
  sites.push(site);
  const tenantId = site.tenantId;
  await Account.bulkCreate(PEOPLE.map((u) => ({ tenantId, accountId: u.accountId, displayName: u.displayName, email: u.email ?? null, pictureUrl: null, accountType: 'atlassian' })));
  const admin = site.as(ADMIN.accountId);
  const category = (await admin.post('/rest/v1/categories', { name: 'Reporting' })).body.id;
  const manager = (await admin.post('/rest/v1/fields', { label: 'Manager', type: 'user', categoryId: category })).body.key as string;
  expect((await admin.patch(`/rest/v1/fields/${manager}`, { orgChartSuperior: true })).status).toBe(200);
  await Profile.create({ tenantId, accountId: BOSS.accountId, values: { position: 'Boss' }, valueSources: {} });
  for (const who of [ANN, USER]) await Profile.create({ tenantId, accountId: who.accountId, values: { position: 'Analyst', [manager]: BOSS.accountId }, valueSources: {} });
}, 60_000);

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
  cspViolations = watchCspViolations(page);
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterEach(async () => {
  await page?.close();
  expect(cspViolations).toEqual([]);
  expect(pageErrors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function open(moduleKey: string, accountId: string, more: Partial<OpenModuleOptions> = {}) {
  return openForgeModule(page, { app, platform, site: site.forge, server, accountId, moduleKey, ...more });
}

describe('the Org chart macro on Forge', () => {
  it('draws its top person and their reports through invokeRemote', async () => {
    const { frame } = await open('rollcall-org-chart-macro', USER.accountId, { extension: { type: 'macro', config: { accountId: BOSS.accountId, depth: '1' } } });
    await frame.waitForSelector('[data-testid="org-chart-macro"][data-state="ready"] [data-testid="org-card"]');
    const ids = await frame.locator('[data-testid="org-card"]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-account-id')));
    expect(ids.sort()).toEqual([BOSS.accountId, ANN.accountId, USER.accountId].sort());
    await page.screenshot({ path: screenshotPath('org-chart-macro-forge'), fullPage: true });
  });

  it('offers the top person, the levels below and the fields on its config screen', async () => {
    const { frame, calls } = await open('rollcall-org-chart-macro', ADMIN.accountId, { extension: { type: 'macro', isConfig: true, config: { depth: '3' } } });
    await frame.waitForSelector('[data-testid="org-chart-config"]');
    expect(await frame.getByTestId('org-chart-config-depth').inputValue()).toBe('3');
    await frame.getByTestId('org-chart-config-fields').fill('position');
    await frame.getByTestId('org-chart-config-save').click();
    const submitted = () => calls.filter((c) => c.name === 'submit').map((c) => c.payload);
    for (let i = 0; i < 50 && submitted().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(JSON.stringify(submitted())).toContain('"depth":"3"');
    expect(JSON.stringify(submitted())).toContain('"fields":"position"');
  });
});
