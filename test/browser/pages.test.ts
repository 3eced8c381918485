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
async function openFramed(path: string, accountId: string): Promise<Frame> {
  await page.goto(host.pageUrl(app.url, path, accountId));
  const handle = await page.waitForSelector('iframe#app-frame');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the app iframe has no frame');
  await frame.waitForSelector('body[data-rollcall-ready="true"]');
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

  it("an AUI page's script reaches REST v1 with a context token from AP, and AUI runs", async () => {
    const frame = await openFramed('/pages/people-directory', USER.accountId);
    // rollcall.js asked AP for a context token and called GET /rest/v1/me with it.
    await frame.waitForSelector(`body[data-account-id="${USER.accountId}"][data-is-admin="false"]`);
    // AUI (with its jQuery) came from our own server and runs.
    expect(await frame.evaluate(() => typeof (window as unknown as { AJS?: { $?: unknown } }).AJS?.$)).toBe('function');
    const calls = await page.evaluate(() => (window as unknown as { __apCalls: Array<{ method: string }> }).__apCalls.map((c) => c.method));
    expect(calls).toContain('getToken');
  });

  it.each(PAGES.map((p) => [p.title, p.path, p.admin] as const))('%s (%s) loads with a valid page JWT, without script errors or anything its CSP refused', async (title, path, admin) => {
    const frame = await openFramed(path, admin ? ADMIN.accountId : USER.accountId);
    expect(await frame.textContent('h1')).toBe(title);
    // AUI's stylesheet, or the front-end's for a page moved onto it, applied (a CSP refusing it would leave the browser's serif default).
    expect(await frame.$eval('html', (el) => getComputedStyle(el).fontFamily)).toContain('BlinkMacSystemFont');
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });

  it('an admin page framed for a non-admin shows why it is refused', async () => {
    const frame = await openFramed('/admin/data-sources', USER.accountId);
    expect(await frame.textContent('.aui-message-error')).toContain('Only Confluence administrators may do this.');
    await page.screenshot({ path: screenshotPath('admin-page-refused') });
  });
});
