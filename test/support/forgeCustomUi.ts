/**
 * Forge's host side of Custom UI, for browser tests of the front-end's Forge build
 * (forge/dist/forge): a loopback static server for the build (as Forge's CDN serves a resource,
 * with a Custom UI content security policy) and a host page framing it, and the bridge
 * `@forge/bridge` talks to (`globalThis.__bridge.callBridge(name, payload)`, which Forge injects
 * into the iframe) answered from Node: getContext, invoke (→ the test Forge platform's
 * invokeRemote to the app, with real FITs and both OAuth tokens), fetchRemote (→ the remote with a
 * FIT only, bytes as base64 both ways as the bridge expects, a form rebuilt and sent as multipart), fetchProduct (requestConfluence →
 * the site's product API with the viewer's user token), showFlag, navigate, enableTheming.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { ForgeContext } from '../../frontend/src/host/forge';
import type { ForgePlatform, ForgeSite } from './forgePlatform';

export const FORGE_BUILD = path.resolve(__dirname, '../../forge/dist/forge');

/**
 * What Forge's CSP for a Custom UI resource allows (assets of the resource itself; the manifest's
 * `permissions.content.styles: [unsafe-inline]`; images from data: and blob: URLs; no remote
 * fetch from the page: calls go through the bridge). Stricter than Forge's in places, never looser.
 */
export const CUSTOM_UI_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };

