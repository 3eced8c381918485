import type { Browser, Frame, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app';
import { launchBrowser, screenshotPath, watchCspViolations } from '../support/browser';
import { startTestHost, type TestHost } from '../support/confluenceHost';
import { PAGES } from '../../src/http/pages';

const ADMIN = { accountId: 'admin-1', displayName: 'Ada Admin', email: 'ada@example.com', groups: ['confluence-administrators'], siteAdmin: true };
const USER = { accountId: 'user-1', displayName: 'Bo User', email: 'bo@example.com', groups: ['confluence-users'] };

let app: TestApp;
let host: TestHost;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  host = await startTestHost({ users: [ADMIN, USER] });
  app = await startTestApp({ host });
  expect((await host.install(app.url)).status).toBe(204);
  browser = await launchBrowser();
}, 60_000);

let pageErrors: string[] = [];
let cspViolations: string[] = [];

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  cspViolations = watchCspViolations(page);
});

afterEach(async () => {
  await page?.close();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await host?.close();
});

/** Opens a module the way Confluence does (a host page framing the signed app URL) and returns the app's frame. */
async function openFramed(path: string, accountId: string, ready = 'body[data-rollcall-ready="true"]'): Promise<Frame> {
  await page.goto(host.pageUrl(app.url, path, accountId));
  const handle = await page.waitForSelector('iframe#app-frame');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the app iframe has no frame');
  await frame.waitForSelector(ready);
  return frame;
}

describe('the app\'s pages in Chromium, framed by the test host', () => {
  it('the Profile Editor (React) loads for an admin, and reaches REST v1 with a context token from AP', async () => {
    const frame = await openFramed('/admin/profile-editor', ADMIN.accountId);
    expect(await frame.textContent('h1')).toBe('Profile Editor');
    // The Connect host adapter asked AP for a context token and loaded the fields with it.
    await frame.waitForSelector('[data-testid="profile-editor"][data-loaded="true"]');
    const calls = await page.evaluate(() => (window as unknown as { __apCalls: Array<{ method: string }> }).__apCalls.map((c) => c.method));
    expect(calls).toContain('getToken');
    await page.screenshot({ path: screenshotPath('profile-editor'), fullPage: true });
  });

  it.each(PAGES.map((p) => [p.title, p.path, p.admin] as const))('%s (%s) loads with a valid page JWT, without script errors or anything its CSP refused', async (title, path, admin) => {
    const frame = await openFramed(path, admin ? ADMIN.accountId : USER.accountId);
    expect(await frame.textContent('h1')).toBe(title);
    // The front-end's styles applied (a CSP refusing them would leave the browser's serif default).
    expect(await frame.$eval('html', (el) => getComputedStyle(el).fontFamily)).toContain('BlinkMacSystemFont');
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });

  it('an admin page framed for a non-admin shows why it is refused', async () => {
    // The error page is server-rendered (no script): it shows even without the front-end build.
    const frame = await openFramed('/admin/data-sources', USER.accountId, '[data-testid="page-problem"]');
    const problem = await frame.waitForSelector('[data-testid="page-problem"][data-status="403"]');
    expect(await problem.getAttribute('role')).toBe('alert');
    expect(await problem.textContent()).toContain('Only Confluence administrators may do this.');
    // The page's own style element applied under the CSP (its nonce): the error's red edge shows.
    expect(await problem.evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe('rgb(226, 72, 61)');
    expect(cspViolations).toEqual([]);
    await page.screenshot({ path: screenshotPath('admin-page-refused') });
  });
});
