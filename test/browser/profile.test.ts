/**
 * The Profile page, the profile card macro and the author card in Chromium, framed by the test
 * host, driven through their UI only.
 *
 * Hooks the page offers for tests (the React page in frontend/src/pages/profile/, on Atlaskit):
 * - `[data-testid="profile"]` the page root: `data-loaded="true"` once the profile is shown
 *   (`"error"` when it cannot be), `data-mode="view"|"edit"`; `page-message` (`page-message-warning|error`,
 *   `load-error` with its "Try again").
 * - Header: `profile-name` (its first child the name's text, then `left-directory`), `profile-subtitle`
 *   (position · department), `profile-meta` with `last-changed`, `edit-profile`; `picture` holding
 *   `picture-img` (a blob: URL) or `picture-initials`; `picture-actions` with `picture-file` (input
 *   type=file), `change-picture`, `remove-picture`; `picture-error`.
 * - Crop (`cropper-slot`): `cropper` with `crop-canvas` (drag, wheel, arrow keys, + and -), `crop-zoom`
 *   (range 1–4, read on every input event), `crop-preview`, `crop-error`, `crop-save`, `crop-cancel`.
 * - View: `[data-testid="category"][data-category-id]` with `category-name`, `category-restricted`,
 *   and `[data-testid="field"][data-field-key]` holding `field-label`, `field-help` (short help:
 *   title and aria-label "Help: …"; long help: a button opening `help-panel` with `help-text` and
 *   `help-close`), `field-value` (links: `person-link[data-account-id]`), `field-origin`;
 *   `profile-empty`.
 * - Edit: `profile-form` with `refresh-notice` (the directory changed values since the last sync),
 *   `form-message` (`form-message-error|warning`, `reload-form`), `form-category`,
 *   `[data-testid="form-field"][data-field-key]` with `input-<key>` (the select, textarea or input
 *   itself; `option-<key>--hidden-checkbox`: Atlaskit's checkboxes of a multi-select), `field-error`,
 *   `readonly-note`, `writeback-note`, `refreshed-note`, `field-description` (long help:
 *   `help-excerpt`, `help-more` opening a `help-panel`), `user-picker` (`user-chips` of `user-chip`
 *   with `user-chip-remove`, `user-suggestions` of `user-suggestion[data-account-id]`), `conflict`
 *   (Atlaskit radios `conflict-yours--radio-input`, `conflict-directory--radio-input`, their labels
 *   holding `conflict-…-value`); `save-profile`, `cancel-edit`.
 * - Cards (server-rendered, views/macros/profile-card.hbs, with the `profile-card` entry for theme,
 *   resize and links): `profile-card` with `card-picture` or `card-initials`, `card-name`,
 *   `card-subtitle`, `card-left`, `card-field` (`dt`, `card-value`), `card-empty`,
 *   `card-profile-link`; links to profiles carry `data-profile-link data-account-id`;
 *   `profile-card-problem` (`problem-title`, `problem-message`).
 */
import fs from 'node:fs';
import { Client } from 'ldapts';
import type { Browser, Frame, Page } from 'playwright-core';
import sharp from 'sharp';
import { Profile, ProfilePicture } from '../../src/db/models';
import { storeSourcePicture } from '../../src/profiles/pictureStore';
import { startTestApp, type TestApp } from '../support/app';
import { contrast, launchBrowser, screenshotPath, watchCspViolations } from '../support/browser';
import { startTestHost, type FixtureUser, type TestHost } from '../support/confluenceHost';
import { LdapFixture } from '../support/ldapFixtures';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

const ZOE: FixtureUser = { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe@example.com', groups: ['confluence-users'] };
const JANE: FixtureUser = { accountId: 'acc-jane', displayName: 'Jane Doe', email: 'jane@example.com', groups: ['confluence-users'] };
const PEOPLE = [ADMIN, USER, ZOE, JANE];

let app: TestApp;
let scriptHost: TestHost;
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];
let cspViolations: string[] = [];
const sites: Site[] = [];

beforeAll(async () => {
  // This host serves all.js (the AP stand-in) to every framed page; each test has a site of its own.
  scriptHost = await startTestHost({ users: PEOPLE });
  app = await startTestApp({ host: scriptHost });
  browser = await launchBrowser();
}, 60_000);

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
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

interface Shape {
  bio: { key: string };
  email: { key: string };
  start: { key: string };
  colour: { key: string; options: Array<{ id: string; label: string }> };
  buddy: { key: string };
}

/** A fresh site whose admin added a "Team" category of fields of several types; Rollcall knows everyone. */
async function site(): Promise<{ s: Site; f: Shape }> {
  const s = await installSite(app, PEOPLE);
  sites.push(s);
  const admin = s.as(ADMIN.accountId);
  const team = (await admin.post('/rest/v1/categories', { name: 'Team' }).expect(201)).body.id;
  const add = (label: string, type: string, extra: object = {}) => admin.post('/rest/v1/fields', { label, type, categoryId: team, ...extra }).expect(201).then((r) => r.body);
  const f: Shape = {
    bio: await add('Bio', 'multiline', { helpText: 'A few lines about you and your work' }),
    email: await add('Private email', 'email'),
    start: await add('Start date', 'date'),
    colour: await add('Favourite colour', 'select', { options: [{ label: 'Red' }, { label: 'Blue' }] }),
    buddy: await add('Buddy', 'user', { helpText: 'Who helps newcomers find their way' }),
  };
  // People search (user fields) finds the accounts Rollcall knows: a sync or a look at a profile teaches it.
  for (const person of PEOPLE) await s.as(ADMIN.accountId).get(`/rest/v1/profiles/${person.accountId}`).expect(200);
  return { s, f };
}


async function openProfile(s: Site, as: string, query = ''): Promise<Frame> {
  await page.goto(s.host.pageUrl(app.url, `/pages/profile${query}`, as));
  const handle = await page.waitForSelector('iframe#app-frame');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the app iframe has no frame');
  await frame.waitForSelector('[data-testid="profile"][data-loaded="true"]');
  return frame;
}

