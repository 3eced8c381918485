/**
 * The People Directory and the People list macro in Chromium, framed by the test Confluence host,
 * driven through their UI only, against the real directory routes.
 *
 * Hooks the pages offer for tests (frontend/src/pages/peopleDirectory/, peopleList/):
 * - `[data-testid="people-directory"]` the page root, `data-state="loading|ready|invalid|error"`.
 * - Search: `directory-search` (a form, role search) with `directory-query` and
 *   `directory-search-submit`; `query-error` (`data-column`) with `query-error-message`,
 *   `query-error-where` and `query-error-mark`; `search-tips-toggle`, `search-tips`.
 * - Toolbar: `directory-total`, `directory-sort`, `directory-order`, `view-table`, `view-cards`
 *   (aria-pressed), `directory-export`; admins: `directory-settings-toggle`,
 *   `settings-export-for-users`, `settings-facet-<key>`, `settings-save`.
 * - Results: `directory-table` of `directory-row[data-account-id]` (cells `[data-column]`), headers
 *   `sort-<key>`; `directory-cards` of `directory-card[data-account-id]`; `person-link`,
 *   `person-left`; `directory-load-more`; `directory-empty`; `load-error`.
 * - Facets: `directory-facets` of `facet[data-field]` with `facet-value[data-query]`.
 * - The macro: `people-list[data-state]` with the same table, `people-list-total`,
 *   `people-list-problem`; its editor `people-list-editor` with `people-list-query`,
 *   `people-list-columns`, `people-list-check`, `people-list-save`, `query-error`.
 */
import fs from 'node:fs';
import type { Browser, Frame, Page } from 'playwright-core';
import sharp from 'sharp';
import { startTestApp, type TestApp } from '../support/app';
import { contrast, launchBrowser, screenshotPath, watchCspViolations } from '../support/browser';
import { startTestHost, type FixtureUser, type TestHost } from '../support/confluenceHost';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

const ZOE: FixtureUser = { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe@example.com', groups: ['confluence-users'] };
const MAX: FixtureUser = { accountId: 'acc-max', displayName: 'Max Müller', email: 'max@example.com', groups: ['confluence-users'] };
const GRACE: FixtureUser = { accountId: 'acc-grace', displayName: 'Grace Hopper', email: 'grace@example.com', groups: ['confluence-users'] };
const PEOPLE = [ADMIN, USER, ZOE, MAX, GRACE];
const RD = 'R&D (Berlin)';

let app: TestApp;
let scriptHost: TestHost;
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];
let cspViolations: string[] = [];
const sites: Site[] = [];

beforeAll(async () => {
  scriptHost = await startTestHost({ users: PEOPLE });
  app = await startTestApp({ host: scriptHost });
  browser = await launchBrowser();
}, 60_000);

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page.setDefaultTimeout(10_000);
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  cspViolations = watchCspViolations(page);
});

afterEach(async () => {
  await page?.close();
  expect(pageErrors).toEqual([]);
  expect(cspViolations).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(sites.map((s) => s.close()));
  await app?.close();
  await scriptHost?.close();
});

