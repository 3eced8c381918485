import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RawEnv } from '../../src/env';
import { startTestApp, type TestApp } from './app';
import { startTestHost, type FixtureUser, type TestHost } from './confluenceHost';
import type { Site } from './sites';

/** Debian's Chromium (apt-get install chromium); CHROMIUM_PATH overrides. */
const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium for browser tests. The flags keep it off the network: this machine has none
 * beyond loopback, and Chromium's background requests would only fail noisily.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(EXECUTABLE)) {
    throw new Error(`Chromium not found at ${EXECUTABLE}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({
    executablePath: EXECUTABLE,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** Where browser tests leave screenshots (git-ignored), so a person can look at the pages. */
export function screenshotPath(name: string): string {
  const dir = path.resolve(__dirname, '../../test-results');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

/** WCAG 2's contrast ratio of two computed `rgb(…)` colours (1 to 21; text wants 4.5, large text 3). */
export function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, b] = color.match(/[\d.]+/g)!.slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/**
 * Collects what Chromium refused under the app's Content-Security-Policy (a blocked script, style,
 * image or frame), from the page and all its frames: browser suites expect none.
 */
export function watchCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

/** What a framed-page browser suite works with; `page` is new for each test. */
export interface FramedAppSuite {
  app: TestApp;
  /** Serves all.js (the AP stand-in) to every framed page; tests install sites of their own. */
  scriptHost: TestHost;
  browser: Browser;
  page: Page;
}

/**
 * Registers the lifecycle every framed-page browser suite shares: a script host, the app and
 * Chromium once; a fresh page (1280×900, 10 s default timeout) per test; and at the end the
 * browser, the suite's sites, the app and the host closed. A test fails if Chromium refused
 * anything under the app's Content-Security-Policy. `onReady` gets the current objects
 * after each setup step, so a suite keeps its own variables.
 */
export function useFramedAppSuite(
  options: { users: FixtureUser[]; env?: Partial<Record<keyof RawEnv, string>>; sites: Site[] },
  onReady: (suite: FramedAppSuite) => void,
): void {
  const suite = {} as FramedAppSuite;
  let cspViolations: string[] = [];
  beforeAll(async () => {
    suite.scriptHost = await startTestHost({ users: options.users });
    suite.app = await startTestApp({ host: suite.scriptHost, env: options.env });
    suite.browser = await launchBrowser();
    onReady(suite);
  }, 60_000);
  beforeEach(async () => {
    suite.page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    suite.page.setDefaultTimeout(10_000);
    cspViolations = watchCspViolations(suite.page);
    onReady(suite);
  });
  afterEach(async () => {
    await suite.page?.close();
    expect(cspViolations).toEqual([]);
  });
  afterAll(async () => {
    await suite.browser?.close();
    await Promise.all(options.sites.map((s) => s.close()));
    await suite.app?.close();
    await suite.scriptHost?.close();
  });
}
