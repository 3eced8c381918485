import { fetchInit, followHtmlColorMode, readResponse, requestUrl, type Host, type HostContext } from './host';

/** The part of Connect's `all.js` bridge (`window.AP`) Rollcall uses. */
export interface ConnectBridge {
  context: { getToken(): Promise<string> };
  resize?(width: string, height: string): void;
  flag?: { create(options: { title: string; body?: string; type: string; close?: 'auto' | 'manual' }): unknown };
  navigator?: { go(target: string, context: Record<string, unknown>): void };
  /** Confluence sets `data-color-mode` (and `data-theme`) on our `<html>` once asked, and on every change. */
  theming?: { initializeTheming(): void };
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