/** A fresh site: Zoë and Max in R&D (Berlin), Grace in Sales; positions; everyone known to Rollcall. */
async function site(): Promise<Site> {
  const s = await installSite(app, PEOPLE);
  sites.push(s);
  const admin = s.as(ADMIN.accountId);
  for (const person of PEOPLE) await admin.get(`/rest/v1/profiles/${person.accountId}`).expect(200);
  const values: Record<string, Record<string, string>> = {
    [ZOE.accountId]: { department: RD, location: 'Berlin', position: 'Directory engineer' },
    [MAX.accountId]: { department: RD, location: 'Berlin', position: 'Engineer' },
    [GRACE.accountId]: { department: 'Sales', location: 'Paris', position: 'Account manager' },
  };
  for (const [accountId, v] of Object.entries(values)) await admin.put(`/rest/v1/profiles/${accountId}`, { version: 0, values: v }).expect(200);
  const png = await sharp({ create: { width: 200, height: 200, channels: 3, background: { r: 40, g: 120, b: 200 } } }).png().toBuffer();
  await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}/picture`).set('Content-Type', 'image/png').send(png).expect(204);
  return s;
}

async function openFrame(s: Site, path: string, as: string, hostQuery = '', anchor = ''): Promise<Frame> {
  await page.goto(`${s.host.pageUrl(app.url, path, as)}${hostQuery}${anchor}`);
  const handle = await page.waitForSelector('iframe#app-frame');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the app iframe has no frame');
  return frame;
}

async function openDirectory(s: Site, as: string, options: { dark?: boolean; anchor?: string } = {}): Promise<Frame> {
  const frame = await openFrame(s, '/pages/people-directory', as, options.dark ? '&theme=dark' : '', options.anchor ?? '');
  await frame.waitForSelector('[data-testid="people-directory"][data-state="ready"], [data-testid="people-directory"][data-state="invalid"]');
  return frame;
}

async function search(frame: Frame, query: string) {
  // The answer to this very query (the page may not be "loading" yet when Enter returns).
  const sent = page.waitForRequest((r) => {
    const url = new URL(r.url());
    return url.pathname === '/rest/v1/directory' && url.searchParams.get('q') === query;
  });
  await frame.locator('[data-testid="directory-query"]').fill(query);
  await frame.locator('[data-testid="directory-query"]').press('Enter');
  // Its answer, or its failure (a test may cut the connection).
  await (await sent).response().catch(() => null);
  await frame.waitForSelector('[data-testid="people-directory"]:not([data-state="loading"])');
}

const rows = (frame: Frame) => frame.locator('[data-testid="directory-row"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-account-id')));
const hostState = () => page.evaluate(() => decodeURIComponent(window.location.hash.replace(/^#!/, '').replace(/\+/g, ' ')));

describe('the People Directory', () => {
  it('finds a department whose quoted name has parentheses, keeps the search in the address, and goes back', async () => {
    const s = await site();
    const frame = await openDirectory(s, USER.accountId);
    expect((await rows(frame)).sort()).toEqual(PEOPLE.map((p) => p.accountId).sort());
    // Zoë's picture came through the host adapter (a blob: URL); the others show initials.
    await frame.waitForSelector(`[data-testid="directory-row"][data-account-id="${ZOE.accountId}"] img[src^="blob:"]`);
    await page.screenshot({ path: screenshotPath('directory-everyone'), fullPage: true });

    await search(frame, `department:"${RD}"`);
    expect((await rows(frame)).sort()).toEqual([MAX.accountId, ZOE.accountId]);
    expect(await frame.textContent('[data-testid="directory-total"]')).toBe('2 people');
    // The Confluence page's address holds the search (AP.history): a link to it can be shared.
    expect(await hostState()).toBe(`q=department:"${RD}"`);
    const shared = page.url();

    await search(frame, 'position:Engineer');
    expect(await rows(frame)).toEqual([MAX.accountId]);

    // Back: the previous search, its results, and the box shows it again.
    await page.goBack();
    await frame.waitForFunction((rd) => (document.querySelector('[data-testid="directory-query"]') as HTMLInputElement | null)?.value === `department:"${rd}"`, RD);
    await frame.waitForSelector('[data-testid="people-directory"][data-state="ready"]');
    expect((await rows(frame)).sort()).toEqual([MAX.accountId, ZOE.accountId]);

    // The shared address opens with the search.
    await page.goto(shared);
    const again = await (await page.waitForSelector('iframe#app-frame')).contentFrame();
    await again!.waitForSelector('[data-testid="people-directory"][data-state="ready"]');
    expect(await again!.inputValue('[data-testid="directory-query"]')).toBe(`department:"${RD}"`);
    expect((await rows(again!)).sort()).toEqual([MAX.accountId, ZOE.accountId]);
    await page.screenshot({ path: screenshotPath('directory-search-parentheses'), fullPage: true });
  });

  it('shows a syntax error under the box, marked at its column, and no results', async () => {
    const s = await site();
    const frame = await openDirectory(s, USER.accountId);
    await search(frame, 'department:');
    const error = frame.locator('[data-testid="query-error"]');
    await error.waitFor();
    expect(await frame.getAttribute('[data-testid="people-directory"]', 'data-state')).toBe('invalid');
    expect(await error.getAttribute('data-column')).toBe('12');
    expect(await frame.textContent('[data-testid="query-error-message"]')).toMatch(/column 12/);
    expect(await frame.getAttribute('[data-testid="directory-query"]', 'aria-invalid')).toBe('true');
    expect(await frame.locator('[data-testid="directory-table"]').count()).toBe(0);
    await frame.locator('[data-testid="directory-search"]').screenshot({ path: screenshotPath('directory-syntax-error') });

    // An unbalanced parenthesis outside quotes: the mark sits where the parser stopped.
    await search(frame, 'department:Sales)');
    await error.waitFor();
    const column = Number(await error.getAttribute('data-column'));
    expect(column).toBeGreaterThan(0);
    expect(await frame.textContent('[data-testid="query-error-where"]')).toContain('department:Sales)');
  });

  it('opens a person’s profile through Confluence, and shows cards when asked (remembered)', async () => {
    const s = await site();
    const frame = await openDirectory(s, USER.accountId);
    await frame.locator(`[data-testid="directory-row"][data-account-id="${ZOE.accountId}"] [data-testid="person-link"]`).first().click();
    const calls = await page.evaluate(() => (window as unknown as { __apCalls: Array<{ method: string; args: unknown[] }> }).__apCalls.filter((c) => c.method === 'navigator.go'));
    expect(calls.at(-1)?.args).toEqual(['addonmodule', { addonKey: 'rollcall', moduleKey: 'profile', customData: { accountId: ZOE.accountId } }]);

    await frame.locator('[data-testid="view-cards"]').click();
    await frame.waitForSelector('[data-testid="directory-cards"]');
    expect(await frame.getAttribute('[data-testid="view-cards"]', 'aria-pressed')).toBe('true');
    await page.screenshot({ path: screenshotPath('directory-cards'), fullPage: true });
    const reopened = await openDirectory(s, USER.accountId);
    await reopened.waitForSelector('[data-testid="directory-cards"]');
    await reopened.locator('[data-testid="view-table"]').click();
    await reopened.waitForSelector('[data-testid="directory-table"]');
  });

  it('exports the search as CSV for an admin: a BOM, the header, the rows; a user gets no button; the admin allows users on the settings panel', async () => {
    const s = await site();
    const frame = await openDirectory(s, ADMIN.accountId);
    await search(frame, `department:"${RD}"`);
    const [download] = await Promise.all([page.waitForEvent('download'), frame.locator('[data-testid="directory-export"]').click()]);
    expect(download.suggestedFilename()).toBe('people-department-r-d-berlin.csv');
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^"?Name"?,/);
    expect(lines[0]).toContain('Department');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).join('\n')).toContain('Zoë Åström');
    expect(lines.slice(1).join('\n')).toContain('Max Müller');
    expect(lines.slice(1).join('\n')).toContain(RD);

    const user = await openDirectory(s, USER.accountId);
    expect(await user.locator('[data-testid="directory-export"]').count()).toBe(0);

    // The admin lets everyone export, on the directory's settings.
    const adminFrame = await openDirectory(s, ADMIN.accountId);
    await adminFrame.locator('[data-testid="directory-settings-toggle"]').click();
    await adminFrame.locator('[data-testid="settings-export-for-users--hidden-checkbox"]').check({ force: true });
    await adminFrame.locator('[data-testid="directory-settings"]').screenshot({ path: screenshotPath('directory-settings') });
    await adminFrame.locator('[data-testid="settings-save"]').click();
    await page.waitForSelector('.test-host-flag[data-type="success"]');
    expect((await s.as(ADMIN.accountId).get('/rest/v1/directory/settings').expect(200)).body.exportForUsers).toBe(true);
    // A user may export now (the server's rule). Their page cannot tell yet: the settings are the
    // admins' to read, and the directory's answer does not say whether the viewer may export.
    await s.as(USER.accountId).get('/rest/v1/directory/export').expect(200);
  });

  it('says when no one matches, and offers a way back; a failed load offers to try again', async () => {
    const s = await site();
    const frame = await openDirectory(s, USER.accountId);
    await search(frame, 'position:Astronaut*');
    await frame.waitForSelector('[data-testid="directory-empty"]');
    await frame.locator('[data-testid="directory-empty"]').screenshot({ path: screenshotPath('directory-empty') });
    await frame.locator('[data-testid="directory-clear"]').click();
    await frame.waitForSelector('[data-testid="people-directory"][data-state="ready"] [data-testid="directory-row"]');
    expect(await frame.inputValue('[data-testid="directory-query"]')).toBe('');

    // The next search fails on the way (the connection drops once): the error, then "Try again" works.
    let failed = false;
    await page.route(/\/rest\/v1\/directory\?/, (route) => (failed ? route.continue() : ((failed = true), route.abort('connectionreset'))));
    await search(frame, 'position:Engineer');
    await frame.waitForSelector('[data-testid="people-directory"][data-state="error"] [data-testid="load-error"]');
    await frame.locator('[data-testid="load-error-retry"]').click();
    await frame.waitForSelector('[data-testid="people-directory"][data-state="ready"]');
    expect(await rows(frame)).toEqual([MAX.accountId]);
  });

  it('sorts by a column from its header, the other way on a second click, and keeps the sort in the address', async () => {
    const s = await site();
    const frame = await openDirectory(s, USER.accountId);
    await search(frame, 'has:position');
    await frame.locator('[data-testid="sort-position"]').click();
    await frame.waitForSelector('th[data-column="position"][aria-sort="ascending"]');
    await frame.waitForSelector('[data-testid="people-directory"][data-state="ready"]');
    expect(await rows(frame)).toEqual([GRACE.accountId, ZOE.accountId, MAX.accountId]);
    await frame.locator('[data-testid="sort-position"]').click();
    await frame.waitForSelector('th[data-column="position"][aria-sort="descending"]');
    await frame.waitForSelector('[data-testid="people-directory"][data-state="ready"]');
    expect(await rows(frame)).toEqual([MAX.accountId, ZOE.accountId, GRACE.accountId]);
    expect(await hostState()).toBe('q=has:position&sort=position&order=desc');
  });

  it('narrows the search by a facet value', async () => {
    const s = await site();
    const frame = await openDirectory(s, USER.accountId);
    const facet = frame.locator('[data-testid="facet-value"]').filter({ hasText: RD });
    await facet.first().waitFor();
    await facet.first().click();
    await frame.waitForSelector('[data-testid="people-directory"][data-state="ready"]');
    expect((await rows(frame)).sort()).toEqual([MAX.accountId, ZOE.accountId]);
    expect(await frame.inputValue('[data-testid="directory-query"]')).toContain(RD);
  });

  it('is readable in the dark theme', async () => {
    const s = await site();
    const frame = await openDirectory(s, USER.accountId, { dark: true });
    await frame.waitForSelector('html[data-rollcall-color-mode="dark"] [data-testid="directory-table"]');
    const colours = await frame.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      return {
        background: getComputedStyle(document.documentElement).backgroundColor,
        heading: style('h1').color,
        header: style('[data-testid="directory-table"] th').color,
        cell: style('[data-testid="directory-row"] td').color,
        link: style('[data-testid="person-link"]').color,
        total: style('[data-testid="directory-total"]').color,
      };
    });
    expect(contrast(colours.background, 'rgb(0, 0, 0)')).toBeLessThan(3);
    for (const colour of [colours.heading, colours.header, colours.cell, colours.link, colours.total]) expect(contrast(colour, colours.background)).toBeGreaterThanOrEqual(4.5);
    await page.screenshot({ path: screenshotPath('directory-dark-results'), fullPage: true });
    await search(frame, 'department:');
    await frame.locator('[data-testid="query-error"]').waitFor();
    const error = await frame.evaluate(() => getComputedStyle(document.querySelector('[data-testid="query-error-message"]')!).color);
    expect(contrast(error, colours.background)).toBeGreaterThanOrEqual(4.5);
    await page.screenshot({ path: screenshotPath('directory-dark'), fullPage: true });
  });
});

describe('the People list macro', () => {
  it('is inserted through its editor, which checks the search, and renders the list in the page', async () => {
    const s = await site();
    const editor = await openFrame(s, '/macros/people-list-editor', USER.accountId);
    await editor.waitForSelector('[data-testid="people-list-editor"]');
    await editor.locator('[data-testid="people-list-query"]').fill('department:(');
    await editor.locator('[data-testid="people-list-save"]').click();
    await editor.locator('[data-testid="query-error"]').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __savedMacro?: unknown }).__savedMacro)).toBeUndefined();
    await editor.locator('[data-testid="people-list-editor"]').screenshot({ path: screenshotPath('people-list-editor-error') });

    await editor.locator('[data-testid="people-list-query"]').fill(`department:"${RD}"`);
    await editor.locator('[data-testid="people-list-columns"]').fill('position, nosuchfield');
    await editor.locator('[data-testid="people-list-check-button"]').click();
    expect(await editor.textContent('[data-testid="people-list-check"]')).toBe('2 people match.');
    expect(await editor.textContent('[data-testid="people-list-missing"]')).toContain('nosuchfield');
    await editor.locator('[data-testid="people-list-columns"]').fill('position');
    await editor.locator('[data-testid="people-list-save"]').click();
    await page.waitForFunction(() => (window as unknown as { __macroEditorClosed?: boolean }).__macroEditorClosed === true);
    const saved = await page.evaluate(() => (window as unknown as { __savedMacro: { query: string; columns: string } }).__savedMacro);
    expect(saved).toEqual({ query: `department:"${RD}"`, columns: 'position' });

    // Confluence renders the macro with its parameters in the URL.
    const macro = await openFrame(s, `/macros/people-list?${new URLSearchParams({ query: saved.query, columns: saved.columns })}`, USER.accountId);
    await macro.waitForSelector('[data-testid="people-list"][data-state="ready"]');
    expect((await rows(macro)).sort()).toEqual([MAX.accountId, ZOE.accountId]);
    expect(await macro.locator('[data-testid="directory-table"] thead th').allTextContents()).toEqual(['Name', 'Position']);
    expect(await macro.textContent('[data-testid="people-list-total"]')).toBe('2 people');
    await macro.locator('[data-testid="people-list"]').screenshot({ path: screenshotPath('people-list-macro') });

    // The editor reopened shows the saved parameters.
    const reopened = await openFrame(s, '/macros/people-list-editor', USER.accountId, `&macro=${encodeURIComponent(JSON.stringify(saved))}`);
    await reopened.waitForSelector('[data-testid="people-list-editor"]');
    await reopened.waitForFunction(() => (document.querySelector('[data-testid="people-list-query"]') as HTMLInputElement).value !== '');
    expect(await reopened.inputValue('[data-testid="people-list-query"]')).toBe(saved.query);
  });

  it('says when its search no longer parses, in the dark theme too', async () => {
    const s = await site();
    const macro = await openFrame(s, `/macros/people-list?${new URLSearchParams({ query: 'department:', columns: '' })}`, USER.accountId, '&theme=dark');
    await macro.waitForSelector('[data-testid="people-list"][data-state="invalid"] [data-testid="people-list-problem"]');
    await macro.locator('[data-testid="people-list"]').screenshot({ path: screenshotPath('people-list-macro-problem-dark') });
  });
});
