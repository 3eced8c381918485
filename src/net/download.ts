import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { OutboundRefusedError, type OutboundGuard } from './outbound';
import { EXPIRED_CERTIFICATE_CODES, UNTRUSTED_CERTIFICATE_CODES } from './tlsErrors';

/** What {@link downloadHttps} takes. */
export interface DownloadOptions {
  /** Every connection goes to an address it allows. */
  guard: OutboundGuard;
  headers?: Record<string, string>;
  /** Larger bodies fail with `tooLarge` (checked on Content-Length and while reading). */
  maxBytes: number;
  /** For the whole download, connection included. */
  timeoutMs: number;
  /** PEM certificates trusted in addition to Node's store. */
  ca?: string[];
}

/**
 * Why a download failed, in words that are safe to show a site admin: what the socket or OpenSSL
 * said is in `detail`, for the log only.
 * - `refused`: the guard refused the address (internal, not allowed);
 * - `unreachable`: no answer: refused, silent, reset, not TLS, no such host — all alike, so the
 *   errors cannot map which ports are open;
 * - `certificate`: the server's certificate is not trusted, expired, or for another name;
 * - `status`: the server answered with a status other than 200 (`status`);
 * - `tooLarge`: the body is larger than `maxBytes`.
 */
export type DownloadFailure = 'refused' | 'unreachable' | 'certificate' | 'status' | 'tooLarge';

export class DownloadError extends Error {
  constructor(
    readonly failure: DownloadFailure,
    message: string,
    /** The underlying error's text and code: for the log, never for the admin. */
    readonly detail?: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}


/** The admin's words for a failed connection to `host`. */
function connectionFailure(host: string, error: unknown): DownloadError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = `${error instanceof Error ? error.message : String(error)}${code ? ` (${code})` : ''}`;
  if (error instanceof OutboundRefusedError) return new DownloadError('refused', `That address is not allowed: it is internal (${host}).`, detail);
  if (code && UNTRUSTED_CERTIFICATE_CODES.has(code)) return new DownloadError('certificate', `The certificate of ${host} is not trusted: it is self-signed or issued by a private CA.`, detail);
  if (code && EXPIRED_CERTIFICATE_CODES.has(code)) return new DownloadError('certificate', `The certificate of ${host} has expired or is not yet valid.`, detail);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return new DownloadError('certificate', `The certificate of ${host} is not issued for that name.`, detail);
  return new DownloadError('unreachable', `The server at ${host} could not be reached.`, detail);
}

/**
 * GETs an https:// URL through `options.guard` (no redirects followed, a fresh connection each
 * time, never a pooled one made without the guard) and returns the body.
 * @throws DownloadError
 */
export function downloadHttps(url: URL, options: DownloadOptions): Promise<Buffer> {
  const host = url.hostname;
  return new Promise<Buffer>((resolve, reject) => {
    let destination;
    try {
      destination = options.guard.connectOptions(host);
    } catch (error) {
      reject(connectionFailure(host, error));
      return;
    }
    let settled = false;
    const settle = (error: DownloadError | undefined, body?: Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        request.destroy();
        reject(error);
      } else resolve(body!);
    };
    const request = https.request(
      {
        protocol: 'https:',
        ...destination,
        port: url.port || 443,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        // SNI and the certificate check take the Host header's name (none for an address).
        headers: { ...options.headers, Host: url.host },
        ...(options.ca?.length ? { ca: [...tls.rootCertificates, ...options.ca] } : {}),
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status !== 200) {
          const reason = http.STATUS_CODES[status] ?? '';
          response.resume();
          return settle(new DownloadError('status', `The server at ${host} answered ${status}${reason ? ` ${reason}` : ''}.`, undefined, status));
        }
        const tooLarge = () => new DownloadError('tooLarge', `The file at ${url.href} is larger than the limit of ${(options.maxBytes / 1048576).toFixed(0)} MB.`);
        if (Number(response.headers['content-length'] ?? '0') > options.maxBytes) return settle(tooLarge());
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) return settle(tooLarge());
          chunks.push(chunk);
        });
        response.on('end', () => settle(undefined, Buffer.concat(chunks)));
        response.on('error', (error) => settle(connectionFailure(host, error)));
      },
    );
    const timer = setTimeout(() => settle(new DownloadError('unreachable', `The server at ${host} could not be reached.`, `no complete answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    request.on('error', (error) => settle(connectionFailure(host, error)));
    request.end();
  });
}
