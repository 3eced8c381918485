import type { HostHttpClient } from '../connect/confluenceClient';

/**
 * Confluence REST for a Forge installation: `${apiBaseUrl}/wiki/rest/api/…` with
 * `Authorization: Bearer <token>` — the app's system token (`x-forge-oauth-system`) or the
 * caller's user token (`x-forge-oauth-user`).
 * https://developer.atlassian.com/platform/forge/remote/calling-product-apis/
 *
 * It speaks the host-client shape of `connect/confluenceClient.ts`, so the same `ConfluenceClient`
 * (timeouts, bounded retries of GETs) and the same REST v1 mapping
 * (`connect/connectConfluenceDirectory.ts`, the `ConfluenceDirectory` port) serve both fronts:
 * only the transport and the token differ.
 */
export function forgeHostClient(apiBaseUrl: string, token: string | undefined): HostHttpClient {
  const base = `${apiBaseUrl.replace(/\/+$/, '')}/wiki`;
  return {
    get(options, callback) {
      if (!token) {
        // The endpoint module does not enable this token: a failed call (502), never an anonymous one.
        queueMicrotask(() => callback(new Error('Forge sent no token for this call'), undefined as never, undefined));
        return undefined;
      }
      if (!options.url.startsWith('/')) {
        queueMicrotask(() => callback(new Error('Confluence paths are relative to the site'), undefined as never, undefined));
        return undefined;
      }
      const signal = options.timeout ? AbortSignal.timeout(options.timeout) : undefined;
      fetch(`${base}${options.url}`, {
        headers: { ...options.headers, Accept: 'application/json', Authorization: `Bearer ${token}` },
        redirect: 'error',
        signal,
      })
        .then(async (res) => {
          const text = await res.text();
          let body: unknown = text;
          if (options.json && text) {
            try {
              body = JSON.parse(text);
            } catch {
              // keep the text: ConfluenceClient reports a non-2xx with it
            }
          }
          const headers: Record<string, string> = {};
          res.headers.forEach((value, name) => (headers[name] = value));
          callback(null, { statusCode: res.status, headers }, body);
        })
        .catch((err: unknown) => {
          const timedOut = (err as { name?: string }).name === 'TimeoutError';
          callback(timedOut ? Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }) : err, undefined as never, undefined);
        });
      return undefined;
    },
  };
}
