/**
 * The host adapter: the only code that knows where a page runs (a Connect iframe in Confluence, a
 * Forge Custom UI frame, or standalone for the local trial and the browser tests). Pages reach the
 * server, flags, navigation, resizing, context and theme only through a {@link Host}.
 */

/** A REST v1 call: path without the host's base, query, and a JSON or raw body. */
export interface HostRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** `/rest/v1/…`: the server's path; the host adds its base and its authentication. */
  path: string;
  query?: Record<string, string | undefined>;
  body?: { json: unknown } | { bytes: Blob; contentType: string };
  /** How to read a 2xx answer: JSON (the default) or the bytes as a Blob (a picture). */
  responseType?: 'json' | 'blob';
}

/** What came back: the status and the parsed JSON body (null when there was none or it was no JSON); a Blob for `responseType: 'blob'`. */
export interface HostResponse {
  status: number;
  statusText: string;
  body: unknown;
}

export type FlagType = 'info' | 'success' | 'warning' | 'error';

export interface FlagSpec {
  title: string;
  body?: string;
  type: FlagType;
}

/** Another of the app's pages, by the descriptor's (or manifest's) module key, with its page parameters. */
export interface NavigationTarget {
  moduleKey: string;
  /**
   * The page's parameters, e.g. `{accountId}` for a profile (Connect: `customData`, which Confluence
   * puts in the page URL's `ac.` parameters; Forge: the module's path as a query).
   */
  parameters?: Record<string, string>;
}

export type ColorMode = 'light' | 'dark' | 'auto';

/** Who is looking, and the page's own parameters (e.g. the profile's `accountId`). */
export interface HostContext {
  accountId: string | null;
  parameters: Record<string, string>;
}

/**
 * The page's own state in the address the person sees (a search they can share, back and forward
 * through the searches they made): a short string (`q=…&sort=…`). Connect keeps it in the
 * Confluence page's anchor (`AP.history`); elsewhere it is the frame's own anchor
 * ({@link frameHistory}).
 */
export interface PageHistory {
  /** The state now ('' for none). */
  current(): Promise<string>;
  /** A new entry (a new search). */
  push(state: string): void;
  /** The same entry, changed (e.g. the view changed, not the search). */
  replace(state: string): void;
  /** Called with the state when the person goes back or forward. */
  listen(listener: (state: string) => void): void;
}

/** Connect's macro editor (a macro's `editor` page): the macro's saved parameters, and saving new ones. */
export interface MacroEditor {
  /** The parameters the macro has now (none for a new macro). */
  parameters(): Promise<Record<string, string>>;
  /** Saves the parameters into the page being edited and closes the editor. */
  save(parameters: Record<string, string>): Promise<void>;
  /** Closes the editor without saving. */
  cancel(): void;
}

export interface Host {
  readonly kind: 'connect' | 'forge' | 'standalone';
  /** Connect's macro editor, when the page is one (`AP.confluence`). */
  readonly macroEditor?: MacroEditor;
  /** The page's state in the address (Connect: `AP.history`); absent where the host has none: the page uses {@link frameHistory}. */
  readonly history?: PageHistory;
  /** A REST v1 call with the host's authentication (Connect: a fresh context JWT per call). */
  request(request: HostRequest): Promise<HostResponse>;
  /** A message outside the page (Confluence's flags). */
  showFlag(flag: FlagSpec): void;
  /** Opens another page of the app. */
  navigate(target: NavigationTarget): Promise<void>;
  /** Tells the host the page's height changed (a Connect iframe grows with its content). */
  resize(): void;
  context(): Promise<HostContext>;
  /**
   * Follows the host's light or dark theme: `apply` gets the mode now and on every change
   * (Confluence's user setting; standalone: the shell's choice or the system's).
   */
  followTheme(apply: (mode: ColorMode) => void): Promise<void>;
}

/** The URL of a request: path plus the query parameters that have a value. */
export function requestUrl(base: string, request: Pick<HostRequest, 'path' | 'query'>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) query.set(name, value);
  const search = query.toString();
  return `${base}${request.path}${search ? `?${search}` : ''}`;
}

/**
 * Reads a fetch Response into a {@link HostResponse}; a body that is no JSON (a proxy's HTML page)
 * is null. With `responseType: 'blob'`, a 2xx body is read as a Blob (an error's is still JSON).
 */
export async function readResponse(response: Pick<Response, 'status' | 'statusText' | 'text'> & Partial<Pick<Response, 'blob'>>, responseType: HostRequest['responseType'] = 'json'): Promise<HostResponse> {
  if (responseType === 'blob' && response.blob && response.status >= 200 && response.status < 300) {
    return { status: response.status, statusText: response.statusText, body: await response.blob() };
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: response.status, statusText: response.statusText, body };
}

/** fetch's init for a request: the body as JSON or as the bytes given, with the headers they need. */
export function fetchInit(request: HostRequest, headers: Record<string, string>): RequestInit {
  const all: Record<string, string> = { Accept: 'application/json', ...headers };
  let body: BodyInit | undefined;
  if (request.body && 'json' in request.body) {
    all['Content-Type'] = 'application/json';
    body = JSON.stringify(request.body.json);
  } else if (request.body) {
    all['Content-Type'] = request.body.contentType;
    body = request.body.bytes;
  }
  return { method: request.method, headers: all, body };
}

/**
 * Follows the `data-color-mode` attribute a host sets on our `<html>` (Connect's theming, Forge's
 * `view.theme.enable()`): `apply` gets the mode now and whenever it changes.
 */
export function followHtmlColorMode(doc: Document, apply: (mode: ColorMode) => void): void {
  const html = doc.documentElement;
  // The host owns `data-color-mode` and `data-theme` from now on (app/theme.ts leaves them alone).
  html.dataset.rollcallHostTheme = 'true';
  let last: ColorMode | null = null;
  const update = () => {
    const mode: ColorMode = html.getAttribute('data-color-mode') === 'dark' ? 'dark' : 'light';
    if (mode !== last) apply((last = mode));
  };
  new MutationObserver(update).observe(html, { attributes: true, attributeFilter: ['data-color-mode'] });
  update();
}

/** The state in an anchor: `#!q=…` (Connect's form), `!q=…`, `#q=…` or `q=…`; '' for none. */
export function stateOfAnchor(anchor: string): string {
  return anchor.replace(/^#?!?/, '');
}

/**
 * The frame's own anchor as the page's history (standalone pages; a host without history of its
 * own): back and forward work within the frame; the address bar outside it does not change.
 */
export function frameHistory(win: Window): PageHistory {
  const current = () => stateOfAnchor(win.location.hash);
  return {
    current: async () => current(),
    push: (state) => {
      if (state !== current()) win.history.pushState(null, '', `#!${state}`);
    },
    replace: (state) => win.history.replaceState(null, '', `#!${state}`),
    listen: (listener) => win.addEventListener('popstate', () => listener(current())),
  };
}
