import crypto from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * The hosts that frame Rollcall's pages: Confluence Cloud sites live at `<site>.atlassian.net`;
 * sites created before 2018 may still answer at `<site>.jira.com`. The hosts of AC_HOST_WHITELIST
 * (the sites allowed to install) are added to these.
 */
const ATLASSIAN_FRAME_ANCESTORS = ['https://*.atlassian.net', 'https://*.jira.com'];

/** REST answers are data, never a document: nothing may load from them and nothing may frame them. */
const REST_CSP = "default-src 'none'; frame-ancestors 'none'";

export interface SecurityHeaderOptions {
  /** Connect's all.js (AC_HOST_SCRIPT_URL): the one script that comes from elsewhere. */
  hostScriptUrl: string;
  /** AC_HOST_WHITELIST: comma-separated host globs allowed to install (and so to frame the pages). */
  hostAllowlist: string;
  /** `npm run dev`'s Vite server: its scripts, styles and hot-reload socket are allowed too. */
  frontendDevServer?: string;
}

/**
 * AC_HOST_WHITELIST globs as CSP host sources. ACE's `*` is one DNS label anywhere in the glob; a
 * CSP host may only start with `*.`, so other globs cannot be expressed and are left out (their
 * sites could install but not frame the pages: say so in the operator's log, not silently).
 * Without a scheme a source matches the page's own scheme (https in production, http in tests);
 * `:*` allows any port (the test hosts listen on random ones).
 */
export function allowlistFrameSources(hostAllowlist: string): { sources: string[]; unusable: string[] } {
  const sources: string[] = [];
  const unusable: string[] = [];
  for (const glob of hostAllowlist.split(',').map((g) => g.trim()).filter(Boolean)) {
    if (/^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(glob)) sources.push(`${glob}:*`);
    else unusable.push(glob);
  }
  return { sources, unusable };
}

/** A fresh nonce: 128 random bits, base64 (what CSP's nonce-source takes). */
function cspNonce(): string {
  return crypto.randomBytes(16).toString('base64');
}

/**
 * Security headers for every response:
 * - `X-Content-Type-Options: nosniff` everywhere (an upload served back is never run as script);
 * - pages and macros (everything outside `/rest/`): a Content-Security-Policy that lets only
 *   Confluence frame them (never X-Frame-Options: they live in Confluence's iframes), runs only
 *   our own scripts and Connect's all.js (the views have no inline script or style), and forbids
 *   plugins and `<base>` changes. Styles: our own files, and `<style>` elements that carry this
 *   response's nonce (`res.locals.cspNonce`, new for every response): the front-end's theme and
 *   component runtimes insert those, reading the nonce from the page shell's
 *   `<meta property="csp-nonce">`;
 * - REST (`/rest/`): `default-src 'none'; frame-ancestors 'none'`.
 */
export function securityHeaders(options: SecurityHeaderOptions): { middleware: RequestHandler; unusableAllowlistEntries: string[] } {
  const hostScriptOrigin = new URL(options.hostScriptUrl).origin;
  const { sources: allowlisted, unusable } = allowlistFrameSources(options.hostAllowlist);
  const dev = options.frontendDevServer ? new URL(options.frontendDevServer) : null;
  const devSources = dev ? [dev.origin] : [];
  const devSockets = dev ? [`${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}`] : [];
  const pageCsp = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", hostScriptOrigin, ...devSources],
      // The front-end's stylesheets (its build) and its runtime <style> elements, and the error
      // page's one, with this response's nonce.
      styleSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`, ...devSources],
      fontSrc: ["'self'", 'data:'],
      // Pictures: our own (blob: once fetched with the token, data: in macro cards) and the
      // Confluence avatars the people picker shows (site hosts, which redirect to Atlassian's CDNs).
      imgSrc: ["'self'", 'data:', 'blob:', 'https:', ...allowlisted],
      connectSrc: ["'self'", ...devSources, ...devSockets],
      formAction: ["'self'"],
      frameAncestors: [...ATLASSIAN_FRAME_ANCESTORS, ...allowlisted],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
    },
  });
  const noSniff = helmet.xContentTypeOptions();
  const middleware: RequestHandler = (req, res, next) => {
    noSniff(req, res, () => {
      if (req.path.startsWith('/rest/')) {
        res.setHeader('Content-Security-Policy', REST_CSP);
        next();
      } else {
        res.locals.cspNonce = cspNonce();
        pageCsp(req, res, next);
      }
    });
  };
  return { middleware, unusableAllowlistEntries: unusable };
}
