/**
 * The front-end's Forge Custom UI build (forge/dist/forge/index.html) in Chromium, framed by a test
 * page that plays Forge's host (test/support/forgeCustomUi.ts): the bridge's calls are answered by
 * the test Forge platform (real FITs, system and user tokens) against the app, which runs as a
 * Forge Remote backend. One index.html serves every module: the module key of the context picks
 * the page. The build is served from a loopback static server with a Custom UI content security
 * policy; nothing may be refused under it.
 */
import type { Browser, Frame, Page } from 'playwright-core';
import sharp from 'sharp';
import { Profile, ProfilePicture, SyncRun } from '../../src/db/models';
import { pictureHash } from '../../src/profiles/pictures';
import { startTestApp, type TestApp } from '../support/app';
import { launchBrowser, screenshotPath, watchCspViolations } from '../support/browser';
import type { FixtureUser } from '../support/confluenceHost';
import { openForgeModule, serveForgeBuild, type BridgeCall, type OpenModuleOptions, type StaticServer } from '../support/forgeCustomUi';
import { startForgePlatform, type ForgePlatform } from '../support/forgePlatform';
import { LdapFixture } from '../support/ldapFixtures';
import { ADMIN, installForgeSite, USER, type ForgeInstalledSite } from '../support/sites';

const PEOPLE: FixtureUser[] = [
  ADMIN,
  USER,
  { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe@example.com', groups: ['confluence-users'] },
  { accountId: 'acc-max', displayName: 'Max Boss', email: 'max@example.com', groups: ['confluence-users'] },
];

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
  await site?.close();
  await app?.close();
  await platform?.close();
});

function open(moduleKey: string, accountId: string, more: Partial<OpenModuleOptions> = {}) {
  return openForgeModule(page, { app, platform, site: site.forge, server, accountId, moduleKey, ...more });
}

const invokes = (calls: BridgeCall[]) => calls.filter((c) => c.name === 'invoke').map((c) => c.payload);

function stepStates(frame: Frame): Promise<string[]> {
  return frame.locator('[data-testid="test-step"]').evaluateAll((els) => els.map((el) => `${el.getAttribute('data-step')}:${el.getAttribute('data-ok') ?? 'not run'}`));
}

