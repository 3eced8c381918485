import net from 'node:net';
import tls from 'node:tls';
import type { OutboundGuard } from '../../net/outbound';
import { LdapConnectTimeoutError, LdapSessionClosedError } from './ldapErrors';
import { isIpAddress, pemCertificates, type LdapTarget } from './settings';

/**
 * The socket under a session. We connect it ourselves, before ldapts sees it, so that a failure
 * to connect is told apart from a failure to bind, the connect timeout covers the TLS handshake,
 * and a session can never reconnect behind our back (see {@link handOver}).
 */

/** TLS options for a target: SNI and host name checks against the URL's host, the extra CA trusted. */
export function tlsOptionsFor(target: LdapTarget, caCertificate: string | undefined): tls.ConnectionOptions {
  const extra = caCertificate ? pemCertificates(caCertificate) : [];
  return {
    host: target.host,
    // SNI takes host names only; for an IP address the certificate's IP SANs are checked.
    ...(isIpAddress(target.host) ? {} : { servername: target.host }),
    // `ca` replaces Node's CA store, so the store goes in too: the CA is trusted *in addition*.
    ...(extra.length ? { ca: [...tls.rootCertificates, ...extra] } : {}),
  };
}

/** Where a connection attempt failed: before or during the TLS handshake. */
export class ConnectFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly tlsHandshake: boolean,
  ) {
    super(error instanceof Error ? error.message : String(error));
    this.name = 'ConnectFailure';
  }
}

/**
 * Opens the TCP connection (and, for ldaps://, completes the TLS handshake) within `timeoutMs`,
 * to an address `guard` allows (checked on the addresses the socket connects to, see
 * {@link OutboundGuard}). Rejects with a {@link ConnectFailure}; the socket is destroyed on every
 * failure path.
 */
export function connectSocket(target: LdapTarget, tlsOptions: tls.ConnectionOptions, timeoutMs: number, guard: OutboundGuard): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    let tcpConnected = false;
    let destination;
    try {
      destination = guard.connectOptions(target.host);
    } catch (error) {
      reject(new ConnectFailure(error, false));
      return;
    }
    const socket: net.Socket = target.secure
      ? tls.connect({ ...tlsOptions, port: target.port, ...destination })
      : net.connect({ port: target.port, ...destination });
    const timer = setTimeout(() => fail(new LdapConnectTimeoutError(timeoutMs)), timeoutMs);
    const fail = (error: unknown) => {
      clearTimeout(timer);
      socket.removeListener(target.secure ? 'secureConnect' : 'connect', succeed);
      socket.destroy();
      reject(new ConnectFailure(error, target.secure && tcpConnected));
    };
    const succeed = () => {
      clearTimeout(timer);
      socket.removeListener('error', fail);
      // ldapts attaches its own error handler when it takes the socket; until then, an error
      // must not crash the process (it surfaces as a closed connection on the first operation).
      socket.on('error', () => undefined);
      resolve(socket);
    };
    socket.once('connect', () => {
      tcpConnected = true;
    });
    socket.once(target.secure ? 'secureConnect' : 'connect', succeed);
    socket.once('error', fail);
  });
}

/**
 * A connection factory for ldapts that hands over `socket` once. Any later call, which ldapts makes
 * when it would reconnect after the connection closed, yields a socket that fails at once with
 * {@link LdapSessionClosedError}: a reconnected socket would be unauthenticated, and operations
 * on it would fail with misleading access errors or, worse, succeed anonymously.
 */
export function handOver(socket: net.Socket): () => net.Socket {
  let handed = false;
  return () => {
    if (!handed) {
      handed = true;
      return socket;
    }
    const dead = new net.Socket();
    process.nextTick(() => dead.destroy(new LdapSessionClosedError()));
    return dead;
  };
}

/**
 * ldapts' StartTLS upgrade, with the handshake bounded by `timeoutMs` (ldapts sets no limit on it).
 * Called by ldapts with the existing socket in the options.
 */
export function upgradeWithTimeout(timeoutMs: number): (options: tls.ConnectionOptions) => tls.TLSSocket {
  return (options) => {
    const secure = tls.connect(options);
    const timer = setTimeout(() => secure.destroy(new LdapConnectTimeoutError(timeoutMs)), timeoutMs);
    const stop = () => clearTimeout(timer);
    secure.once('secureConnect', stop);
    secure.once('close', stop);
    return secure;
  };
}
