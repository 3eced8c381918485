import { StrictMode, type ReactNode } from 'react';
import type { Root } from 'react-dom/client';
import { createApi } from '../api/client';
import type { Host } from '../host/host';
import { ServicesContext } from './HostContext';
import { applyColorMode } from './theme';
import './global.css';

/**
 * Runs a page on a chosen host (the Connect shell's {@link bootstrap}, the Forge entry): follows
 * the host's theme, renders `page` with the host and API client in context, keeps the host told of
 * the page's height, and marks `<body data-rollcall-ready>`.
 */
export async function startPage(root: Root, host: Host, page: () => ReactNode, nonce?: string): Promise<void> {
  await host.followTheme((mode) => void applyColorMode(mode, nonce));
  const services = { host, api: createApi(host) };
  root.render(
    <StrictMode>
      <ServicesContext.Provider value={services}>{page()}</ServicesContext.Provider>
    </StrictMode>,
  );
  new ResizeObserver(() => host.resize()).observe(document.body);
  document.body.setAttribute('data-rollcall-ready', 'true');
}
