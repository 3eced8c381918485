import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import { z } from 'zod';
import { safeString } from '../../safeText';
import { normalizeDn, validateDn } from './dn';
import { validateFilter } from './filter';

export { validateFilter } from './filter';
export { validateDn } from './dn';

/**
 * What an admin configures for one LDAP source. The bind password is not part of it: it is a
 * secret, stored encrypted elsewhere and handed to {@link openLdapSession} separately.
 */
export interface LdapConnectionSettings {
  /** `ldap://host:389` or `ldaps://host:636` (scheme, host and port only). */
  url: string;
  /** Upgrade an `ldap://` connection with StartTLS (RFC 4511 §4.14) before binding. */
  startTls: boolean;
  /** PEM certificate(s) trusted in addition to Node's CA store, for `ldaps://` and StartTLS. */
  caCertificate?: string;
  /** The DN (or, for Active Directory, `user@domain`) to simple-bind with; empty = anonymous. */
  bindDn?: string;
  /** The base DN, e.g. `dc=example,dc=com`. */
  baseDn: string;
  /**
   * As in Linchpin User Profiles: where people live, *relative to* the base DN, e.g. `ou=people`
   * → `ou=people,<baseDn>`. Empty = the base DN itself. See {@link userSearchBase}.
   */
  additionalUserDn?: string;
  /** RFC 4515 filter (https://www.rfc-editor.org/rfc/rfc4515) selecting people, e.g. `(objectClass=inetOrgPerson)`. */
  userFilter: string;
  /** The stable id attribute; unset = detect one of {@link ID_ATTRIBUTE_CANDIDATES}. */
  idAttribute?: string;
  /** Entries per page of a paged search (RFC 2696). Default 500. */
  pageSize: number;
  /** How long to wait for the TCP connection and TLS handshake, in ms. Default 10000. */
  connectTimeoutMs: number;
  /** How long to wait for the answer to one operation (a bind, one page of a search), in ms. Default 60000. */
  operationTimeoutMs: number;
}

/** The defaults {@link ldapConnectionSchema} fills in. */
export const LDAP_SETTING_DEFAULTS = {
  startTls: false,
  pageSize: 500,
  connectTimeoutMs: 10_000,
  operationTimeoutMs: 60_000,
} as const;

/**
 * Stable id attributes, in the order {@link detectIdAttribute} prefers them: OpenLDAP (RFC 4530),
 * Active Directory, 389 Directory Server / Red Hat DS, FreeIPA, eDirectory.
 */
export const ID_ATTRIBUTE_CANDIDATES = ['entryUUID', 'objectGUID', 'nsUniqueId', 'ipaUniqueID', 'GUID'] as const;

/** The search base for people: `<additionalUserDn>,<baseDn>`, or the base DN when there is no additional DN. */
export function userSearchBase(s: Pick<LdapConnectionSettings, 'baseDn' | 'additionalUserDn'>): string {
  const base = s.baseDn.trim();
  // A trailing comma is a common slip when typing a relative DN ("ou=people,").
  const additional = (s.additionalUserDn ?? '').trim().replace(/[\s,]+$/, '');
  if (!additional) return base;
  return base ? `${additional},${base}` : additional;
}

/** True when the additional user DN ends with the base DN, i.e. the admin typed a full DN where a relative one belongs. */
export function repeatsBaseDn(s: Pick<LdapConnectionSettings, 'baseDn' | 'additionalUserDn'>): boolean {
  const additional = s.additionalUserDn?.trim();
  if (!additional || !s.baseDn.trim()) return false;
  try {
    const a = normalizeDn(additional);
    const b = normalizeDn(s.baseDn);
    return a === b || a.endsWith(`,${b}`);
  } catch {
    return false;
  }
}

/** The parts of an LDAP URL a connection needs. */
export interface LdapTarget {
  secure: boolean;
  host: string;
  port: number;
}

/**
 * Parses `ldap://host[:port]` or `ldaps://host[:port]` (default ports 389 and 636). Returns a
 * message instead when the URL is not one: a base DN, user or query in the URL (RFC 4516 allows
 * them) belongs in the other settings.
 */
export function parseLdapUrl(url: string): LdapTarget | string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return `"${url}" is not a URL: write ldap://host:389 or ldaps://host:636`;
  }
  const scheme = parsed.protocol.replace(/:$/, '').toLowerCase();
  if (scheme !== 'ldap' && scheme !== 'ldaps') {
    return `the URL must start with ldap:// or ldaps://, not ${scheme}://`;
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) return 'the URL has no host name';
  if (parsed.username || parsed.password) return 'the URL must not hold a user or password: use the bind DN and password fields';
  if ((parsed.pathname && parsed.pathname !== '/') || parsed.search || parsed.hash) {
    return 'the URL holds only scheme, host and port: put the base DN and filter in their own fields';
  }
  const secure = scheme === 'ldaps';
  return { secure, host, port: parsed.port ? Number(parsed.port) : secure ? 636 : 389 };
}

/**
 * True when the settings simple-bind (a bind DN and its password) over plain ldap:// without
 * StartTLS: the password crosses the network in clear. Anonymous sessions send no password.
 */
export function isPlainBind(s: Pick<LdapConnectionSettings, 'url' | 'startTls' | 'bindDn'>): boolean {
  const target = parseLdapUrl(s.url);
  return typeof target !== 'string' && !target.secure && !s.startTls && !!s.bindDn?.trim();
}

/** What the admin reads about a plain bind, in the connection test, the source list and a refusal. */
export const PLAIN_BIND_WARNING =
  'The bind password crosses the network in clear: this source binds over plain ldap:// without StartTLS. Switch on StartTLS or use ldaps://.';

