import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHost, NO_HOST_MESSAGE } from '../host/select';
import { readCspNonce, readShellConfig } from '../host/shellConfig';
import { LoadError } from '../components/LoadError';
import { startPage } from './startPage';
import { applyColorMode } from './theme';

/**
 * Starts a page: reads the shell's configuration and CSP nonce, chooses the host adapter,
 * follows its theme, renders `page` with the host and API client in context, keeps the host told
 * of the page's height, and marks `<body data-rollcall-ready>` (tests and the host wait for it).
 */
export async function bootstrap(title: string, page: () => ReactNode): Promise<void> {
  const container = document.getElementById('root');
  if (!container) throw new Error('The page shell has no #root');
  const root = createRoot(container);
  const shell = readShellConfig(document);
  const nonce = readCspNonce(document);
  const host = shell ? await createHost(shell, window) : null;
  if (!host) {
    await applyColorMode('light', nonce);
    root.render(<LoadError title={`${title} could not be loaded`} message={NO_HOST_MESSAGE} />);
    document.body.setAttribute('data-rollcall-ready', 'true');
    return;
  }
  await startPage(root, host, page, nonce);
}