/** The host page: Confluence's part of the screen, with the module's iframe. */
const HOST_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Confluence (Forge test host)</title></head>
<body style="margin:0;font-family:sans-serif"><header style="padding:8px;background:#eee">Confluence · Forge test host</header>
<iframe id="forge-frame" src="/index.html" title="Rollcall" style="width:100%;height:1400px;border:0"></iframe></body></html>`;

export interface StaticServer {
  url: string;
  /** Paths asked for. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves the Forge build (and the host page at `/host.html`) on 127.0.0.1, every response with {@link CUSTOM_UI_CSP}. */
export async function serveForgeBuild(dir = FORGE_BUILD): Promise<StaticServer> {
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`No Forge build at ${dir}: run npm run build:forge`);
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(pathname);
    if (pathname === '/host.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(HOST_PAGE);
    }
    const file = path.resolve(dir, `.${pathname}`);
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CUSTOM_UI_CSP, 'X-Content-Type-Options': 'nosniff' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The form a `requestRemote` with a `FormData` body stands for, as Forge's host rebuilds it before
 * sending it to the remote as `multipart/form-data`: the bridge sent the form as JSON, its parts
 * named `file…` as base64 data URLs with their name and type beside them (`__fileName`,
 * `__fileType`; `@forge/bridge` out/fetch/fetch.js), every other part as text.
 */
export function formOfBridge(json: string): FormData {
  const parsed = JSON.parse(json) as Record<string, string>;
  const form = new FormData();
  for (const [key, value] of Object.entries(parsed)) {
    if (key.startsWith('__')) continue;
    if (!key.startsWith('file')) {
      form.append(key, value);
      continue;
    }
    const base64 = value.includes(';base64,') ? value.slice(value.indexOf(';base64,') + ';base64,'.length) : value;
    const type = parsed[`__${key}Type`] ?? '';
    form.append(key, new Blob([Buffer.from(base64, 'base64')], { type }), parsed[`__${key}Name`] ?? 'blob');
  }
  return form;
}

/** One call the page made through the bridge. */
export interface BridgeCall {
  name: string;
  payload: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface ForgeModuleView {
  /** The module's frame, once its page is ready (`body[data-rollcall-ready]`). */
  frame: Frame;
  /** Every bridge call, in order. */
  calls: BridgeCall[];
}

export interface OpenModuleOptions {
  app: { url: string };
  platform: ForgePlatform;
  site: ForgeSite;
  server: StaticServer;
  accountId: string;
  moduleKey: string;
  /** Merged into the context's `extension` (a macro's `config`, a global page's `location`, the byline's `content`). */
  extension?: ForgeContext['extension'];
  license?: ForgeContext['license'];
  environmentType?: string;
  colorMode?: 'light' | 'dark';
}

/** The context `view.getContext()` gives a module, shaped as Forge's (`FullContext` of @forge/bridge). */
export function contextFor(options: Pick<OpenModuleOptions, 'site' | 'accountId' | 'moduleKey' | 'extension' | 'license' | 'environmentType'>) {
  return {
    accountId: options.accountId,
    cloudId: options.site.cloudId,
    siteUrl: options.site.siteUrl,
    moduleKey: options.moduleKey,
    localId: `local-${options.moduleKey}`,
    environmentId: options.site.environmentId.split('/').pop(),
    environmentType: options.environmentType ?? 'DEVELOPMENT',
    locale: 'en-US',
    timezone: 'UTC',
    ...(options.license !== undefined ? { license: options.license } : {}),
    extension: { type: 'confluence:globalPage', ...options.extension },
  };
}

/**
 * Opens a module of the Forge build in `page` as Forge would: the host page frames index.html, and
 * the bridge in that frame is answered here. Resolves once the page marks itself ready.
 */
export async function openForgeModule(page: Page, options: OpenModuleOptions): Promise<ForgeModuleView> {
  const calls: BridgeCall[] = [];
  const context = contextFor(options);
  const { app, platform, site, accountId, moduleKey } = options;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bridge's payloads, as @forge/bridge sends them
  await page.exposeFunction('__rollcallForgeHost', async (name: string, payload: any) => {
    calls.push({ name, payload });
    switch (name) {
      case 'getContext':
        return context;
      case 'invoke': {
        if (payload.invokeType !== 'ui-remote-fetch') throw new Error(`unexpected invoke type ${payload.invokeType}`);
        const answer = await platform.invokeRemote(app.url, site, accountId, payload.path, { method: payload.method, body: payload.body, moduleKey });
        const headers: Record<string, string[]> = {};
        answer.headers.forEach((value, key) => (headers[key] = [value]));
        const result = { status: answer.status, headers, body: answer.body === '' ? undefined : answer.body };
        return answer.status < 400 ? { success: true, payload: result } : { success: false, error: result };
      }
      case 'fetchRemote': {
        if (payload.remoteKey !== 'rollcall') throw new Error(`requestRemote to an unknown remote: ${payload.remoteKey}`);
        const init = payload.fetchRequestInit as { method?: string; path: string; body?: string | null; headers: Array<[string, string]> };
        // Forge's requestRemote: a FIT, never the OAuth tokens.
        const fit = await platform.fit(site, { accountId, moduleKey });
        // A form goes out as multipart, its type (and boundary) set by fetch, not the bridge's text/plain.
        const sent = Object.fromEntries(init.headers.filter(([name]) => !(payload.isMultipartFormData && name.toLowerCase() === 'content-type')));
        const body = payload.isMultipartFormData ? formOfBridge(init.body ?? '{}') : (init.body ?? undefined);
        const res = await fetch(`${app.url}${init.path}`, { method: init.method ?? 'GET', headers: { ...sent, authorization: `Bearer ${fit}` }, body });
        const bytes = Buffer.from(await res.arrayBuffer());
        const type = res.headers.get('content-type') ?? '';
        const isAttachment = !!bytes.length && !/json|^text\//.test(type);
        const headers: Record<string, string> = {};
        res.headers.forEach((value, key) => (headers[key] = value));
        return { status: res.status, statusText: res.statusText, headers, body: isAttachment ? bytes.toString('base64') : bytes.toString('utf8'), isAttachment };
      }
      case 'fetchProduct': {
        // requestConfluence: Forge calls the product API as the viewer (the user token).
        if (payload.product !== 'confluence') throw new Error(`requestProduct to ${payload.product}`);
        const init = payload.fetchRequestInit as { method?: string; headers: Array<[string, string]> };
        const res = await fetch(`${site.apiBaseUrl}${payload.restPath}`, { method: init.method ?? 'GET', headers: { ...Object.fromEntries(init.headers), authorization: `Bearer ${platform.userToken(site, accountId)}` } });
        const headers: Record<string, string> = {};
        res.headers.forEach((value, key) => (headers[key] = value));
        return { status: res.status, statusText: res.statusText, headers, body: await res.text() };
      }
      case 'showFlag':
      case 'closeFlag':
      case 'navigate':
      case 'enableTheming':
      case 'submit':
        return null;
      default:
        throw new Error(`the test Forge host does not answer ${name}`);
    }
  });
  // What Forge injects into the Custom UI frame: the bridge's entry point. Theming sets the colour
  // mode attributes on <html>, as Forge's theme bridge does.
  await page.addInitScript((colorMode: string) => {
    if (!location.pathname.endsWith('/index.html')) return;
    const host = (window as unknown as { __rollcallForgeHost: (name: string, payload: unknown) => Promise<unknown> }).__rollcallForgeHost;
    (globalThis as unknown as { __bridge: unknown }).__bridge = {
      callBridge: async (name: string, payload?: unknown) => {
        const answer = await host(name, payload === undefined ? null : payload);
        if (name === 'enableTheming') {
          document.documentElement.setAttribute('data-color-mode', colorMode);
          // Only the colour themes: the page adds the spacing and typography themes it needs.
          document.documentElement.setAttribute('data-theme', 'dark:dark light:light');
        }
        return answer;
      },
    };
  }, options.colorMode ?? 'light');
  await page.goto(`${options.server.url}/host.html`);
  const handle = await page.waitForSelector('iframe#forge-frame');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the Forge iframe has no frame');
  await frame.waitForSelector('body[data-rollcall-ready="true"]');
  return { frame, calls };
}