/** True for an IPv4 or IPv6 address (TLS then checks the certificate's IP SANs and sends no SNI). */
export function isIpAddress(host: string): boolean {
  return net.isIP(host) !== 0;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** The PEM certificate blocks of `pem`, in order (an admin may paste a chain). */
export function pemCertificates(pem: string): string[] {
  return [...pem.matchAll(PEM_BLOCK)].filter((m) => m[1] === 'CERTIFICATE').map((m) => m[0]);
}

/**
 * Checks a pasted CA certificate. Returns a message for people when it is not one or more valid
 * PEM certificates (a private key is refused: it must never be pasted into an app), or when a
 * certificate has expired or is not yet valid; undefined when it is fine.
 */
export function validateCaCertificate(pem: string, now: Date = new Date()): string | undefined {
  const text = pem.trim();
  if (!text) return 'the CA certificate is empty';
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    return 'this is a private key: paste only the CA certificate (-----BEGIN CERTIFICATE-----), and keep the key secret';
  }
  const blocks = pemCertificates(text);
  if (blocks.length === 0) {
    return 'not a PEM certificate: expected text starting with -----BEGIN CERTIFICATE----- and ending with -----END CERTIFICATE-----';
  }
  const leftover = text.replace(PEM_BLOCK, '').trim();
  if (leftover) return `unexpected text outside the PEM blocks: "${leftover.slice(0, 40)}"`;
  for (const [index, block] of blocks.entries()) {
    const which = blocks.length > 1 ? `certificate ${index + 1} of ${blocks.length}` : 'the certificate';
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch (error) {
      return `${which} is not a valid X.509 certificate (${(error as Error).message})`;
    }
    const subject = cert.subject.replace(/\n/g, ', ');
    if (new Date(cert.validTo) < now) return `${which} (${subject}) expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}`;
    if (new Date(cert.validFrom) > now) return `${which} (${subject}) is not valid before ${new Date(cert.validFrom).toISOString().slice(0, 10)}`;
  }
  return undefined;
}

const ATTRIBUTE_NAME = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)$/;

const optionalText = safeString()
  .trim()
  .optional()
  .transform((value) => value || undefined);

const dnText = (what: string) =>
  safeString()
    .trim()
    .superRefine((value, ctx) => {
      const problem = validateDn(value);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${what} is not a valid DN (RFC 4514): ${problem}` });
    });

/**
 * The fields of {@link LdapConnectionSettings} as a zod object, for forms that add their own
 * fields (`ldapConnectionFields.extend({...}).superRefine(checkLdapConnectionRules)`). Trims text,
 * turns empty optional fields into undefined, fills in {@link LDAP_SETTING_DEFAULTS} and explains
 * every problem for people.
 */
export const ldapConnectionFields = z.object({
  url: safeString()
    .trim()
    .superRefine((value, ctx) => {
      const target = parseLdapUrl(value);
      if (typeof target === 'string') ctx.addIssue({ code: z.ZodIssueCode.custom, message: target });
    }),
  startTls: z.boolean().default(LDAP_SETTING_DEFAULTS.startTls),
  caCertificate: optionalText.superRefine((value, ctx) => {
    const problem = value === undefined ? undefined : validateCaCertificate(value);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  }),
  // Not checked as a DN: Active Directory also binds with user@domain and DOMAIN\user.
  bindDn: optionalText,
  baseDn: dnText('The base DN').pipe(safeString().min(1, 'The base DN must not be empty, e.g. dc=example,dc=com')),
  additionalUserDn: optionalText.pipe(dnText('The additional user DN').optional()),
  userFilter: safeString()
    .trim()
    .superRefine((value, ctx) => {
      const problem = validateFilter(value);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `The user filter is not valid (RFC 4515): ${problem}` });
    }),
  idAttribute: optionalText.refine((value) => value === undefined || ATTRIBUTE_NAME.test(value), {
    message: 'The id attribute must be an attribute name such as entryUUID or objectGUID',
  }),
  pageSize: z.number().int().min(1).max(10_000).default(LDAP_SETTING_DEFAULTS.pageSize),
  connectTimeoutMs: z.number().int().min(100).max(120_000).default(LDAP_SETTING_DEFAULTS.connectTimeoutMs),
  operationTimeoutMs: z.number().int().min(1_000).max(600_000).default(LDAP_SETTING_DEFAULTS.operationTimeoutMs),
});

/** The rules that span fields: StartTLS only with ldap://, and an additional user DN that does not repeat the base DN. */
export function checkLdapConnectionRules(
  s: Pick<LdapConnectionSettings, 'url' | 'startTls' | 'baseDn' | 'additionalUserDn'>,
  ctx: z.RefinementCtx,
): void {
  const target = parseLdapUrl(s.url);
  if (typeof target !== 'string' && target.secure && s.startTls) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['startTls'],
      message: 'StartTLS upgrades an ldap:// connection; an ldaps:// connection is already encrypted: switch one of them off',
    });
  }
  if (repeatsBaseDn(s)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['additionalUserDn'],
      message: `The additional user DN is relative to the base DN: write only the part below it (e.g. "ou=people"), without ",${s.baseDn}"`,
    });
  }
}

/** {@link ldapConnectionFields} with {@link checkLdapConnectionRules}: the whole validation of the settings. */
export const ldapConnectionSchema = ldapConnectionFields.superRefine(checkLdapConnectionRules);

/** Validates untrusted input into settings; throws zod's `ZodError` listing every problem. */
export function parseLdapConnectionSettings(input: unknown): LdapConnectionSettings {
  return ldapConnectionSchema.parse(input);
}
