import type * as Bridge from '@forge/bridge';
import { fetchInit, followHtmlColorMode, readResponse, requestUrl, type Host, type HostContext, type HostRequest, type HostResponse } from './host';

/** The part of `@forge/bridge` Rollcall uses (the module itself in the app; its shape in unit tests). */
export type ForgeBridge = Pick<typeof Bridge, 'invokeRemote' | 'requestRemote' | 'requestConfluence' | 'showFlag' | 'router' | 'view'>;

/** The manifest's `remotes` key of this server (forge/manifest.yml). */
export const REMOTE_KEY = 'rollcall';

/** What Rollcall reads of `view.getContext()` (`FullContext` of `@forge/bridge`, loosely: Forge adds fields over time). */
export interface ForgeContext {
  accountId?: string;
  moduleKey?: string;
  siteUrl?: string;
  environmentType?: string;
  license?: { active?: boolean; isEvaluation?: boolean } | null;
  extension?: {
    type?: string;
    /** A macro's saved configuration (the profile card's `accountId`, `fields`). */
    config?: Record<string, unknown> | null;
    /** The config screen of a macro (Custom UI renders the `config.resource` with this set). */
    isConfig?: boolean;
    /** The byline item's page. */
    content?: { id?: string | number; type?: string } | null;
    /** A global page's address (its query carries the page's parameters, e.g. `?accountId=`). */
    location?: string;
  } | null;
}

export interface ForgeOptions {
  /** The manifest's `remotes` key of this server (default {@link REMOTE_KEY}). */
  remoteKey?: string;
  /** The page's parameters (from {@link pageParameters} of the context). */
  parameters: Record<string, string>;
}

