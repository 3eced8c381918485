import { fetchInit, followHtmlColorMode, readResponse, requestUrl, stateOfAnchor, type Host, type HostContext, type MacroEditor, type PageHistory } from './host';

/** The part of Connect's `all.js` bridge (`window.AP`) Rollcall uses. */
export interface ConnectBridge {
  context: { getToken(): Promise<string> };
  resize?(width: string, height: string): void;
  flag?: { create(options: { title: string; body?: string; type: string; close?: 'auto' | 'manual' }): unknown };
  navigator?: { go(target: string, context: Record<string, unknown>): void };
  /** Confluence sets `data-color-mode` (and `data-theme`) on our `<html>` once asked, and on every change. */
  theming?: { initializeTheming(): void };
  /** The Confluence page's anchor (`#!state`): general and admin pages only. */
  history?: {
    getState(type?: 'hash' | 'all', callback?: (state: unknown) => void): unknown;
    pushState(state: string): void;
    replaceState(state: string): void;
    popState(callback: (event: { newURL?: string; state?: unknown }) => void): void;
  };
  /** The macro editor's calls (a macro's `editor` page). */
  confluence?: {
    getMacroData(callback: (data: unknown) => void): void;
    saveMacro(parameters: Record<string, string>, body?: string): void;
    closeMacroEditor(): void;
  };
}

/**
 * `AP.history` as a {@link PageHistory}: the state is the Confluence page's anchor after `#!`
 * (https://developer.atlassian.com/cloud/confluence/jsapi/history/). `getState` answers at once
 * (older all.js) or through its callback (newer): whichever comes first.
 */
export function connectHistory(history: NonNullable<ConnectBridge['history']>): PageHistory {
  const text = (state: unknown) => (typeof state === 'string' ? stateOfAnchor(state) : '');
  return {
    current: () =>
      new Promise((resolve) => {
        const now = history.getState('hash', (state) => resolve(text(state)));
        if (typeof now === 'string') resolve(text(now));
      }),
    push: (state) => history.pushState(state),
    replace: (state) => history.replaceState(state),
    listen: (listener) =>
      history.popState((event) => {
        if (typeof event?.state === 'string') return listener(text(event.state));
        const url = event?.newURL ?? '';
        const at = url.indexOf('#');
        listener(at >= 0 ? stateOfAnchor(url.slice(at)) : '');
      }),
  };
}

/** `AP.confluence`'s macro editor calls as a {@link MacroEditor}. */
export function connectMacroEditor(confluence: NonNullable<ConnectBridge['confluence']>): MacroEditor {
  return {
    parameters: () =>
      new Promise((resolve) =>
        confluence.getMacroData((data) => {
          const out: Record<string, string> = {};
          if (data && typeof data === 'object') for (const [k, v] of Object.entries(data)) if (typeof v === 'string') out[k] = v;
          resolve(out);
        }),
      ),
    save: async (parameters) => {
      confluence.saveMacro(parameters);
      confluence.closeMacroEditor();
    },
    cancel: () => confluence.closeMacroEditor(),
  };
}

export interface ConnectOptions {
  /** The app's key in the descriptor (for navigation to its modules). */
  addonKey: string;
  accountId: string | null;
  parameters: Record<string, string>;
}

/**
 * Connect: REST with a fresh context JWT from `AP.context.getToken()` per call (they live 15
 * minutes), Confluence's flags, `AP.navigator.go('addonmodule', …)`, and the iframe resized to
 * the body's height (never the document's: that is never shorter than the frame, so the frame
 * could never shrink).
 */
export function connectHost(ap: ConnectBridge, options: ConnectOptions, doc: Document = document): Host {
  return {
    kind: 'connect',
    history: ap.history ? connectHistory(ap.history) : undefined,
    macroEditor: ap.confluence ? connectMacroEditor(ap.confluence) : undefined,
    async request(request) {
      const token = await ap.context.getToken();
      const response = await fetch(requestUrl('', request), fetchInit(request, { Authorization: `JWT ${token}` }));
      return readResponse(response, request.responseType);
    },
    showFlag(flag) {
      ap.flag?.create({ title: flag.title, body: flag.body, type: flag.type, close: flag.type === 'error' ? 'manual' : 'auto' });
    },
    async navigate(target) {
      const context = { addonKey: options.addonKey, moduleKey: target.moduleKey };
      // customData reaches the page as its `ac.` URL parameters (the descriptor passes `ac.accountId` on).
      ap.navigator?.go('addonmodule', target.parameters ? { ...context, customData: target.parameters } : context);
    },
    resize() {
      ap.resize?.('100%', `${Math.ceil(doc.body.getBoundingClientRect().height)}px`);
    },
    async context(): Promise<HostContext> {
      return { accountId: options.accountId, parameters: options.parameters };
    },
    async followTheme(apply) {
      if (!ap.theming) {
        apply('light');
        return;
      }
      ap.theming.initializeTheming();
      followHtmlColorMode(doc, apply);
    },
  };
}
