import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { useTestApp, type TestApp } from '../support/app';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

/**
 * Item 19 of issue #13: every page and macro answer carries a Content-Security-Policy that lets only
 * Confluence frame it and runs only our scripts and Connect's all.js; REST answers a restrictive
 * one; `nosniff` everywhere; never X-Frame-Options (the pages live in Confluence's iframes).
 */
let app: TestApp;
const sites: Site[] = [];
useTestApp({ sites }, (started) => (app = started));

async function site(): Promise<Site> {
  const s = await installSite(app, [ADMIN, USER]);
  sites.push(s);
  return s;
}

function signedPath(s: Site, accountId: string, pathAndQuery: string): string {
  const url = new URL(s.host.signedUrl(app.url, accountId, pathAndQuery));
  return url.pathname + url.search;
}

/** A file of the front-end's build (globalSetup builds it), as the app serves it. */
function frontendAsset(): string {
  const assets = path.resolve(__dirname, '../../dist/frontend/assets');
  const file = fs.readdirSync(assets).find((f) => f.endsWith('.js'));
  if (!file) throw new Error('the front-end build has no script: run npm run build:frontend');
  return `/frontend/assets/${file}`;
}

/** `script-src 'self' x` → { 'script-src': ["'self'", 'x'] } */
function directives(header: string | undefined): Record<string, string[]> {
  expect(header).toBeDefined();
  return Object.fromEntries(header!.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name, values]));
}

function expectPagePolicy(res: request.Response): void {
  const csp = directives(res.headers['content-security-policy']);
  // Confluence Cloud frames the pages; the test sites are the allow-listed 127.0.0.1 / localhost.
  expect(csp['frame-ancestors']).toEqual(expect.arrayContaining(['https://*.atlassian.net', 'https://*.jira.com', '127.0.0.1:*', 'localhost:*']));
  expect(csp['frame-ancestors']).not.toContain('*');
  // Our scripts and Connect's all.js (here the test host's), nothing inline, nothing evaluated.
  expect(csp['script-src']).toEqual(["'self'", new URL(app.addon.config.hostScriptUrl()).origin]);
  // Our stylesheets, and <style> elements with this response's nonce (the front-end's theme and runtimes).
  expect(csp['style-src']).toEqual(["'self'", expect.stringMatching(/^'nonce-[A-Za-z0-9+/]{22}==?'$/)]);
  expect(csp['object-src']).toEqual(["'none'"]);
  expect(csp['base-uri']).toEqual(["'self'"]);
  expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBeUndefined();
}

it('pages carry the page policy: framed by Confluence only, our scripts and all.js only', async () => {
  const s = await site();
  expectPagePolicy(await request(app.url).get(signedPath(s, USER.accountId, '/pages/profile')).expect(200));
  expectPagePolicy(await request(app.url).get(signedPath(s, ADMIN.accountId, '/admin/data-sources')).expect(200));
});

it("the front-end's page shell gets a fresh nonce per response, on its csp-nonce meta tag, and loads only hashed assets", async () => {
  const s = await site();
  const nonces: string[] = [];
  for (let i = 0; i < 2; i++) {
    const res = await request(app.url).get(signedPath(s, ADMIN.accountId, '/admin/profile-migration')).expect(200);
    expectPagePolicy(res);
    const nonce = directives(res.headers['content-security-policy'])['style-src'][1].slice("'nonce-".length, -1);
    // Handlebars escapes the attribute (`=` as `&#x3D;`); the browser reads it back as it was.
    expect(res.text).toContain(`<meta property="csp-nonce" nonce="${nonce.replace(/=/g, '&#x3D;')}">`);
    nonces.push(nonce);
    const assets = [...res.text.matchAll(/(?:src|href)="(\/frontend\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(2); // the entry and its stylesheet
    for (const asset of assets) {
      expect(asset).toMatch(/^\/frontend\/assets\/[\w.-]+-[\w-]{8}\.(js|css)$/);
      const file = await request(app.url).get(asset).expect(200);
      expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(file.headers['x-content-type-options']).toBe('nosniff');
    }
  }
  expect(nonces[0]).not.toBe(nonces[1]);
});

it('macro answers and error pages carry it too', async () => {
  const s = await site();
  expectPagePolicy(await request(app.url).get(signedPath(s, USER.accountId, `/macros/profile-card?accountId=${USER.accountId}&fields=`)).expect(200));
  // An error page is shown in the same iframe: it needs the same stylesheet and the same framing.
  expectPagePolicy(await request(app.url).get('/pages/profile').set('Accept', 'text/html').expect(401));
});

it('REST answers, successful or not, get default-src none and may not be framed', async () => {
  const s = await site();
  for (const res of [await s.as(USER.accountId).get('/rest/v1/me').expect(200), await request(app.url).get('/rest/v1/me').expect(401)]) {
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  }
});

it('static files, the descriptor and the health check are nosniff', async () => {
  for (const p of [frontendAsset(), '/atlassian-connect.json', '/healthz']) {
    const res = await request(app.url).get(p).expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  }
});

it('the views have no inline script, event handler or style attribute, and a style element only with the response\'s nonce (the policy would refuse them)', () => {
  const views = path.resolve(__dirname, '../../views');
  const files = fs.readdirSync(views, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.hbs'));
  // The pages' shell, the cards, the error page.
  expect(files.sort()).toEqual(['error.hbs', 'macros/profile-card.hbs', 'shell.hbs']);
  for (const file of files) {
    const text = fs.readFileSync(path.join(views, file), 'utf8');
    expect({ file, inline: text.match(/<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|\sstyle=|<style(?![^>]*\bnonce="\{\{nonce\}\}")/gi) }).toEqual({ file, inline: null });
  }
});

it("the error page's style element carries the response's nonce, which the policy names", async () => {
  const res = await request(app.url).get('/admin/profile-editor').set('Accept', 'text/html').expect(401);
  // Handlebars escapes the attribute's `=` padding; the browser reads it back as `=`.
  const nonce = /<style nonce="([^"]+)">/.exec(res.text)?.[1]?.replace(/&#x3D;/g, '=');
  expect(nonce).toMatch(/^[A-Za-z0-9+/=_-]{16,}$/);
  expect(directives(res.headers['content-security-policy'])['style-src']).toContain(`'nonce-${nonce}'`);
});
