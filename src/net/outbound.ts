import dns from 'node:dns';
import type { LookupAddress, LookupAllOptions, LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * The outbound guard: every connection a site admin's settings open (an LDAP URL, an XML source's
 * HTTPS URL) goes to a public address only, unless the operator's allow-list (OUTBOUND_ALLOW)
 * permits it. A site admin is an outsider to the operator's network: without the guard, their
 * settings would reach the app server's loopback, the cloud metadata service and the private
 * network behind it (SSRF).
 *
 * The check happens at connect time, on the addresses the socket then connects to: a custom
 * `lookup` (net/tls/https options) resolves the name once, checks every address it got, and hands
 * exactly those to the socket, so a name that resolves to a public address when saved and to
 * 127.0.0.1 when used (DNS rebinding) is refused. A literal address, in any notation
 * (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`, `::ffff:127.0.0.1`), is parsed with ipaddr.js
 * and classified as the address it denotes, never by matching the text.
 */

/** A connection the guard refused: the host is, or resolves to, an internal address. */
export class OutboundRefusedError extends Error {
  /** Node-style code, so socket error handlers can tell it from ECONNREFUSED & co. */
  readonly code = 'ERR_OUTBOUND_REFUSED';
  constructor(
    /** The host as the admin wrote it. */
    readonly host: string,
    /** The internal address it is or resolved to. */
    readonly address: string,
    /** ipaddr.js's name of the address's range: `loopback`, `private`, `linkLocal`… */
    readonly range: string,
  ) {
    super(`${host} is not allowed: ${address} is an internal address (${range})`);
    this.name = 'OutboundRefusedError';
  }
}

/** `dns.lookup`'s signature, as net.connect, tls.connect and https.request take it (`lookup` option). */
export type LookupFunction = (hostname: string, options: LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => void;

/** What resolves names for the guard: `dns.lookup` with `all: true` (a stand-in in unit tests). */
export type Resolver = (hostname: string, options: LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** One parsed OUTBOUND_ALLOW entry. */
type AllowEntry = { kind: 'cidr'; range: [Address, number]; text: string } | { kind: 'host'; name: string } | { kind: 'suffix'; suffix: string };

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** The host without IPv6 brackets, lower-cased, without a trailing dot. */
function normalizeHost(host: string): string {
  return host
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase()
    .replace(/\.$/, '');
}

/**
 * `host` as the address it denotes when it is a literal IP address in any notation ipaddr.js (and
 * so the C library's inet_aton) reads: decimal, hex, octal, one to four parts, IPv6, IPv4-mapped
 * IPv6 (taken as the IPv4 address it carries). Undefined for a host name.
 */
export function literalAddress(host: string): Address | undefined {
  const bare = normalizeHost(host).replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return undefined;
  return ipaddr.process(bare);
}

/** ::/8 (RFC 4291 §2.4), which ipaddr.js leaves as unicast apart from :: and ::1: IPv4-compatible and other reserved addresses. */
const IPV6_RESERVED_LOW: [ipaddr.IPv6, number] = ipaddr.IPv6.parseCIDR('::/8');

/** The name of `address`'s range: ipaddr.js's (`loopback`, `private`, `linkLocal`, `uniqueLocal`…), `unicast` for a public one. */
export function rangeOf(address: Address): string {
  const range = address.range();
  if (range === 'unicast' && address.kind() === 'ipv6' && address.match(IPV6_RESERVED_LOW)) return 'reserved';
  return range;
}

/** True when `address` is publicly routable: in no special range (loopback, private, link-local, CGNAT, ULA, multicast, reserved…). */
export function isPublicAddress(address: Address): boolean {
  return rangeOf(address) === 'unicast';
}

/** Why an OUTBOUND_ALLOW entry is not one, or undefined when it is a CIDR, an address or a host name. */
export function allowEntryProblem(entry: string): string | undefined {
  const text = entry.trim();
  if (!text) return 'has an empty entry (two commas, or a comma at an end): remove it';
  return parseAllowEntry(text) ? undefined : `"${text}" is neither a CIDR (10.0.0.0/8, fd00::/8), an IP address nor a host name (ldap.example.com, *.corp.example.com)`;
}

function parseAllowEntry(text: string): AllowEntry | undefined {
  if (text.includes('/')) {
    try {
      return { kind: 'cidr', range: ipaddr.parseCIDR(text), text };
    } catch {
      return undefined;
    }
  }
  if (ipaddr.isValid(text)) {
    const address = ipaddr.process(text);
    return { kind: 'cidr', range: [address, address.kind() === 'ipv4' ? 32 : 128], text };
  }
  const name = normalizeHost(text);
  const wildcard = name.startsWith('*.');
  const labels = (wildcard ? name.slice(2) : name).split('.');
  if (!labels.every((label) => HOST_LABEL.test(label))) return undefined;
  return wildcard ? { kind: 'suffix', suffix: name.slice(1) } : { kind: 'host', name };
}

/** Splits OUTBOUND_ALLOW at commas; every entry must pass {@link allowEntryProblem}. */
export function splitAllowList(value: string): string[] {
  return value.split(',').map((entry) => entry.trim());
}

/**
 * The guard. One per app, built from OUTBOUND_ALLOW; every LDAP session and every XML download
 * connects through {@link OutboundGuard.connectOptions}.
 */
export class OutboundGuard {
  private readonly entries: AllowEntry[];

  /**
   * @param allow OUTBOUND_ALLOW's entries (already validated at start-up): CIDRs, addresses, host
   *   names, `*.suffix` names. An allowed name may resolve to any address; an allowed CIDR permits
   *   the addresses in it, whatever name led there.
   * @param resolve how names are resolved; default `dns.lookup` (the system resolver, as Node's own sockets use).
   */
  constructor(
    allow: readonly string[] = [],
    private readonly resolve: Resolver = dns.lookup as unknown as Resolver,
  ) {
    this.entries = allow.map((text) => {
      const entry = parseAllowEntry(text.trim());
      if (!entry) throw new Error(`OUTBOUND_ALLOW: ${allowEntryProblem(text)}`);
      return entry;
    });
  }

  /** True when the operator allows `host` by name. */
  private allowsName(host: string): boolean {
    const name = normalizeHost(host);
    return this.entries.some((e) => (e.kind === 'host' ? e.name === name : e.kind === 'suffix' ? name.endsWith(e.suffix) : false));
  }

  private allowsAddress(address: Address): boolean {
    return this.entries.some((e) => e.kind === 'cidr' && e.range[0].kind() === address.kind() && address.match(e.range));
  }

  /** Undefined when a connection to `address` (reached through `host`) is allowed; else the refusal. */
  private refusal(host: string, address: Address): OutboundRefusedError | undefined {
    if (isPublicAddress(address) || this.allowsAddress(address) || this.allowsName(host)) return undefined;
    return new OutboundRefusedError(host, address.toString(), rangeOf(address));
  }

  /**
   * Throws {@link OutboundRefusedError} when `host` is a literal internal address (in any
   * notation) the allow-list does not permit. Names pass here: they are checked when resolved.
   */
  checkHost(host: string): void {
    const address = literalAddress(host);
    const refused = address && this.refusal(host, address);
    if (refused) throw refused;
  }

  /**
   * A `lookup` for net/tls/https: resolves `hostname` (a literal address stands for itself),
   * refuses it when any of its addresses is internal and not allowed, and otherwise answers with
   * exactly the addresses it checked, in the shape the caller asked for (`all` or one).
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    const literal = literalAddress(hostname);
    const answer = (addresses: LookupAddress[]) => {
      const refused = addresses.map((a) => this.refusal(hostname, ipaddr.process(a.address))).find(Boolean);
      if (refused) return callback(refused, options.all ? [] : '', undefined);
      if (addresses.length === 0) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }), options.all ? [] : '', undefined);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    };
    if (literal) {
      const family = literal.kind() === 'ipv4' ? 4 : 6;
      if (options.family && options.family !== family) return answer([]);
      return answer([{ address: literal.toString(), family }]);
    }
    this.resolve(hostname, { ...options, all: true } as LookupAllOptions, (err, addresses) => {
      if (err) return callback(err, options.all ? [] : '', undefined);
      answer(addresses);
    });
  };

  /**
   * What to give net.connect / tls.connect / https.request for `host`: the host itself and the
   * guarding `lookup`. A literal address is checked here (Node does not call `lookup` for one)
   * and given in its canonical form, so that no other parser reads the admin's notation.
   * @throws OutboundRefusedError for a literal internal address.
   */
  connectOptions(host: string): { host: string; lookup: LookupFunction } {
    this.checkHost(host);
    const address = literalAddress(host);
    return { host: address ? address.toString() : normalizeHost(host), lookup: this.lookup };
  }
}