/** What `invokeRemote` takes: a JSON call to the remote through the UI module's endpoint. */
export interface InvokeRemoteInput {
  path: string;
  method: HostRequest['method'];
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * Whether a request goes through `requestRemote` rather than `invokeRemote`: bytes up (an XML
 * file, a picture) or bytes down (a picture). `invokeRemote` carries JSON bodies only.
 */
export function isBinaryRequest(request: HostRequest): boolean {
  return request.responseType === 'blob' || (!!request.body && 'bytes' in request.body);
}

/** The form part the server reads an upload from (src/http/uploads.ts). */
export const FILE_PART = 'file';

/**
 * `requestRemote`'s input for a request of bytes: bytes up go as a `FormData` whose part `file` is
 * the file, because the bridge passes any other body through `Request.text()` (a picture would
 * arrive damaged) while it carries a form's `file` base64-encoded and Forge sends it to the remote
 * as `multipart/form-data`; the browser sets that type with its boundary.
 */
export function remoteInit(request: HostRequest): RequestInit & { path: string } {
  const init = fetchInit(request, {});
  const path = requestUrl('', request);
  if (!request.body || !('bytes' in request.body)) return { ...init, path };
  const headers = { ...(init.headers as Record<string, string>) };
  delete headers['Content-Type'];
  const form = new FormData();
  const { bytes, contentType } = request.body;
  form.append(FILE_PART, bytes.type === contentType ? bytes : new Blob([bytes], { type: contentType }), bytes instanceof File ? bytes.name : 'upload');
  return { ...init, headers, body: form, path };
}

/**
 * `invokeRemote`'s input for a JSON request: the server's path with its query; `Content-Type`
 * only with a body; never an `Authorization` (Forge adds the FIT and both OAuth tokens).
 */
export function invokeInput(request: HostRequest): InvokeRemoteInput {
  const input: InvokeRemoteInput = { path: requestUrl('', request), method: request.method };
  if (request.body && 'json' in request.body) {
    input.headers = { 'Content-Type': 'application/json' };
    input.body = request.body.json;
  }
  return input;
}

/**
 * The {@link HostResponse} of what `invokeRemote` answered (`{status, headers, body}`; the bridge
 * gives an error's payload the same shape). An answer without a status (the bridge failed) throws:
 * the API client makes it a network error.
 */
export function invokeResponse(answer: unknown): HostResponse {
  const a = (answer ?? {}) as { status?: unknown; statusText?: unknown; body?: unknown };
  if (typeof a.status !== 'number') throw new Error('Forge did not answer the call');
  let body: unknown = a.body ?? null;
  if (typeof body === 'string') {
    // A body that came back as text (no JSON content type): JSON when it is JSON, otherwise none.
    try {
      body = body ? JSON.parse(body) : null;
    } catch {
      body = null;
    }
  }
  return { status: a.status, statusText: typeof a.statusText === 'string' ? a.statusText : '', body };
}

const ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/;

/**
 * The page's parameters from the Forge context, named as the Connect shell names them: a global
 * page's query (`?accountId=` of a profile link), the profile card macro's saved `accountId` (and
 * `fields`), the byline item's `contentId`, and the site's URL.
 */
export function pageParameters(context: ForgeContext): Record<string, string> {
  const parameters: Record<string, string> = {};
  const extension = context.extension ?? {};
  if (extension.location) {
    try {
      const url = new URL(extension.location, 'https://site.invalid');
      for (const [name, value] of url.searchParams) if (name === 'accountId') parameters[name] = value;
    } catch {
      // no parameters from an address that is none
    }
  }
  const config = extension.config ?? {};
  if (typeof config.accountId === 'string' && config.accountId) parameters.accountId = config.accountId;
  if (typeof config.fields === 'string' && config.fields) parameters.fields = config.fields;
  // The org chart macro's levels below its top person (src/forge/OrgChartConfig.tsx).
  if (typeof config.depth === 'string' && /^[1-4]$/.test(config.depth)) parameters.depth = config.depth;
  const contentId = extension.content?.id;
  if (contentId !== undefined && contentId !== null && /^[0-9]{1,20}$/.test(String(contentId))) parameters.contentId = String(contentId);
  if (parameters.accountId !== undefined && !ACCOUNT_ID.test(parameters.accountId)) parameters.accountIdValid = 'false';
  if (context.siteUrl) parameters.siteUrl = context.siteUrl;
  return parameters;
}

/**
 * Whether the site may use Rollcall, from the context's `license` (Forge passes it to a paid app's
 * UI): `unlicensed` when a licence is given and not active, or when a production installation
 * brings none; `licensed` when it is active; `unknown` in development and staging, where Forge
 * passes no licence (docs/FORGE.md).
 */
export function licenseState(context: Pick<ForgeContext, 'license' | 'environmentType'>): 'licensed' | 'unlicensed' | 'unknown' {
  if (context.license) return context.license.active === true ? 'licensed' : 'unlicensed';
  return context.environmentType === 'PRODUCTION' ? 'unlicensed' : 'unknown';
}

/** The account id of a page's author from Confluence's `GET /wiki/rest/api/content/{id}?expand=history` answer; null when it names none. */
export function authorOfContent(body: unknown): string | null {
  const accountId = (body as { history?: { createdBy?: { accountId?: unknown } } } | null)?.history?.createdBy?.accountId;
  return typeof accountId === 'string' && ACCOUNT_ID.test(accountId) ? accountId : null;
}

/** Asks Confluence, as the viewer, who wrote the page `contentId` (the byline's author card). */
export async function contentAuthor(bridge: Pick<ForgeBridge, 'requestConfluence'>, contentId: string): Promise<string | null> {
  const response = await bridge.requestConfluence(`/wiki/rest/api/content/${encodeURIComponent(contentId)}?expand=history`, { headers: { Accept: 'application/json' } });
  if (!response.ok) return null;
  return authorOfContent(await response.json().catch(() => null));
}

/** Forge's module key of a page the app's code names by its Connect key (`profile` → `rollcall-profile`, forge/manifest.yml). */
export function forgeModuleKey(key: string): string {
  return key.startsWith('rollcall-') ? key : `rollcall-${key}`;
}

/**
 * `data-theme` with Atlassian's spacing and typography themes added when the host's value lacks
 * them (the pages' spacing and type tokens select on them; Connect's theming sets them, whether
 * Forge's does is not documented).
 */
export function withLayoutThemes(dataTheme: string | null): string {
  const parts = (dataTheme ?? '').split(/\s+/).filter(Boolean);
  for (const theme of ['spacing:spacing', 'typography:typography']) if (!parts.includes(theme)) parts.push(theme);
  return parts.join(' ');
}

let flagIds = 0;

/**
 * Forge Custom UI: JSON REST calls through `invokeRemote` (the UI module's `resolver.endpoint`,
 * `rollcall-ui`: Forge adds the FIT and both OAuth tokens), bytes through `requestRemote` to the
 * server's remote (a FIT only), `showFlag`, `router.navigate` to a module, the viewer from
 * `view.getContext()`, and `view.theme.enable()` (Forge then sets `data-color-mode` on `<html>`).
 * Custom UI sizes its frame itself: resize is nothing to do.
 */
export function forgeHost(bridge: ForgeBridge, options: ForgeOptions, doc?: Document): Host {
  return {
    kind: 'forge',
    async request(request) {
      if (isBinaryRequest(request)) {
        const response = await bridge.requestRemote(options.remoteKey ?? REMOTE_KEY, remoteInit(request));
        return readResponse(response, request.responseType);
      }
      return invokeResponse(await bridge.invokeRemote(invokeInput(request)));
    },
    showFlag(flag) {
      bridge.showFlag({ id: `rollcall-${++flagIds}`, title: flag.title, description: flag.body, type: flag.type, isAutoDismiss: flag.type !== 'error' });
    },
    async navigate(target) {
      const query = target.parameters ? new URLSearchParams(target.parameters).toString() : '';
      const moduleKey = forgeModuleKey(target.moduleKey);
      await bridge.router.navigate(query ? { target: 'module', moduleKey, path: `?${query}` } : { target: 'module', moduleKey });
    },
    resize() {},
    async context(): Promise<HostContext> {
      const context = (await bridge.view.getContext()) as ForgeContext;
      return { accountId: context.accountId ?? null, parameters: options.parameters };
    },
    async followTheme(apply) {
      await bridge.view.theme.enable();
      const html = (doc ?? document).documentElement;
      followHtmlColorMode(doc ?? document, (mode) => {
        const theme = withLayoutThemes(html.getAttribute('data-theme'));
        if (theme !== html.getAttribute('data-theme')) html.setAttribute('data-theme', theme);
        apply(mode);
      });
    },
  };
}
