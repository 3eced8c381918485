import { fetchInit, readResponse, requestUrl, type ColorMode, type Host, type HostContext } from './host';

export interface StandaloneOptions {
  /** A context JWT the page shell was given (valid for its lifetime, 15 minutes). */
  token: string;
  accountId: string | null;
  parameters: Record<string, string>;
  /** The shell's theme; `auto` follows the system. */
  colorMode: ColorMode;
  /** Where flags go: a live region the page renders (there is no Confluence around it). */
  onFlag?: (flag: { title: string; body?: string; type: string }) => void;
}

/**
 * Standalone: the page opened outside Confluence (the local trial, a page opened in its own tab).
 * REST with the token the shell gave, flags through `onFlag`, navigation by URL, nothing to resize.
 */
export function standaloneHost(options: StandaloneOptions, win: Window = window): Host {
  return {
    kind: 'standalone',
    async request(request) {
      const response = await fetch(requestUrl('', request), fetchInit(request, { Authorization: `JWT ${options.token}` }));
      return readResponse(response, request.responseType);
    },
    showFlag(flag) {
      options.onFlag?.(flag);
    },
    async navigate() {
      // Another page needs a page JWT of its own, which only Confluence issues: there is nowhere to go.
      win.alert('Open this page from Confluence to move between Rollcall’s pages.');
    },
    resize() {},
    async context(): Promise<HostContext> {
      return { accountId: options.accountId, parameters: options.parameters };
    },
    async followTheme(apply) {
      if (options.colorMode !== 'auto') {
        apply(options.colorMode);
        return;
      }
      const query = win.matchMedia('(prefers-color-scheme: dark)');
      apply(query.matches ? 'dark' : 'light');
      query.addEventListener('change', (event) => apply(event.matches ? 'dark' : 'light'));
    },
  };
}
