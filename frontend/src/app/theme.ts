import getThemeStyles from '@atlaskit/tokens/get-theme-styles';
import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';
import type { ColorMode } from '../host/host';

/** The theme changes asked for, applied one after the other. */
let queue: Promise<void> = Promise.resolve();

/**
 * Applies Atlassian's light or dark theme (the `--ds-*` custom properties every Atlaskit
 * component and `token()` reads). The theme CSS goes into `<style>` elements carrying the page's
 * CSP nonce (the policy admits no other inline style); setGlobalTheme then only sets the
 * `data-theme` / `data-color-mode` attributes, with a loader that loads nothing, unless the host
 * sets those itself.
 */
export function applyColorMode(mode: ColorMode, nonce: string | undefined, doc: Document = document): Promise<void> {
  // One after the other, in the order asked: the host's last word wins (a light theme applied
  // first and finishing after a dark one would otherwise end light).
  queue = queue.then(() => apply(mode, nonce, doc)).catch(() => undefined);
  return queue;
}

async function apply(mode: ColorMode, nonce: string | undefined, doc: Document): Promise<void> {
  const state = { colorMode: mode, light: 'light', dark: 'dark', spacing: 'spacing', typography: 'typography' } as const;
  for (const style of await getThemeStyles(state)) {
    if (doc.head.querySelector(`style[data-theme="${style.id}"]`)) continue;
    const element = doc.createElement('style');
    if (nonce) element.nonce = nonce;
    element.dataset.theme = style.id;
    element.textContent = style.css;
    doc.head.append(element);
  }
  // Where the host themes the page (Connect's theming, Forge's theme bridge: followHtmlColorMode),
  // its attributes stay its own: writing them too would race with it, and a late write of ours
  // could undo the host's last word.
  if (doc.documentElement.dataset.rollcallHostTheme !== 'true') await setGlobalTheme(state, () => undefined);
  // Once the theme's styles are in: tests (and anything that measures colours) wait for this.
  doc.documentElement.setAttribute('data-rollcall-color-mode', mode);
}
