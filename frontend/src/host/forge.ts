import type * as Bridge from '@forge/bridge';
import { fetchInit, followHtmlColorMode, readResponse, requestUrl, type Host, type HostContext } from './host';

/** The part of `@forge/bridge` Rollcall uses (the module itself in the app; its shape in unit tests). */
export type ForgeBridge = Pick<typeof Bridge, 'requestRemote' | 'showFlag' | 'router' | 'view'>;

export interface ForgeOptions {
  /** The manifest's `remotes` key of this server. */
  remoteKey: string;
  parameters: Record<string, string>;
}

let flagIds = 0;

/**
 * Forge Custom UI: REST through `requestRemote` (Forge adds its invocation token, which the
 * server's forge/ front verifies), `showFlag`, `router.navigate` to a module, the viewer from
 * `view.getContext()`, and `view.theme.enable()` (Forge then sets `data-color-mode` on `<html>`).
 * Custom UI sizes its frame itself: resize is nothing to do. Exercised for real with issue #16.
 */
export function forgeHost(bridge: ForgeBridge, options: ForgeOptions, doc?: Document): Host {
  return {
    kind: 'forge',
    async request(request) {
      const init = fetchInit(request, {});
      const response = await bridge.requestRemote(options.remoteKey, { ...init, path: requestUrl('', request) });
      return readResponse(response, request.responseType);
    },
    showFlag(flag) {
      bridge.showFlag({ id: `rollcall-${++flagIds}`, title: flag.title, description: flag.body, type: flag.type, isAutoDismiss: flag.type !== 'error' });
    },
    async navigate(target) {
      const query = target.parameters ? new URLSearchParams(target.parameters).toString() : '';
      await bridge.router.navigate(query ? { target: 'module', moduleKey: target.moduleKey, path: `?${query}` } : { target: 'module', moduleKey: target.moduleKey });
    },
    resize() {},
    async context(): Promise<HostContext> {
      const context = await bridge.view.getContext();
      return { accountId: context.accountId ?? null, parameters: options.parameters };
    },
    async followTheme(apply) {
      await bridge.view.theme.enable();
      followHtmlColorMode(doc ?? document, apply);
    },
  };
}
