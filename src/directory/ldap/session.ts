import type net from 'node:net';
import type tls from 'node:tls';
import { Client, ResultCodeError } from 'ldapts';
import { connectSocket, ConnectFailure, handOver, tlsOptionsFor, upgradeWithTimeout } from './connection';
import { toLdapStepError, type LdapErrorContext } from './ldapErrors';
import type { OutboundGuard } from '../../net/outbound';
import { ID_ATTRIBUTE_CANDIDATES, isPlainBind, parseLdapUrl, PLAIN_BIND_WARNING, validateCaCertificate, type LdapConnectionSettings } from './settings';
import {
  compileFilter,
  failConfiguration,
  PAGED_RESULTS_OID,
  pagedEntries,
  rememberPaging,
  searchOnce,
  textValuesOf,
  valuesOf,
} from './search';

/**
 * One connection to a directory, connected, upgraded with StartTLS when configured, and bound.
 * It never reconnects by itself: once its connection is gone (close(), an operation timeout, the
 * server hanging up), every operation fails with an {@link LdapStepError} of kind `closed`.
 */
export interface LdapSession {
  /** The ldapts client, for operations this module does not wrap (write-back's `modify`). */
  readonly client: Client;
  readonly settings: LdapConnectionSettings;
  /** Unbinds and closes the socket. Safe to call more than once, and after a failure. */
  close(): Promise<void>;
}

/** The root DSE (RFC 4512 §5.1): what the server says about itself, readable before any search. */
export interface RootDse {
  vendorName?: string;
  vendorVersion?: string;
  namingContexts: string[];
  /** Active Directory's default naming context: the domain's DN, a good base DN. */
  defaultNamingContext?: string;
  supportedControls: string[];
  supportedExtensions: string[];
  supportedLdapVersions: string[];
  /** The paged results control (RFC 2696) is announced. */
  pagedResults: boolean;
  /** Active Directory or AD LDS (their capability OIDs are announced). */
  isActiveDirectory: boolean;
  /** Active Directory: the DN of this DC's NTDS Settings object, which names the DC (its USNs are its own). */
  dsServiceName?: string;
  /** Active Directory: the highest update sequence number this DC has committed. */
  highestCommittedUsn?: string;
}

const AD_CAPABILITIES = ['1.2.840.113556.1.4.800', '1.2.840.113556.1.4.1851'];

/** The operator's rules for every session, whatever the source's settings say. */
export interface LdapConnectOptions {
  /** Every connection goes to an address it allows (OUTBOUND_ALLOW). */
  guard: OutboundGuard;
  /** LDAP_REFUSE_PLAIN_BIND: refuse a simple bind over ldap:// without StartTLS (see {@link isPlainBind}). */
  refusePlainBind?: boolean;
}

/**
 * Connects (`connect`: TCP, and TLS for ldaps://, within `connectTimeoutMs`), upgrades with
 * StartTLS when `startTls` (`starttls`), and simple-binds with `bindDn` (`bind`); without a bind
 * DN the session stays anonymous (no bind request at all, which also works where anonymous bind
 * requests are disabled but anonymous reads are not). Each failure throws an
 * {@link LdapStepError} naming its step, after closing the socket. The password is used for the
 * bind only: it is not kept, and never appears in an error. The connection goes only where
 * `options.guard` allows (a refused address fails the `connect` step with kind `refused`).
 */
export async function openLdapSession(settings: LdapConnectionSettings, bindPassword: string | undefined, options: LdapConnectOptions): Promise<LdapSession> {
  // The password goes out with the bind only, so only the bind's errors could echo it.
  const context: LdapErrorContext = { settings };
  const target = parseLdapUrl(settings.url);
  if (typeof target === 'string') {
    return failConfiguration('connect', `invalid URL: ${target}`, ['The URL must look like ldap://host:389 or ldaps://host:636.']);
  }
  if (target.secure && settings.startTls) {
    return failConfiguration('starttls', 'StartTLS on an ldaps:// connection', [
      'StartTLS upgrades an ldap:// connection; ldaps:// is already encrypted: switch one of them off.',
    ]);
  }
  const bindDn = settings.bindDn?.trim() || undefined;
  if (bindDn && !bindPassword) {
    // RFC 4513 §5.1.2: a name without a password is an "unauthenticated bind", which some servers accept as anonymous.
    return failConfiguration('bind', 'a bind DN without a password', [
      'Enter the bind password: a bind DN with an empty password is an unauthenticated bind (RFC 4513 §5.1.2), which servers refuse or treat as anonymous.',
    ]);
  }
  if (options.refusePlainBind && isPlainBind(settings)) {
    return failConfiguration('bind', 'a simple bind over plain ldap:// is refused on this server', [PLAIN_BIND_WARNING]);
  }
  const usesTls = target.secure || settings.startTls;
  const caCertificate = usesTls ? settings.caCertificate?.trim() || undefined : undefined;
  const caProblem = caCertificate ? validateCaCertificate(caCertificate) : undefined;
  if (caProblem) {
    return failConfiguration(target.secure ? 'connect' : 'starttls', `invalid CA certificate: ${caProblem}`, [
      `The CA certificate cannot be used: ${caProblem}.`,
    ]);
  }
  const tlsOptions = tlsOptionsFor(target, caCertificate);

  let socket: net.Socket;
  try {
    socket = await connectSocket(target, tlsOptions, settings.connectTimeoutMs, options.guard);
  } catch (error) {
    const failure = error instanceof ConnectFailure ? error : new ConnectFailure(error, false);
    throw toLdapStepError('connect', failure.error, { ...context, timeoutMs: settings.connectTimeoutMs, tlsHandshake: failure.tlsHandshake });
  }

  const connection = handOver(socket);
  const client = new Client({
    url: settings.url.trim(),
    timeout: settings.operationTimeoutMs,
    connectTimeout: settings.connectTimeoutMs,
    ...(target.secure
      ? { createSecureConnection: connection as unknown as typeof tls.connect }
      : {
          createConnection: connection as unknown as typeof net.connect,
          createSecureConnection: upgradeWithTimeout(settings.connectTimeoutMs) as unknown as typeof tls.connect,
        }),
  });
  let closing: Promise<void> | undefined;
  const session: LdapSession = {
    client,
    settings,
    close: () =>
      (closing ??= client
        .unbind()
        .catch(() => undefined)
        .finally(() => {
          socket.destroy();
        })),
  };

  try {
    if (settings.startTls) {
      try {
        await client.startTLS({ ...tlsOptions });
      } catch (error) {
        throw toLdapStepError('starttls', error, {
          ...context,
          timeoutMs: settings.connectTimeoutMs,
          tlsHandshake: !(error instanceof ResultCodeError),
        });
      }
    }
    if (bindDn) {
      try {
        await client.bind(bindDn, bindPassword);
      } catch (error) {
        throw toLdapStepError('bind', error, { ...context, timeoutMs: settings.operationTimeoutMs, secrets: [bindPassword] });
      }
    }
    return session;
  } catch (error) {
    await session.close();
    throw error;
  }
}