function field(frame: Frame, key: string) {
  return frame.locator(`[data-testid="field"][data-field-key="${key}"]`);
}

function formField(frame: Frame, key: string) {
  return frame.locator(`[data-testid="form-field"][data-field-key="${key}"]`);
}

async function openForm(frame: Frame) {
  await frame.locator('[data-testid="edit-profile"]').click();
  await frame.waitForSelector('[data-testid="profile"][data-mode="edit"] [data-testid="profile-form"]');
  return frame.locator('[data-testid="profile-form"]');
}

async function saveAndWaitForView(frame: Frame) {
  await frame.locator('[data-testid="save-profile"]').click();
  await frame.waitForSelector('[data-testid="profile"][data-mode="view"]');
}

describe('the Profile page, driven through its UI', () => {
  it('shows your own profile: categories in order, help, values as links, where each comes from, and an edit button', async () => {
    const { s, f } = await site();
    await s
      .as(ZOE.accountId)
      .put(`/rest/v1/profiles/${ZOE.accountId}`, {
        version: 0,
        values: { position: 'Directory engineer', department: 'Platform', phone: '+41 44 000 11 22', website: 'https://zoe.example', [f.bio.key]: 'Keeps the directory tidy.\nNotes at https://wiki.example/zoe.', [f.buddy.key]: USER.accountId },
      })
      .expect(200);

    // Without ?accountId: the caller's own profile.
    const frame = await openProfile(s, ZOE.accountId);
    expect(await frame.textContent('h1')).toBe('Profile');
    expect(await frame.textContent('[data-testid="profile-name"]')).toBe('Zoë Åström');
    expect(await frame.textContent('[data-testid="profile-subtitle"]')).toBe('Directory engineer · Platform');
    expect(await frame.textContent('[data-testid="profile-meta"]')).toMatch(/^Last changed (just now|a minute ago)$/);
    expect(await frame.locator('[data-testid="edit-profile"]').isVisible()).toBe(true);
    expect(await frame.locator('[data-testid="category-name"]').allTextContents()).toEqual(['Contact', 'Work', 'Team']);
    // Owners see their empty fields too, as an invitation.
    expect(await field(frame, f.start.key).locator('[data-testid="field-value"]').textContent()).toBe('Not filled in');
    expect(await frame.locator('[data-testid="picture-initials"]').textContent()).toBe('ZÅ');

    // Multiline: line breaks kept, the web address a link (built as nodes: the text stays text).
    const bio = field(frame, f.bio.key);
    expect(await bio.locator('[data-testid="field-value"]').innerText()).toBe('Keeps the directory tidy.\nNotes at https://wiki.example/zoe.');
    expect(await bio.locator('[data-testid="field-value"] a').getAttribute('href')).toBe('https://wiki.example/zoe');
    expect(await bio.locator('[data-testid="field-origin"]').textContent()).toBe('Edited by the person');
    const help = bio.locator('[data-testid="field-help"]');
    expect(await help.getAttribute('title')).toBe('A few lines about you and your work');
    expect(await help.getAttribute('aria-label')).toBe('Help: A few lines about you and your work');
    expect(await field(frame, f.email.key).locator('[data-testid="field-help"]').count()).toBe(0);
    expect(await field(frame, 'phone').locator('a').getAttribute('href')).toBe('tel:+41440001122');
    expect(await field(frame, 'website').locator('a').getAttribute('href')).toBe('https://zoe.example');

    // A person links to their profile in the app, opened through Connect's navigator.
    const buddy = field(frame, f.buddy.key).locator('[data-testid="person-link"]');
    expect(await buddy.textContent()).toBe('Bo User');
    expect(await buddy.getAttribute('href')).toBe(`${s.host.baseUrl}/plugins/servlet/ac/rollcall/profile?ac.accountId=${USER.accountId}`);
    await page.screenshot({ path: screenshotPath('profile-own'), fullPage: true });
    await help.hover();
    await buddy.click();
    await page.waitForFunction(() => (window as unknown as { __apCalls: Array<{ method: string }> }).__apCalls.some((c) => c.method === 'navigator.go'));
    const go = await page.evaluate(() => (window as unknown as { __apCalls: Array<{ method: string; args: unknown[] }> }).__apCalls.find((c) => c.method === 'navigator.go'));
    expect(go!.args).toEqual(['addonmodule', { addonKey: 'rollcall', moduleKey: 'profile', customData: { accountId: USER.accountId } }]);
  });

  it('opens a long help text in a panel that scrolls, by mouse or keyboard, on the profile and in the form', async () => {
    const { s, f } = await site();
    const paragraph = (n: number) =>
      `${n}. Write a few lines about your work: what you own, what people ask you about, and how they reach you best. Keep it current — the people directory and the org chart show it to everyone on this site. `.repeat(2).trim();
    let help = '';
    for (let n = 1; help.length < 10_000; n++) help += (help ? '\n\n' : '') + paragraph(n);
    help = help.slice(0, 10_000).trimEnd();
    await s.as(ADMIN.accountId).patch(`/rest/v1/fields/${f.bio.key}`, { helpText: help }).expect(200);

    const frame = await openProfile(s, ZOE.accountId);
    const bio = field(frame, f.bio.key);
    const button = bio.locator('[data-testid="field-help"]');
    const panel = bio.locator('[data-testid="help-panel"]');
    // Long help is no tooltip (a browser would cut it off): the (?) is a button naming the field.
    expect(await button.evaluate((el) => el.tagName)).toBe('BUTTON');
    expect(await button.getAttribute('aria-label')).toBe('Help: Bio');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await panel.isHidden()).toBe(true);
    // Short help stays a tooltip.
    expect(await field(frame, f.buddy.key).locator('[data-testid="field-help"]').getAttribute('title')).toBe('Who helps newcomers find their way');

    // Keyboard: Enter opens it and puts the focus in the text, which scrolls within its height.
    await button.focus();
    await page.keyboard.press('Enter');
    await panel.waitFor({ state: 'visible' });
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect(await button.getAttribute('aria-controls')).toBe(await panel.getAttribute('id'));
    expect(await panel.getAttribute('aria-label')).toBe('Help: Bio');
    const text = panel.locator('[data-testid="help-text"]');
    expect(await text.textContent()).toBe(help);
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('help-text');
    const box = await text.evaluate((el) => ({ client: el.clientHeight, scroll: el.scrollHeight }));
    expect(box.client).toBeLessThanOrEqual(240);
    expect(box.scroll).toBeGreaterThan(box.client * 5);
    expect(await text.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre-line');
    await page.keyboard.press('PageDown');
    await frame.waitForFunction(() => (document.querySelector('[data-testid="help-text"]')?.scrollTop ?? 0) > 0);
    await page.screenshot({ path: screenshotPath('profile-long-help'), fullPage: true });
    await bio.screenshot({ path: screenshotPath('profile-long-help-field') });

    // Escape closes it and gives the focus back to the (?).
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('field-help');
    // The mouse: the (?) opens it, Close closes it.
    await button.click();
    await panel.waitFor({ state: 'visible' });
    await panel.locator('[data-testid="help-close"]').click();
    await panel.waitFor({ state: 'hidden' });
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('field-help');

    // The edit form shows its beginning, and the whole text on demand.
    const form = await openForm(frame);
    const description = formField(frame, f.bio.key).locator('[data-testid="field-description"]');
    const excerpt = description.locator('[data-testid="help-excerpt"]');
    expect(await excerpt.textContent()).toMatch(/^1\. Write a few lines about your work: .{40,}…\s$/);
    const more = description.locator('[data-testid="help-more"]');
    expect(await more.textContent()).toBe('Show all help');
    await more.click();
    const formPanel = description.locator('[data-testid="help-panel"]');
    await formPanel.waitFor({ state: 'visible' });
    expect(await excerpt.isHidden()).toBe(true);
    expect(await more.textContent()).toBe('Hide help');
    expect(await formPanel.locator('[data-testid="help-text"]').textContent()).toBe(help);
    await formField(frame, f.bio.key).screenshot({ path: screenshotPath('profile-form-long-help') });
    // Escape closes the help only (not the form), and the focus returns to its button.
    await page.keyboard.press('Escape');
    await formPanel.waitFor({ state: 'hidden' });
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('help-more');
    expect(await form.isVisible()).toBe(true);
    expect(await more.textContent()).toBe('Show all help');
    // A short help is shown whole.
    expect(await formField(frame, f.buddy.key).locator('[data-testid="field-description"]').textContent()).toBe('Who helps newcomers find their way');
  });

  it('shows another person\'s profile without an edit button, and only what they filled in', async () => {
    const { s, f } = await site();
    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values: { position: 'Directory engineer', [f.colour.key]: f.colour.options[1].id } }).expect(200);

    // She left every directory (a sync marks it; her values stay).
    await Profile.update({ leftDirectoryAt: new Date('2026-03-02T10:00:00Z') }, { where: { tenantId: s.tenantId, accountId: ZOE.accountId } });

    const frame = await openProfile(s, USER.accountId, `?accountId=${ZOE.accountId}`);
    expect(await frame.locator('[data-testid="profile-name"]').evaluate((el) => el.firstChild?.textContent)).toBe('Zoë Åström');
    expect(await frame.textContent('[data-testid="left-directory"]')).toBe('Left the directory');
    expect(await frame.getAttribute('[data-testid="left-directory"]', 'title')).toMatch(/^Left the directory on 2 March 2026/);
    expect(await frame.locator('[data-testid="edit-profile"]').count()).toBe(0);
    expect(await frame.locator('[data-testid="picture-actions"]').isHidden()).toBe(true);
    expect(await frame.locator('[data-testid="field"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-field-key')))).toEqual(['position', f.colour.key]);
    expect(await field(frame, f.colour.key).locator('[data-testid="field-value"]').textContent()).toBe('Blue');
    await page.screenshot({ path: screenshotPath('profile-other'), fullPage: true });

    // Someone Confluence does not know.
    const missing = await page.goto(s.host.pageUrl(app.url, '/pages/profile?accountId=nobody-here', USER.accountId));
    expect(missing?.ok()).toBe(true);
    const unknown = await (await page.waitForSelector('iframe#app-frame')).contentFrame();
    await unknown!.waitForSelector('[data-testid="profile"][data-loaded="error"]');
    expect(await unknown!.textContent('[data-testid="page-message"]')).toContain('No such person');

    // A link that names no account id at all.
    await page.goto(s.host.pageUrl(app.url, '/pages/profile?accountId=not%20an%20id', USER.accountId));
    const invalid = (await (await page.waitForSelector('iframe#app-frame')).contentFrame())!;
    await invalid.waitForSelector('[data-testid="profile"][data-loaded="error"]');
    expect(await invalid.textContent('[data-testid="page-message"]')).toContain('The link names an account id that is not valid.');
    expect(await invalid.locator('[data-testid="profile-header"]').count()).toBe(0);
  });

  it('shows the history of your own profile and downloads your data; others see neither', async () => {
    const { s, f } = await site();
    const zoe = s.as(ZOE.accountId);
    await zoe.put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values: { position: 'Engineer' } }).expect(200);
    const v1 = (await zoe.get(`/rest/v1/profiles/${ZOE.accountId}`).expect(200)).body.version;
    await zoe.put(`/rest/v1/profiles/${ZOE.accountId}`, { version: v1, values: { position: 'Directory engineer', [f.colour.key]: f.colour.options[1].id, [f.buddy.key]: JANE.accountId } }).expect(200);

    const frame = await openProfile(s, ZOE.accountId);
    const history = frame.locator('[data-testid="profile-history"]');
    await history.locator('[data-testid="show-history"]').click();
    await history.locator('[data-testid="history-event"]').first().waitFor();
    const events = await history.locator('[data-testid="history-event"]').evaluateAll((els) =>
      els.map((el) => [el.querySelector('[data-testid="history-by"]')?.textContent, ...Array.from(el.querySelectorAll('[data-testid="history-change"]')).map((c) => c.textContent)]),
    );
    expect(events).toEqual([
      ['Zoë Åström', 'Position: Engineer → Directory engineer', 'Favourite colour: — → Blue', 'Buddy: — → Jane Doe'],
      ['Zoë Åström', 'Position: — → Engineer'],
    ]);
    await history.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('profile-history'), fullPage: true });

    const download = page.waitForEvent('download');
    await history.locator('[data-testid="download-data"]').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('my-profile-data.json');
    const data = JSON.parse(fs.readFileSync((await file.path())!, 'utf8'));
    expect(data.accountId).toBe(ZOE.accountId);
    expect(data.history).toHaveLength(2);
    await page.locator('.test-host-flag[data-type="success"]', { hasText: 'Your profile data is downloaded' }).waitFor();

    // Someone else sees neither her history nor the download.
    const other = await openProfile(s, USER.accountId, `?accountId=${ZOE.accountId}`);
    expect(await other.locator('[data-testid="profile-history"]').count()).toBe(0);
  });

  it('says when the profile could not be loaded, and loads it with Try again', async () => {
    const { s } = await site();
    let failures = 1;
    await page.route('**/rest/v1/profiles/*', (route) =>
      failures-- > 0 && route.request().method() === 'GET'
        ? route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: 'internal', message: 'The database did not answer.' }) })
        : route.fallback(),
    );
    try {
      await page.goto(s.host.pageUrl(app.url, '/pages/profile', ZOE.accountId));
      const frame = (await (await page.waitForSelector('iframe#app-frame')).contentFrame())!;
      await frame.waitForSelector('[data-testid="profile"][data-loaded="error"]');
      const box = frame.locator('[data-testid="load-error"]');
      expect(await box.textContent()).toContain('The profile could not be loaded');
      expect(await box.textContent()).toContain('The database did not answer.');
      await box.getByRole('button', { name: 'Try again' }).click();
      await frame.waitForSelector('[data-testid="profile"][data-loaded="true"]');
      expect(await frame.locator('[data-testid="load-error"]').count()).toBe(0);
      expect(await frame.locator('[data-testid="profile-name"]').evaluate((el) => el.firstChild?.textContent)).toBe('Zoë Åström');
    } finally {
      await page.unroute('**/rest/v1/profiles/*');
    }
  });

  it('edits text, multiline, date, select and user fields, shows a refused email next to its input, and saves', async () => {
    const { s, f } = await site();
    const frame = await openProfile(s, ZOE.accountId);
    const form = await openForm(frame);
    expect(await form.locator('[data-testid="form-category"] h3').allTextContents()).toEqual(['Contact', 'Work', 'Team']);

    await form.locator('[data-testid="input-position"]').fill('Directory engineer');
    await form.locator(`[data-testid="input-${f.bio.key}"]`).fill('Line one\nSee https://example.com/zoe');
    await form.locator(`[data-testid="input-${f.start.key}"]`).fill('2024-02-29');
    await form.locator(`[data-testid="input-${f.colour.key}"]`).selectOption({ label: 'Blue' });
    await form.locator(`[data-testid="input-${f.email.key}"]`).fill('not-an-email');
    // The user field: type, pick from the suggestions.
    const buddy = formField(frame, f.buddy.key);
    await buddy.locator(`[data-testid="input-${f.buddy.key}"]`).fill('bo');
    const suggestion = buddy.locator('[data-testid="user-suggestion"][data-account-id="user-1"]');
    await suggestion.waitFor();
    expect(await suggestion.textContent()).toContain('Bo User');
    await page.screenshot({ path: screenshotPath('profile-edit-autocomplete'), fullPage: true });
    await suggestion.click();
    expect(await buddy.locator('[data-testid="user-chip"]').allTextContents()).toEqual(['BUBo User×']);

    // The server refuses the email: its message next to the input, nothing saved.
    const refusal = page.waitForResponse((r) => r.url().includes(`/rest/v1/profiles/${ZOE.accountId}`) && r.request().method() === 'PUT');
    await form.locator('[data-testid="save-profile"]').click();
    const response = await refusal;
    expect(response.status()).toBe(422);
    const emailError = formField(frame, f.email.key).locator('[data-testid="field-error"]');
    await frame.waitForFunction((key) => !!document.querySelector(`[data-field-key="${key}"] [data-testid="field-error"]`)?.textContent, f.email.key);
    expect(await emailError.textContent()).toBe('Private email must be an email address like name@example.com');
    expect(await form.locator(`[data-testid="input-${f.email.key}"]`).getAttribute('aria-invalid')).toBe('true');
    expect(await formField(frame, 'position').locator('[data-testid="field-error"]').textContent()).toBe('');
    // Only changed fields were sent.
    expect(Object.keys(response.request().postDataJSON().values).sort()).toEqual(['position', f.bio.key, f.start.key, f.colour.key, f.email.key, f.buddy.key].sort());
    await page.screenshot({ path: screenshotPath('profile-edit-invalid'), fullPage: true });
    await formField(frame, f.email.key).screenshot({ path: screenshotPath('profile-edit-invalid-detail') });

    await form.locator(`[data-testid="input-${f.email.key}"]`).fill('zoe@private.example');
    await saveAndWaitForView(frame);
    await page.locator('.test-host-flag[data-type="success"]', { hasText: 'Profile saved' }).waitFor();

    expect(await frame.textContent('[data-testid="profile-subtitle"]')).toBe('Directory engineer');
    expect(await field(frame, f.bio.key).locator('[data-testid="field-value"]').innerText()).toBe('Line one\nSee https://example.com/zoe');
    expect(await field(frame, f.bio.key).locator('a').getAttribute('href')).toBe('https://example.com/zoe');
    expect(await field(frame, f.start.key).locator('[data-testid="field-value"]').textContent()).toBe('29 February 2024');
    expect(await field(frame, f.colour.key).locator('[data-testid="field-value"]').textContent()).toBe('Blue');
    expect(await field(frame, f.email.key).locator('a').getAttribute('href')).toBe('mailto:zoe@private.example');
    expect(await field(frame, f.buddy.key).locator('[data-testid="person-link"]').textContent()).toBe('Bo User');
    await page.screenshot({ path: screenshotPath('profile-saved'), fullPage: true });

    const stored = (await s.as(ZOE.accountId).get(`/rest/v1/profiles/${ZOE.accountId}`).expect(200)).body;
    const values = Object.fromEntries(stored.categories.flatMap((c: { fields: Array<{ key: string; value: unknown }> }) => c.fields).map((x: { key: string; value: unknown }) => [x.key, x.value]));
    expect(values).toMatchObject({ position: 'Directory engineer', [f.start.key]: '2024-02-29', [f.colour.key]: f.colour.options[1].id, [f.buddy.key]: USER.accountId, [f.bio.key]: 'Line one\nSee https://example.com/zoe' });

    // A second edit: clear the buddy, and nothing else goes to the server.
    await openForm(frame);
    await formField(frame, f.buddy.key).locator('[data-testid="user-chip-remove"]').click();
    const second = page.waitForRequest((r) => r.url().includes(`/rest/v1/profiles/${ZOE.accountId}`) && r.method() === 'PUT');
    await saveAndWaitForView(frame);
    expect((await second).postDataJSON()).toMatchObject({ values: { [f.buddy.key]: null }, version: 1 });
    expect(await field(frame, f.buddy.key).locator('[data-testid="field-value"]').textContent()).toBe('Not filled in');
  });

  it('picks people in a user field with the keyboard alone, and says when no one matches', async () => {
    const { s, f } = await site();
    const frame = await openProfile(s, ZOE.accountId);
    await openForm(frame);
    const buddy = formField(frame, f.buddy.key);
    const input = buddy.locator(`[data-testid="input-${f.buddy.key}"]`);
    expect(await input.getAttribute('role')).toBe('combobox');
    expect(await frame.locator(`label[for="${await input.getAttribute('id')}"]`).textContent()).toBe('Buddy');
    await input.focus();
    await page.keyboard.type('nobody by this name');
    await buddy.locator('[data-testid="user-suggestion-none"]').waitFor();
    expect(await buddy.locator('[data-testid="user-suggestion-none"]').textContent()).toBe('No one matches “nobody by this name”.');
    // Escape closes the list, and leaves the form open.
    await page.keyboard.press('Escape');
    await buddy.locator('[data-testid="user-suggestions"]').waitFor({ state: 'hidden' });
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    await input.fill('');
    await page.keyboard.type('jane');
    const suggestion = buddy.locator('[data-testid="user-suggestion"][data-account-id="acc-jane"]');
    await suggestion.waitFor();
    // The first suggestion is active; Enter picks it (and does not submit the form).
    expect(await suggestion.getAttribute('aria-selected')).toBe('true');
    expect(await input.getAttribute('aria-activedescendant')).toBe(await suggestion.getAttribute('id'));
    await page.keyboard.press('Enter');
    await buddy.locator('[data-testid="user-chip"][data-account-id="acc-jane"]').waitFor();
    expect(await frame.locator('[data-testid="profile"]').getAttribute('data-mode')).toBe('edit');
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
    // A single-user field: another pick replaces her; Backspace in the empty input removes the chip.
    await page.keyboard.type('bo');
    await buddy.locator('[data-testid="user-suggestion"][data-account-id="user-1"]').waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await buddy.locator('[data-testid="user-chip"][data-account-id="user-1"]').waitFor();
    expect(await buddy.locator('[data-testid="user-chip"]').count()).toBe(1);
    expect(await buddy.locator('[data-testid="user-chip-remove"]').getAttribute('aria-label')).toBe('Remove Bo User');
    await page.keyboard.press('Backspace');
    await buddy.locator('[data-testid="user-chip"]').waitFor({ state: 'detached' });
  });

  it('offers to reload when the profile changed since the form opened', async () => {
    const { s } = await site();
    const frame = await openProfile(s, ZOE.accountId);
    const form = await openForm(frame);
    await s.as(ADMIN.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values: { im: 'zoe.a' } }).expect(200);
    await form.locator('[data-testid="input-im"]').fill('zoe.b');
    await form.locator('[data-testid="save-profile"]').click();
    const warning = form.locator('[data-testid="form-message-warning"]');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('This profile changed since you opened the form');
    await warning.locator('[data-testid="reload-form"]').click();
    await frame.waitForFunction(() => (document.querySelector('[data-testid="input-im"]') as HTMLInputElement | null)?.value === 'zoe.a');
  });

  it('shows a directory\'s picture, rendered on this first view from the original a sync stored', async () => {
    const { s } = await site();
    // As a sync stores it: the original only (a 600×800 portrait, green), no renditions yet.
    const original = await sharp({ create: { width: 600, height: 800, channels: 3, background: '#36b37e' } }).jpeg().toBuffer();
    await ProfilePicture.sequelize!.transaction((transaction) => storeSourcePicture(s.tenantId, 'ldap:1', ZOE.accountId, original, transaction));
    expect((await ProfilePicture.findOne({ where: { tenantId: s.tenantId, accountId: ZOE.accountId } }))!.size512).toBeNull();

    const frame = await openProfile(s, USER.accountId, `?accountId=${ZOE.accountId}`);
    await frame.waitForFunction(() => (document.querySelector('[data-testid="picture-img"]') as HTMLImageElement | null)?.naturalWidth === 512);
    const stored = await ProfilePicture.findOne({ where: { tenantId: s.tenantId, accountId: ZOE.accountId } });
    const { data, info } = await sharp(stored!.size512!).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([512, 512]);
    expect(data[1]).toBeGreaterThan(150); // green, from the original
    await frame.locator('[data-testid="profile-header"]').screenshot({ path: screenshotPath('profile-directory-picture') });
  });

  it('uploads a picture through the crop step, shows it, refuses a file that is no image, and removes it', async () => {
    const { s } = await site();
    const frame = await openProfile(s, ZOE.accountId);
    // Left half red, right half blue: the crop decides what shows.
    const png = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#de350b' } })
      .composite([{ input: await sharp({ create: { width: 320, height: 400, channels: 3, background: '#0052cc' } }).png().toBuffer(), left: 320, top: 0 }])
      .png()
      .toBuffer();
    await frame.locator('[data-testid="picture-file"]').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
    const cropper = frame.locator('[data-testid="cropper"]');
    await cropper.waitFor();
    // The keyboard: the stage has the focus; + zooms in, - out, Shift+arrows move the picture.
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('crop-canvas');
    const zoom = cropper.locator('[data-testid="crop-zoom"]');
    await page.keyboard.press('=');
    expect(await zoom.inputValue()).toBe('1.1');
    await page.keyboard.press('-');
    expect(Number(await zoom.inputValue())).toBeCloseTo(1);
    /** The preview's colour a quarter of the way across (the picture is red on the left, blue on the right). */
    const previewQuarter = () =>
      cropper.locator('[data-testid="crop-preview"]').evaluate((canvas: HTMLCanvasElement) => {
        const [r, , b] = canvas.getContext('2d')!.getImageData(Math.floor(canvas.width / 4), Math.floor(canvas.height / 2), 1, 1).data;
        return r > b ? 'red' : 'blue';
      });
    expect(await previewQuarter()).toBe('red');
    for (let i = 0; i < 8; i++) await page.keyboard.press('Shift+ArrowLeft');
    expect(await previewQuarter()).toBe('blue');
    // Zoom in, then drag the picture left: the window shows the blue half.
    await zoom.evaluate((el: HTMLInputElement) => {
      el.value = '1.5';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const canvas = await cropper.locator('[data-testid="crop-canvas"]').boundingBox();
    if (!canvas) throw new Error('no crop canvas');
    await page.mouse.move(canvas.x + 160, canvas.y + 160);
    await page.mouse.down();
    await page.mouse.move(canvas.x + 20, canvas.y + 160, { steps: 6 });
    await page.mouse.up();
    await page.screenshot({ path: screenshotPath('profile-crop'), fullPage: true });

    const upload = page.waitForRequest((r) => r.url().endsWith(`/rest/v1/profiles/${ZOE.accountId}/picture`) && r.method() === 'PUT');
    await cropper.locator('[data-testid="crop-save"]').click();
    const sent = await upload;
    expect(sent.headers()['content-type']).toBe('image/jpeg');
    const img = frame.locator('[data-testid="picture-img"]');
    await img.waitFor();
    await cropper.waitFor({ state: 'detached' });
    expect(await img.getAttribute('src')).toMatch(/^blob:/);
    await frame.waitForFunction(() => (document.querySelector('[data-testid="picture-img"]') as HTMLImageElement | null)?.naturalWidth === 512);
    await page.locator('.test-host-flag[data-type="success"]', { hasText: 'Picture saved' }).waitFor();
    // The stored picture is the crop: square, and blue where the window was.
    const stored = await ProfilePicture.findOne({ where: { tenantId: s.tenantId, accountId: ZOE.accountId } });
    const { data, info } = await sharp(stored!.size128!).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([128, 128]);
    const centre = (64 * 128 + 64) * info.channels;
    expect(data[centre + 2]).toBeGreaterThan(150); // blue
    expect(data[centre]).toBeLessThan(80); // not red
    await page.screenshot({ path: screenshotPath('profile-picture'), fullPage: true });

    // A file the browser cannot draw goes to Rollcall as it is; its refusal shows next to the picture.
    await frame.locator('[data-testid="picture-file"]').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('these are notes, not a picture') });
    const error = frame.locator('[data-testid="picture-error"]');
    await frame.waitForFunction(() => !!document.querySelector('[data-testid="picture-error"]')?.textContent);
    expect(await error.textContent()).toMatch(/^This picture cannot be used/);
    await frame.locator('[data-testid="profile-header"]').screenshot({ path: screenshotPath('profile-picture-refused') });

    await frame.locator('[data-testid="remove-picture"]').click();
    await frame.locator('[data-testid="picture-initials"]').waitFor();
    expect(await ProfilePicture.count({ where: { tenantId: s.tenantId, accountId: ZOE.accountId } })).toBe(0);
  });

  it('writes an edited phone number back to LDAP, and lets the person choose when LDAP changed meanwhile', async () => {
    const { s } = await site();
    const ldap = await new LdapFixture().create();
    const dn = await ldap.add({ uid: 'zoe', cn: 'Zoe Astrom', sn: 'Astrom', mail: 'zoe@example.com', title: 'Engineer', telephoneNumber: '+41 44 000 00 01' });
    const admin = s.as(ADMIN.accountId);
    const source = (await admin.post('/rest/v1/sources', ldap.sourceBody('writer')).expect(201)).body;
    await admin.put(`/rest/v1/sources/${source.id}/mappings`, { mappings: [{ fieldKey: 'phone', attribute: 'telephoneNumber', writeBack: true }, { fieldKey: 'position', attribute: 'title' }] }).expect(200);
    await admin.patch(`/rest/v1/sources/${source.id}`, { writeBack: true }).expect(200);
    const started = await admin.post(`/rest/v1/sources/${source.id}/sync`, {}).expect(202);
    await app.sync.waitFor(started.body.runId);
    const readLdap = async (attribute: string) => {
      const client = new Client({ url: ldap.ldap.url });
      await client.bind(ldap.ldap.admin.dn, ldap.ldap.admin.password);
      const { searchEntries } = await client.search(dn, { scope: 'base', attributes: [attribute] });
      await client.unbind();
      return searchEntries[0][attribute];
    };

    const frame = await openProfile(s, ZOE.accountId);
    expect(await field(frame, 'phone').locator('[data-testid="field-origin"]').textContent()).toMatch(/^From Corp LDAP · synced (just now|a minute ago)$/);
    const form = await openForm(frame);
    // Position comes from LDAP without write-back: read-only, and why.
    expect(await form.locator('[data-testid="input-position"]').isDisabled()).toBe(true);
    expect(await formField(frame, 'position').locator('[data-testid="readonly-note"]').textContent()).toBe(' Comes from Corp LDAP; change it there.');
    expect(await formField(frame, 'phone').locator('[data-testid="writeback-note"]').textContent()).toBe('Saving also updates Corp LDAP.');
    expect(await form.locator('[data-testid="input-phone"]').inputValue()).toBe('+41 44 000 00 01');

    // LDAP changes while the form is open: the save is refused with both values to choose from.
    await ldap.modify(dn, { telephoneNumber: '+41 44 555 55 55' });
    await form.locator('[data-testid="input-phone"]').fill('+41 44 999 99 99');
    await form.locator('[data-testid="save-profile"]').click();
    const conflict = formField(frame, 'phone').locator('[data-testid="conflict"]');
    await conflict.waitFor();
    expect(await conflict.locator('[data-testid="conflict-yours-value"]').textContent()).toBe('+41 44 999 99 99');
    expect(await conflict.locator('[data-testid="conflict-directory-value"]').textContent()).toBe('+41 44 555 55 55');
    expect(await conflict.textContent()).toContain('In Corp LDAP now:');
    expect(await readLdap('telephoneNumber')).toBe('+41 44 555 55 55');
    await page.screenshot({ path: screenshotPath('profile-ldap-conflict'), fullPage: true });
    await formField(frame, 'phone').screenshot({ path: screenshotPath('profile-ldap-conflict-detail') });

    // Keep mine: saved again against the directory's current value, written to LDAP first.
    await conflict.locator('label', { hasText: 'Yours:' }).click();
    const put = page.waitForRequest((r) => r.url().includes(`/rest/v1/profiles/${ZOE.accountId}`) && r.method() === 'PUT');
    await saveAndWaitForView(frame);
    expect((await put).postDataJSON()).toMatchObject({ values: { phone: '+41 44 999 99 99' }, ldapValues: { phone: '+41 44 555 55 55' } });
    await page.locator('.test-host-flag[data-type="success"]', { hasText: 'written to Corp LDAP' }).waitFor();
    expect(await readLdap('telephoneNumber')).toBe('+41 44 999 99 99');
    expect(await field(frame, 'phone').locator('[data-testid="field-value"]').textContent()).toBe('+41 44 999 99 99');
    await page.screenshot({ path: screenshotPath('profile-ldap-saved'), fullPage: true });
  });
  it('shows the directory\'s values changed since the last sync in the form, and Save stores them without writing them back', async () => {
    const { s } = await site();
    const ldap = await new LdapFixture().create();
    const dn = await ldap.add({ uid: 'zoe', cn: 'Zoe Astrom', sn: 'Astrom', mail: 'zoe@example.com', title: 'Engineer', telephoneNumber: '+41 44 000 00 01' });
    const admin = s.as(ADMIN.accountId);
    // The bind user may read only: a save that tried to write the directory would fail.
    const source = (await admin.post('/rest/v1/sources', ldap.sourceBody('reader')).expect(201)).body;
    await admin.put(`/rest/v1/sources/${source.id}/mappings`, { mappings: [{ fieldKey: 'phone', attribute: 'telephoneNumber', writeBack: true }, { fieldKey: 'position', attribute: 'title' }] }).expect(200);
    await admin.patch(`/rest/v1/sources/${source.id}`, { writeBack: true }).expect(200);
    const started = await admin.post(`/rest/v1/sources/${source.id}/sync`, {}).expect(202);
    await app.sync.waitFor(started.body.runId);
    await ldap.modify(dn, { title: 'Staff engineer', telephoneNumber: '+41 44 555 55 55' });

    const frame = await openProfile(s, ZOE.accountId);
    expect(await field(frame, 'position').locator('[data-testid="field-value"]').textContent()).toBe('Engineer');
    const form = await openForm(frame);
    const notice = form.locator('[data-testid="refresh-notice"]');
    expect(await notice.getAttribute('role')).toBe('status');
    expect(await notice.innerText()).toBe('Corp LDAP has newer values\n\nPhone and Position changed in Corp LDAP since the last sync. The form shows the new values: click Save to accept these changes.');
    expect(await form.locator('[data-testid="input-position"]').inputValue()).toBe('Staff engineer');
    expect(await form.locator('[data-testid="input-phone"]').inputValue()).toBe('+41 44 555 55 55');
    expect(await formField(frame, 'position').locator('[data-testid="refreshed-note"]').textContent()).toBe(' Changed in Corp LDAP since the last sync; was “Engineer”.');
    expect(await formField(frame, 'phone').locator('[data-testid="refreshed-note"]').textContent()).toBe(' Changed in Corp LDAP since the last sync; was “+41 44 000 00 01”.');
    expect(await formField(frame, 'im').locator('[data-testid="refreshed-note"]').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('profile-directory-refreshed'), fullPage: true });

    // Save with no change of her own: the new values are stored all the same (not "Nothing to save").
    await saveAndWaitForView(frame);
    await page.locator('.test-host-flag[data-type="success"]', { hasText: 'The new values from Corp LDAP are saved.' }).waitFor();
    expect(await field(frame, 'position').locator('[data-testid="field-value"]').textContent()).toBe('Staff engineer');
    expect(await field(frame, 'phone').locator('[data-testid="field-value"]').textContent()).toBe('+41 44 555 55 55');
    const stored = (await Profile.findOne({ where: { tenantId: s.tenantId, accountId: ZOE.accountId } }))!;
    expect(stored.values).toMatchObject({ position: 'Staff engineer', phone: '+41 44 555 55 55' });
    expect(stored.valueSources).toMatchObject({ position: `ldap:${source.id}`, phone: `ldap:${source.id}` });

    // Opened again, the form has nothing new to report.
    const again = (await s.as(ZOE.accountId).get(`/rest/v1/profiles/${ZOE.accountId}?for=edit`).expect(200)).body;
    expect(again.categories.flatMap((c: { fields: Array<{ refreshed?: object }> }) => c.fields).filter((f: { refreshed?: object }) => f.refreshed)).toEqual([]);
  });

  it('shows the profile card macro: a compact card whose links open the full profile through Connect', async () => {
    const { s, f } = await site();
    await s
      .as(ZOE.accountId)
      .put(`/rest/v1/profiles/${ZOE.accountId}`, {
        version: 0,
        values: { position: 'Directory engineer', department: 'Platform', location: 'Zürich', phone: '+41 44 000 11 22', website: 'https://zoe.example', [f.buddy.key]: USER.accountId },
      })
      .expect(200);
    const png = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#00875a' } }).png().toBuffer();
    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}/picture`).set('Content-Type', 'image/png').send(png).expect(204);

    await page.goto(s.host.pageUrl(app.url, `/macros/profile-card?accountId=${ZOE.accountId}&fields=`, USER.accountId));
    const frame = (await (await page.waitForSelector('iframe#app-frame')).contentFrame())!;
    const card = frame.locator('[data-testid="profile-card"]');
    await card.waitFor();
    expect(await card.locator('[data-testid="card-name"]').textContent()).toBe('Zoë Åström');
    expect(await card.locator('[data-testid="card-subtitle"]').textContent()).toBe('Directory engineer');
    expect(await card.locator('dt').allTextContents()).toEqual(['Department', 'Location', 'Phone', 'Website']);
    expect(await card.locator('[data-testid="card-picture"]').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(128);
    await card.screenshot({ path: screenshotPath('profile-card-macro') });

    // Named fields, a person among them.
    await page.goto(s.host.pageUrl(app.url, `/macros/profile-card?accountId=${ZOE.accountId}&fields=${f.buddy.key},phone`, USER.accountId));
    const named = (await (await page.waitForSelector('iframe#app-frame')).contentFrame())!;
    await named.locator('[data-testid="profile-card"]').waitFor();
    expect(await named.locator('dt').allTextContents()).toEqual(['Buddy', 'Phone']);
    await named.locator('[data-profile-link][data-account-id="user-1"]').click();
    await page.waitForFunction(() => (window as unknown as { __apCalls: Array<{ method: string }> }).__apCalls.some((c) => c.method === 'navigator.go'));
    const go = await page.evaluate(() => (window as unknown as { __apCalls: Array<{ method: string; args: unknown[] }> }).__apCalls.find((c) => c.method === 'navigator.go'));
    expect(go!.args).toEqual(['addonmodule', { addonKey: 'rollcall', moduleKey: 'profile', customData: { accountId: USER.accountId } }]);

    await page.goto(s.host.pageUrl(app.url, '/macros/profile-card?accountId=nobody-here&fields=', USER.accountId));
    const missing = (await (await page.waitForSelector('iframe#app-frame')).contentFrame())!;
    await missing.locator('[data-testid="profile-card-problem"]').waitFor();
    await missing.locator('[data-testid="profile-card-problem"]').screenshot({ path: screenshotPath('profile-card-macro-not-found') });
  });

  it("follows Confluence's dark theme on the page and the card, with readable contrast", async () => {
    const { s, f } = await site();
    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values: { position: 'Directory engineer', department: 'Platform', [f.buddy.key]: USER.accountId } }).expect(200);
    await page.goto(`${s.host.pageUrl(app.url, '/pages/profile', ZOE.accountId)}&theme=dark`);
    const frame = (await (await page.waitForSelector('iframe#app-frame')).contentFrame())!;
    await frame.waitForSelector('html[data-rollcall-color-mode="dark"] [data-testid="profile"][data-loaded="true"]');
    const colours = await frame.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      return {
        background: style('html').backgroundColor,
        name: style('[data-testid="profile-name"]').color,
        subtitle: style('[data-testid="profile-subtitle"]').color,
        label: style('[data-testid="field-label"]').color,
        value: style('[data-field-key="position"] [data-testid="field-value"]').color,
        link: style('[data-testid="person-link"]').color,
        origin: style('[data-testid="field-origin"]').color,
      };
    });
    expect(contrast(colours.background, 'rgb(0, 0, 0)')).toBeLessThan(3);
    expect(contrast(colours.name, colours.background)).toBeGreaterThanOrEqual(7);
    for (const text of [colours.subtitle, colours.label, colours.value, colours.link, colours.origin]) expect(contrast(text, colours.background)).toBeGreaterThanOrEqual(4.5);
    await page.screenshot({ path: screenshotPath('profile-dark'), fullPage: true });
    await openForm(frame);
    await page.screenshot({ path: screenshotPath('profile-form-dark'), fullPage: true });

    // The card, on Confluence's dark page: its own dark surface, readable text.
    await page.goto(`${s.host.pageUrl(app.url, `/macros/profile-card?accountId=${ZOE.accountId}&fields=`, USER.accountId)}&theme=dark`);
    const card = (await (await page.waitForSelector('iframe#app-frame')).contentFrame())!;
    await card.waitForSelector('html[data-rollcall-color-mode="dark"] [data-testid="profile-card"]');
    const cardColours = await card.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      return { surface: style('[data-testid="profile-card"]').backgroundColor, name: style('[data-testid="card-name"]').color, subtitle: style('[data-testid="card-subtitle"]').color, label: style('dt').color };
    });
    expect(contrast(cardColours.surface, 'rgb(0, 0, 0)')).toBeLessThan(3);
    for (const text of [cardColours.name, cardColours.subtitle, cardColours.label]) expect(contrast(text, cardColours.surface)).toBeGreaterThanOrEqual(4.5);
    await card.locator('[data-testid="profile-card"]').screenshot({ path: screenshotPath('profile-card-dark') });
  });
});
