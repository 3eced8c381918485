import type { ColorMode } from './host';

/**
 * What the server's page shell (views/shell.hbs) tells the bundle, as JSON in
 * `<meta name="rollcall-shell" content="…">`: which page, for which host, and the page's context.
 */
export interface ShellConfig {
  /** The page's entry (frontend/entries.json). */
  page: string;
  /** Where the server rendered the page for. */
  host: 'connect' | 'forge';
  addonKey: string;
  accountId: string | null;
  parameters: Record<string, string>;
  /** A context JWT for standalone use (the page opened outside Confluence). */
  token?: string;
  /** Standalone's theme (default: the system's). */
  colorMode?: ColorMode;
  /** Forge: the manifest's remote key of this server. */
  remoteKey?: string;
}

/** Parses and checks the shell's JSON; null when it is missing or not a shell's. */
export function parseShellConfig(json: string | null | undefined): ShellConfig | null {
  if (!json) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v.page !== 'string' || (v.host !== 'connect' && v.host !== 'forge') || typeof v.addonKey !== 'string') return null;
  const parameters = v.parameters && typeof v.parameters === 'object' ? (v.parameters as Record<string, string>) : {};
  return {
    page: v.page,
    host: v.host,
    addonKey: v.addonKey,
    accountId: typeof v.accountId === 'string' ? v.accountId : null,
    parameters,
    token: typeof v.token === 'string' && v.token ? v.token : undefined,
    colorMode: v.colorMode === 'dark' || v.colorMode === 'light' || v.colorMode === 'auto' ? v.colorMode : undefined,
    remoteKey: typeof v.remoteKey === 'string' ? v.remoteKey : undefined,
  };
}

/** The shell's configuration from the document (the meta tag), or null. */
export function readShellConfig(doc: Document): ShellConfig | null {
  return parseShellConfig(doc.querySelector('meta[name="rollcall-shell"]')?.getAttribute('content'));
}

/**
 * The per-response CSP nonce the shell put on `<meta property="csp-nonce">` (Vite reads the same
 * tag). Browsers hide a nonce attribute's value from getAttribute once parsed: read the property.
 */
export function readCspNonce(doc: Document): string | undefined {
  const meta = doc.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
  return meta?.nonce || meta?.getAttribute('nonce') || undefined;
}