describe('the Forge Custom UI build, hosted by a stand-in of Forge', () => {
  it('Data Sources: adds an LDAP directory, tests the connection, runs a sync and shows its report, every call through invokeRemote', async () => {
    const ldap = await new LdapFixture().create();
    const max = await ldap.add({ uid: 'max', cn: 'Max Boss', sn: 'Boss', mail: 'max@example.com', title: 'CEO' });
    await ldap.add({ uid: 'zoe', cn: 'Zoë Åström', sn: 'Åström', mail: 'zoe@example.com', title: 'Directory engineer', manager: max });
    await ldap.add({ uid: 'ghost', cn: 'Gus Ghost', sn: 'Ghost', mail: 'gus@example.com', title: 'Not in Confluence' });

    const { frame, calls } = await open('rollcall-data-sources', ADMIN.accountId);
    await frame.waitForSelector('[data-testid="data-sources"][data-loaded="true"]');
    expect(await frame.textContent('h1')).toBe('Data Sources');
    // Only this page's code was loaded: the entry, its chunks, not the other pages'.
    expect(server.requests.some((p) => /ProfileEditorPage|MigrationPage|ProfilePage/.test(p))).toBe(false);
    expect(server.requests.some((p) => /DataSourcesPage-.+\.js$/.test(p))).toBe(true);

    await frame.locator('[data-testid="empty-state"] [data-testid="add-source"]').click();
    const form = frame.locator('[data-testid="source-form"][data-mode="add"]');
    await form.waitFor();
    const values: Record<string, string> = {
      name: 'Company LDAP',
      'settings.url': ldap.ldap.url,
      'settings.bindDn': ldap.ldap.reader.dn,
      bindPassword: ldap.ldap.reader.password,
      'settings.baseDn': ldap.ldap.baseDn,
      'settings.additionalUserDn': `ou=${ldap.ou},ou=people`,
    };
    for (const [name, value] of Object.entries(values)) await form.locator(`[name="${name}"]`).fill(value);
    await page.screenshot({ path: screenshotPath('forge-data-sources-add-form'), fullPage: true });

    // Save and test: the source is created (POST through invokeRemote) and its connection tested.
    await form.locator('[data-testid="save-and-test"]').click();
    const header = frame.locator('[data-testid="source-header"][data-source-id]');
    await header.waitFor();
    const result = frame.locator('[data-testid="test-result"][data-state="passed"]');
    await result.waitFor({ timeout: 20_000 });
    expect(await stepStates(frame)).toEqual(['connect:true', 'rootDse:true', 'idAttribute:true', 'count:true', 'samples:true']);
    expect(await result.locator('[data-testid="test-count"]').textContent()).toBe('3 people match the filter');
    await page.screenshot({ path: screenshotPath('forge-data-sources-test-passed'), fullPage: true });

    // Run now, then the report: 3 seen, 2 added (Zoë and Max are Confluence users), 1 unmatched.
    await header.locator('[data-testid="run-now"]').click();
    const row = frame.locator('[data-testid="run-row"][data-status="succeeded"]');
    await row.waitFor({ timeout: 20_000 });
    const count = (name: string) => row.locator(`[data-testid="run-count-${name}"]`).textContent();
    expect([await count('seen'), await count('added'), await count('unmatched'), await count('failed')]).toEqual(['3', '2', '1', '0']);
    expect(await row.locator('[data-testid="run-trigger"]').textContent()).toBe('Manual');
    await row.locator('[data-testid="run-toggle"]').click();
    await frame.locator('[data-testid="run-details"] [data-testid="run-no-errors"]').waitFor();
    await page.screenshot({ path: screenshotPath('forge-data-sources-report'), fullPage: true });

    // The run was the Forge tenant's, and it filled its profiles.
    const sourceId = await header.getAttribute('data-source-id');
    expect(await SyncRun.count({ where: { tenantId: site.tenantId, sourceId: sourceId!, status: 'succeeded' } })).toBe(1);
    expect(await Profile.count({ where: { tenantId: site.tenantId, accountId: ['acc-zoe', 'acc-max'] } })).toBe(2);

    // Every REST call went through invokeRemote as JSON: the server's path, no Authorization
    // (Forge adds the FIT and the tokens), Content-Type only with a body.
    const sent = invokes(calls);
    expect(sent.map((c) => `${c.method} ${c.path.split('?')[0]}`)).toEqual(expect.arrayContaining(['GET /rest/v1/sources', 'POST /rest/v1/sources', `POST /rest/v1/sources/${sourceId}/test`, `POST /rest/v1/sources/${sourceId}/sync`]));
    for (const call of sent) {
      expect(call.path).toMatch(/^\/rest\/v1\//);
      expect(Object.keys(call.headers ?? {}).map((h) => h.toLowerCase())).not.toContain('authorization');
      expect(call.headers).toEqual(call.body === undefined ? undefined : { 'Content-Type': 'application/json' });
    }
    expect(calls.filter((c) => c.name === 'fetchRemote')).toEqual([]);
    expect(calls.some((c) => c.name === 'enableTheming')).toBe(true);
    expect(await frame.content()).not.toContain(ldap.ldap.reader.password);
  }, 90_000);

  it("Profile: a person's profile, named by the global page's query, with the picture through requestRemote", async () => {
    const zoe = site.as('acc-zoe');
    const mine = (await zoe.get('/rest/v1/profiles/acc-zoe')).body;
    expect((await zoe.put('/rest/v1/profiles/acc-zoe', { values: { position: 'Directory engineer', department: 'IT', website: 'https://zoe.example' }, version: mine.version })).status).toBe(200);
    // A picture, uploaded as Zoë (bytes: in the UI, requestRemote's route).
    const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#36b37e' } }).jpeg().toBuffer();
    const uploaded = await zoe.put('/rest/v1/profiles/acc-zoe/picture', jpeg, { headers: { 'content-type': 'image/jpeg' } });

    const { frame, calls } = await open('rollcall-profile', USER.accountId, { extension: { location: `${site.forge.siteUrl}/wiki/apps/app/env/profile?accountId=acc-zoe` } });
    await frame.waitForSelector('[data-testid="profile"][data-loaded="true"]');
    expect(await frame.textContent('[data-testid="profile-name"]')).toContain('Zoë Åström');
    expect(await frame.textContent('[data-testid="profile-subtitle"]')).toBe('Directory engineer · IT');
    expect(await frame.locator('[data-testid="field"][data-field-key="website"] [data-testid="field-value"]').textContent()).toBe('https://zoe.example');
    // Bo may not edit Zoë's profile.
    expect(await frame.locator('[data-testid="edit-profile"]').count()).toBe(0);
    expect(invokes(calls).map((c) => c.path)).toContain('/rest/v1/profiles/acc-zoe');
    expect(uploaded.status).toBeLessThan(300);
    await frame.waitForSelector('[data-testid="picture-img"]');
    const fetched = calls.filter((c) => c.name === 'fetchRemote').map((c) => c.payload);
    expect(fetched).toEqual([expect.objectContaining({ remoteKey: 'rollcall', fetchRequestInit: expect.objectContaining({ method: 'GET', path: expect.stringMatching(/^\/rest\/v1\/profiles\/acc-zoe\/picture\?size=512/) }) })]);
    await frame.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="picture-img"]');
      return !!img && img.complete && img.naturalWidth > 0 && img.src.startsWith('blob:');
    });
    await page.screenshot({ path: screenshotPath('forge-profile'), fullPage: true });
  });

  it("uploads one's own picture from the profile page: the bytes go as a form through requestRemote and arrive whole", async () => {
    const { frame, calls } = await open('rollcall-profile', 'acc-max');
    await frame.waitForSelector('[data-testid="profile"][data-loaded="true"]');
    const png = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#0052cc' } }).png().toBuffer();
    await frame.locator('[data-testid="picture-file"]').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
    await frame.locator('[data-testid="cropper"] [data-testid="crop-save"]').click();
    await frame.waitForFunction(() => (document.querySelector('[data-testid="picture-img"]') as HTMLImageElement | null)?.naturalWidth === 512);

    // What crossed the bridge: a form (not a body the bridge would turn into text) whose file is the cropped JPEG.
    const upload = calls.find((c) => c.name === 'fetchRemote' && c.payload.fetchRequestInit.method === 'PUT')!.payload;
    expect(upload).toEqual(expect.objectContaining({ remoteKey: 'rollcall', isMultipartFormData: true, fetchRequestInit: expect.objectContaining({ path: '/rest/v1/profiles/acc-max/picture' }) }));
    const form = JSON.parse(upload.fetchRequestInit.body) as Record<string, string>;
    expect(form.__fileType).toBe('image/jpeg');
    const sent = Buffer.from(form.file.slice(form.file.indexOf(',') + 1), 'base64');
    expect([sent[0], sent[1]]).toEqual([0xff, 0xd8]);
    // The server rendered exactly those bytes (a damaged JPEG would not decode, or hash differently).
    const stored = await ProfilePicture.findOne({ where: { tenantId: site.tenantId, accountId: 'acc-max' } });
    expect(stored!.originalHash).toBe(pictureHash(sent));
    const { data, info } = await sharp(stored!.size128!).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([128, 128]);
    expect(data[(64 * 128 + 64) * info.channels + 2]).toBeGreaterThan(150); // blue
    await page.screenshot({ path: screenshotPath('forge-picture-upload'), fullPage: true });
  });

  it('the profile card macro renders in React from the REST API, in the dark theme', async () => {
    const { frame, calls } = await open('rollcall-profile-card', USER.accountId, { extension: { type: 'macro', config: { accountId: 'acc-zoe' } }, colorMode: 'dark' });
    const card = frame.locator('[data-testid="profile-card"][data-account-id="acc-zoe"]');
    await card.waitFor();
    expect(await card.locator('[data-testid="card-name"]').textContent()).toBe('Zoë Åström');
    expect(await card.locator('[data-testid="card-subtitle"]').textContent()).toBe('Directory engineer');
    expect(await card.locator('[data-testid="card-field"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-field-key')))).toEqual(['department', 'website']);
    expect(await frame.getAttribute('html', 'data-rollcall-color-mode')).toBe('dark');
    await card.screenshot({ path: screenshotPath('forge-profile-card-dark') });
    // "View full profile" opens the Profile module with the person as the path's query.
    await card.locator('[data-testid="card-profile-link"]').click();
    for (let i = 0; i < 50 && !calls.some((c) => c.name === 'navigate'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls.filter((c) => c.name === 'navigate').map((c) => c.payload)).toEqual([{ target: 'module', moduleKey: 'rollcall-profile', path: '?accountId=acc-zoe', type: 'same-tab' }]);
  });

  it("the author byline card: the page's author, asked of Confluence as the viewer, as a card", async () => {
    site.forge.host.content.push({ id: '4242', title: 'Team page', createdBy: 'acc-zoe' });
    const { frame, calls } = await open('rollcall-author-card', USER.accountId, { extension: { type: 'confluence:contentBylineItem', content: { id: '4242', type: 'page' } } });
    const card = frame.locator('[data-testid="profile-card"][data-account-id="acc-zoe"]');
    await card.waitFor();
    expect(await card.locator('[data-testid="card-name"]').textContent()).toBe('Zoë Åström');
    expect(calls.filter((c) => c.name === 'fetchProduct').map((c) => c.payload.restPath)).toEqual(['/wiki/rest/api/content/4242?expand=history']);
    expect(site.forge.tokenUse.filter((t) => t.path.startsWith('/content/4242'))).toEqual([{ kind: 'user', accountId: USER.accountId, path: '/content/4242' }]);
    await card.screenshot({ path: screenshotPath('forge-author-card') });
  });

  it('says so on an unlicensed site, on every page, and calls nothing', async () => {
    for (const moduleKey of ['rollcall-profile', 'rollcall-data-sources']) {
      const { frame, calls } = await open(moduleKey, ADMIN.accountId, { license: { active: false }, environmentType: 'PRODUCTION' });
      const notice = frame.locator('[data-testid="unlicensed"]');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('Rollcall is not licensed on this site');
      expect(invokes(calls)).toEqual([]);
      if (moduleKey === 'rollcall-profile') await page.screenshot({ path: screenshotPath('forge-unlicensed'), fullPage: true });
      await page.close();
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      cspViolations = watchCspViolations(page);
    }
  });
});
