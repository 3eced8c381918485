import { connectHost, type ConnectBridge } from './connect';
import type { Host } from './host';
import type { ShellConfig } from './shellConfig';
import { standaloneHost } from './standalone';

export type HostKind = Host['kind'];

/** Why no host could be chosen, in words for the page. */
export const NO_HOST_MESSAGE = 'This page works inside Confluence: open it from Confluence’s administration or a Rollcall link there.';

/**
 * Which adapter runs a page: Forge when the shell was rendered for Forge; Connect when it was
 * rendered for Connect, Connect's `all.js` defined `AP` and the page is framed (all.js defines AP
 * in a tab of its own too, where nobody would answer it); standalone when the page is not in
 * Confluence's frame but the shell gave a token (the local trial, the browser tests); otherwise
 * none (the page says {@link NO_HOST_MESSAGE}).
 */
export function chooseHost(shell: Pick<ShellConfig, 'host' | 'token'>, ap: unknown, framed: boolean): HostKind | null {
  if (shell.host === 'forge') return 'forge';
  if (framed && isConnectBridge(ap)) return 'connect';
  return shell.token ? 'standalone' : null;
}

export function isConnectBridge(ap: unknown): ap is ConnectBridge {
  const context = (ap as { context?: { getToken?: unknown } } | null | undefined)?.context;
  return typeof context?.getToken === 'function';
}

/**
 * Builds the chosen adapter. Forge's bridge is loaded only when chosen (its own chunk), so a
 * Connect page does not carry it.
 */
export async function createHost(shell: ShellConfig, win: Window & { AP?: unknown }, onFlag?: (flag: { title: string; body?: string; type: string }) => void): Promise<Host | null> {
  const kind = chooseHost(shell, win.AP, win.parent !== win);
  const context = { accountId: shell.accountId, parameters: shell.parameters };
  switch (kind) {
    case 'connect':
      return connectHost(win.AP as ConnectBridge, { addonKey: shell.addonKey, ...context });
    case 'forge': {
      const [{ forgeHost }, bridge] = await Promise.all([import('./forge'), import('@forge/bridge')]);
      return forgeHost(bridge, { remoteKey: shell.remoteKey ?? 'rollcall', parameters: shell.parameters });
    }
    case 'standalone':
      return standaloneHost({ token: shell.token!, colorMode: shell.colorMode ?? 'auto', onFlag, ...context });
    default:
      return null;
  }
}
