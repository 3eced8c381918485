/**
 * The "Active Directory" preset of the LDAP source form, in Chromium, framed by the test host: one
 * click fills the filter, the id, the timestamp attribute and pattern and the picture attribute;
 * with the run's Samba DC (test/support/samba.ts) the source then saves and tests green over LDAPS.
 * Hooks: `directory-presets` with `preset-active-directory` and `preset-status` (role status), in
 * the Users group; the rest as in dataSources.test.ts.
 */
import type { Frame, Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { AD_USER_FILTER, AdFixture } from '../support/adFixtures';
import { contrast, screenshotPath, useFramedAppSuite } from '../support/browser';
import type { FixtureUser } from '../support/confluenceHost';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

const ZOE: FixtureUser = { accountId: 'acc-zoe', displayName: 'Zoe Astrom', email: 'zoe@example.com', groups: ['confluence-users'] };
const PEOPLE = [ADMIN, USER, ZOE];

let app: TestApp;
let page: Page;
const sites: Site[] = [];

useFramedAppSuite({ users: PEOPLE, sites }, (suite) => ({ app, page } = suite));

async function openPage(site: Site, theme = ''): Promise<Frame> {
  await page.goto(`${site.host.pageUrl(app.url, '/admin/data-sources', ADMIN.accountId)}${theme ? `&theme=${theme}` : ''}`);
  const frame = (await (await page.waitForSelector('iframe#app-frame')).contentFrame())!;
  await frame.waitForSelector('[data-testid="data-sources"][data-loaded="true"]');
  return frame;
}

describe('the Active Directory preset on the source form', () => {
  it('fills the AD settings in one click, and the source tests green against the DC over LDAPS', async () => {
    const site = await installSite(app, PEOPLE);
    sites.push(site);
    const ad = await new AdFixture().create();
    await ad.add({ sam: 'zoe', cn: 'Zoe Astrom', sn: 'Astrom', mail: 'zoe@example.com', title: 'Engineer' });
    await ad.add({ sam: 'gone', cn: 'Gone Person', sn: 'Person', mail: 'gone@example.com', disabled: true });

    const frame = await openPage(site);
    await frame.locator('[data-testid="empty-state"] [data-testid="add-source"]').click();
    const form = frame.locator('[data-testid="source-form"][data-mode="add"]');
    await form.waitFor();
    const preset = form.locator('[data-testid="preset-active-directory"]');
    expect(await preset.getAttribute('type')).toBe('button');
    // By keyboard, as a person without a mouse would.
    await preset.focus();
    await page.keyboard.press('Enter');
    await frame.waitForFunction(() => !!document.querySelector('[data-testid="preset-status"]')?.textContent);
    expect(await form.locator('[data-testid="preset-status"]').textContent()).toContain('Filled in for Active Directory');
    expect(await form.locator('[name="settings.userFilter"]').inputValue()).toBe(AD_USER_FILTER);
    expect(await form.locator('[name="settings.idAttribute"]').inputValue()).toBe('objectGUID');
    expect(await form.locator('[data-testid="picture-choice"]').inputValue()).toBe('thumbnailPhoto');
    expect(await form.locator('[data-testid="timestamp-attribute"]').inputValue()).toBe('whenChanged');
    expect(await form.locator('[name="incremental.timestampPatternChoice"][value="yyyyMMddHHmmss.Z"]').isChecked()).toBe(true);
    await form.locator('[data-testid="directory-presets"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('data-sources-ad-preset'), fullPage: true });

    const values: Record<string, string> = {
      name: 'Corp AD',
      'settings.url': ad.ad.url,
      'settings.caCertificate': ad.ad.caCertificate,
      'settings.bindDn': ad.ad.reader.upn,
      bindPassword: ad.ad.reader.password,
      'settings.baseDn': ad.ad.baseDn,
      'settings.additionalUserDn': ad.additionalUserDn,
    };
    for (const [name, value] of Object.entries(values)) await form.locator(`[name="${name}"]`).fill(value);
    await form.locator('[data-testid="save-and-test"]').click();
    const result = frame.locator('[data-testid="test-result"][data-state="passed"]');
    await result.waitFor({ timeout: 30_000 });
    // The disabled account is not counted.
    expect(await result.locator('[data-testid="test-count"]').textContent()).toContain('1');
    expect(await result.locator('[data-testid="test-id-attribute"]').textContent()).toContain('objectGUID');
    await page.screenshot({ path: screenshotPath('data-sources-ad-tested'), fullPage: true });

    const sources = (await site.as(ADMIN.accountId).get('/rest/v1/sources').expect(200)).body;
    const saved = sources.sources[0];
    expect(saved.settings).toMatchObject({ userFilter: AD_USER_FILTER, idAttribute: 'objectGUID', pictureAttribute: 'thumbnailPhoto', bindDn: ad.ad.reader.upn });
    expect(saved.incremental).toMatchObject({ timestampAttribute: 'whenChanged', timestampPattern: 'yyyyMMddHHmmss.Z' });
  }, 60_000);

  it('reads well in the dark theme', async () => {
    const site = await installSite(app, PEOPLE);
    sites.push(site);
    const frame = await openPage(site, 'dark');
    await frame.waitForSelector('html[data-rollcall-color-mode="dark"]');
    await frame.locator('[data-testid="empty-state"] [data-testid="add-source"]').click();
    const form = frame.locator('[data-testid="source-form"][data-mode="add"]');
    await form.locator('[data-testid="preset-active-directory"]').click();
    await frame.waitForFunction(() => !!document.querySelector('[data-testid="preset-status"]')?.textContent);
    const background = await frame.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const colours = await frame.evaluate(() =>
      ['#directory-presets-label', '#directory-presets-status', '[data-testid="preset-active-directory"]'].map((s) => getComputedStyle(document.querySelector(s)!).color),
    );
    for (const colour of colours) expect(contrast(colour, background)).toBeGreaterThanOrEqual(4.5);
    await form.locator('[data-testid="directory-presets"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('data-sources-ad-preset-dark'), fullPage: true });
  }, 45_000);
});
