/**
 * The People Directory and the People list macro in the Forge Custom UI build, behind the stand-in
 * of Forge's host (test/support/forgeCustomUi.ts): searches through `invokeRemote`, the CSV export
 * through `requestRemote` (bytes), the macro's config screen saving through `view.submit`.
 * Hooks: those of test/browser/directory.test.ts.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app';
import { launchBrowser, screenshotPath, watchCspViolations } from '../support/browser';
import type { FixtureUser } from '../support/confluenceHost';
import { openForgeModule, serveForgeBuild, type OpenModuleOptions, type StaticServer } from '../support/forgeCustomUi';
import { startForgePlatform, type ForgePlatform } from '../support/forgePlatform';
import { ADMIN, installForgeSite, USER, type ForgeInstalledSite } from '../support/sites';

const ZOE: FixtureUser = { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe@example.com', groups: ['confluence-users'] };
const GRACE: FixtureUser = { accountId: 'acc-grace', displayName: 'Grace Hopper', email: 'grace@example.com', groups: ['confluence-users'] };
const PEOPLE = [ADMIN, USER, ZOE, GRACE];
const RD = 'R&D (Berlin)';

let platform: ForgePlatform;
let app: TestApp;
let server: StaticServer;
let browser: Browser;
let page: Page;
let site: ForgeInstalledSite;
let cspViolations: string[] = [];
let pageErrors: string[] = [];

beforeAll(async () => {
  platform = await startForgePlatform();
  app = await startTestApp({ env: platform.env });
  server = await serveForgeBuild();
  browser = await launchBrowser();
  site = await installForgeSite(app, platform, PEOPLE);
  const admin = site.as(ADMIN.accountId);
  for (const person of PEOPLE) expect((await admin.get(`/rest/v1/profiles/${person.accountId}`)).status).toBe(200);
  expect((await admin.put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values: { department: RD, position: 'Directory engineer' } })).status).toBe(200);
  expect((await admin.put(`/rest/v1/profiles/${GRACE.accountId}`, { version: 0, values: { department: 'Sales', position: 'Account manager' } })).status).toBe(200);
}, 60_000);

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
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
  await site?.close();
  await app?.close();
  await platform?.close();
});

function open(moduleKey: string, accountId: string, more: Partial<OpenModuleOptions> = {}) {
  return openForgeModule(page, { app, platform, site: site.forge, server, accountId, moduleKey, ...more });
}

describe('the People Directory on Forge', () => {
  it('searches a quoted value with parentheses and exports the CSV through requestRemote', async () => {
    const { frame, calls } = await open('rollcall-people-directory', ADMIN.accountId);
    await frame.waitForSelector('[data-testid="people-directory"][data-state="ready"]');
    await frame.locator('[data-testid="directory-query"]').fill(`department:"${RD}"`);
    await frame.locator('[data-testid="directory-query"]').press('Enter');
    await frame.waitForSelector(`[data-testid="people-directory"][data-state="ready"] [data-testid="directory-row"][data-account-id="${ZOE.accountId}"]`);
    expect(await frame.locator('[data-testid="directory-row"]').count()).toBe(1);
    expect(calls.some((c) => c.name === 'invoke' && String(c.payload.path).startsWith('/rest/v1/directory?'))).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), frame.locator('[data-testid="directory-export"]').click()]);
    const bytes = await streamBytes(await download.createReadStream());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Zoë Åström');
    expect(calls.some((c) => c.name === 'fetchRemote' && String(c.payload.fetchRequestInit.path).startsWith('/rest/v1/directory/export'))).toBe(true);
    await page.screenshot({ path: screenshotPath('forge-directory-search'), fullPage: true });
  });

  it('the People list macro: its config screen checks the search, the macro lists the people, in the dark theme', async () => {
    const config = await open('rollcall-people-list', USER.accountId, { extension: { type: 'macro', isConfig: true, config: {} } });
    await config.frame.waitForSelector('[data-testid="people-list-editor"]');
    await config.frame.locator('[data-testid="people-list-query"]').fill('department:');
    await config.frame.locator('[data-testid="people-list-save"]').click();
    await config.frame.locator('[data-testid="query-error"]').waitFor();
    expect(config.calls.some((c) => c.name === 'submit')).toBe(false);
    await config.frame.locator('[data-testid="people-list-query"]').fill(`department:"${RD}"`);
    await config.frame.locator('[data-testid="people-list-columns"]').fill('position');
    await config.frame.locator('[data-testid="people-list-save"]').click();
    const submitted = await eventually(() => config.calls.find((c) => c.name === 'submit')?.payload);
    expect(submitted).toEqual({ query: `department:"${RD}"`, columns: 'position' });
    await page.close();

    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    cspViolations = watchCspViolations(page);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const macro = await open('rollcall-people-list', USER.accountId, { extension: { type: 'macro', config: { query: `department:"${RD}"`, columns: 'position' } }, colorMode: 'dark' });
    await macro.frame.waitForSelector('html[data-rollcall-color-mode="dark"] [data-testid="people-list"][data-state="ready"]');
    expect(await macro.frame.locator('[data-testid="directory-row"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-account-id')))).toEqual([ZOE.accountId]);
    expect(await macro.frame.locator('[data-testid="directory-table"] thead th').allTextContents()).toEqual(['Name', 'Position']);
    await page.screenshot({ path: screenshotPath('forge-people-list-dark'), fullPage: true });
  });
});

/** What `read` gives once it gives something (within 10 s). */
async function eventually<T>(read: () => T | undefined): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out');
}

async function streamBytes(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
