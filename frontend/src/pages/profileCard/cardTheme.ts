// The two colour themes' CSS as strings (3 KB gzipped each): the card needs only colours, and
// app/theme.ts' loader brings a feature-flag client with it (39 KB), too much for a card.
import dark from '@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-dark';
import light from '@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-light';
import type { ColorMode } from '../../host/host';

/**
 * Applies Atlassian's light or dark colours to the card: both themes' CSS in `<style nonce>`
 * elements (the CSP admits no other inline style), and, unless the host sets them itself
 * (Connect's theming: `followHtmlColorMode`), the `<html>` attributes the CSS selects on.
 */
export function applyCardColors(mode: ColorMode, nonce: string | undefined, doc: Document = document): void {
  for (const [id, css] of [
    ['light', light],
    ['dark', dark],
  ] as const) {
    if (doc.head.querySelector(`style[data-theme="${id}"]`)) continue;
    const style = doc.createElement('style');
    if (nonce) style.nonce = nonce;
    style.dataset.theme = id;
    style.textContent = css;
    doc.head.append(style);
  }
  const html = doc.documentElement;
  const resolved = mode === 'auto' ? (window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light') : mode;
  if (html.dataset.rollcallHostTheme !== 'true') {
    html.setAttribute('data-color-mode', resolved);
    html.setAttribute('data-theme', 'light:light dark:dark');
  }
  html.setAttribute('data-rollcall-color-mode', resolved);
}