/** Opens a session, runs `use` with it, and closes it on every path. */
export async function withLdapSession<T>(
  settings: LdapConnectionSettings,
  bindPassword: string | undefined,
  options: LdapConnectOptions,
  use: (session: LdapSession) => Promise<T>,
): Promise<T> {
  const session = await openLdapSession(settings, bindPassword, options);
  try {
    return await use(session);
  } finally {
    await session.close();
  }
}

/** Reads the root DSE. Throws an {@link LdapStepError} with step `rootDse`. */
export async function readRootDse(session: LdapSession): Promise<RootDse> {
  const [entry] = await searchOnce(session, 'rootDse', {
    base: '',
    scope: 'base',
    filter: compileFilter('rootDse', '(objectClass=*)'),
    // Root DSE attributes are operational: returned only when asked for by name.
    attributes: [
      'vendorName',
      'vendorVersion',
      'namingContexts',
      'defaultNamingContext',
      'supportedControl',
      'supportedExtension',
      'supportedLDAPVersion',
      'supportedCapabilities',
      'dsServiceName',
      'highestCommittedUSN',
    ],
    binaryAttributes: [],
  });
  const first = (name: string) => textValuesOf(entry, name)[0] || undefined;
  const supportedControls = textValuesOf(entry, 'supportedControl');
  const capabilities = textValuesOf(entry, 'supportedCapabilities');
  const rootDse: RootDse = {
    vendorName: first('vendorName'),
    vendorVersion: first('vendorVersion'),
    namingContexts: textValuesOf(entry, 'namingContexts'),
    defaultNamingContext: first('defaultNamingContext'),
    supportedControls,
    supportedExtensions: textValuesOf(entry, 'supportedExtension'),
    supportedLdapVersions: textValuesOf(entry, 'supportedLDAPVersion'),
    pagedResults: supportedControls.includes(PAGED_RESULTS_OID),
    isActiveDirectory: capabilities.some((oid) => AD_CAPABILITIES.includes(oid)),
    dsServiceName: first('dsServiceName'),
    highestCommittedUsn: first('highestCommittedUSN'),
  };
  if (supportedControls.length) rememberPaging(session, rootDse.pagedResults);
  return rootDse;
}

/**
 * Which stable id attribute the directory has: reads one entry below `base` matching `filter`,
 * asking for every one of {@link ID_ATTRIBUTE_CANDIDATES} by name (they are operational), and
 * returns the first it has, spelled as in that list. Undefined when no entry matches or none has
 * one. Throws an {@link LdapStepError} with step `search`.
 */
export async function detectIdAttribute(session: LdapSession, base: string, filter: string): Promise<string | undefined> {
  const [entry] = await searchOnce(session, 'search', {
    base,
    scope: 'sub',
    filter: compileFilter('search', filter),
    attributes: [...ID_ATTRIBUTE_CANDIDATES],
    binaryAttributes: ['objectGUID', 'GUID'],
    sizeLimit: 1,
  });
  return ID_ATTRIBUTE_CANDIDATES.find((name) => valuesOf(entry, name).length > 0);
}

/**
 * Counts the entries below `base` matching `filter` (scope sub), page by page, asking for no
 * attributes (`1.1`, RFC 4511 §4.5.1.8) and keeping no entry. Throws an {@link LdapStepError}
 * with step `count`.
 */
export async function countEntries(session: LdapSession, base: string, filter: string): Promise<number> {
  const spec = { base, scope: 'sub' as const, filter: compileFilter('count', filter), attributes: ['1.1'], binaryAttributes: [] };
  let count = 0;
  for await (const page of pagedEntries(session, 'count', spec, { pageSize: session.settings.pageSize })) count += page.length;
  return count;
}

