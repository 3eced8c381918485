import type { Host } from '../../host/host';
import { createHost } from '../../host/select';
import { readCspNonce, readShellConfig } from '../../host/shellConfig';
import { applyCardColors } from './cardTheme';
import { linkTarget } from './links';
import './card.css';

/**
 * The profile card's and the author card's entry (frontend/entries.json: `profile-card`). The card
 * is server-rendered (views/macros/profile-card.hbs: no REST call, it must stay fast); this script
 * only follows the host's theme, keeps the frame as tall as the card, and opens profile links
 * through the host. No React: the card's first load stays tiny.
 */
async function start(): Promise<void> {
  const shell = readShellConfig(document);
  const host: Host | null = shell ? await createHost(shell, window) : null;
  if (host) {
    const nonce = readCspNonce(document);
    await host.followTheme((mode) => applyCardColors(mode, nonce));
    document.addEventListener('click', (event) => {
      const accountId = linkTarget(event);
      if (!accountId) return;
      event.preventDefault();
      void host.navigate({ moduleKey: 'profile', parameters: { accountId } });
    });
    new ResizeObserver(() => host.resize()).observe(document.body);
  }
  document.body.setAttribute('data-rollcall-ready', 'true');
}

void start();
