import { ResultCodeError } from 'ldapts';
import { OutboundRefusedError } from '../../net/outbound';
import { repeatsBaseDn, type LdapConnectionSettings } from './settings';
import { EXPIRED_CERTIFICATE_CODES, UNTRUSTED_CERTIFICATE_CODES } from '../../net/tlsErrors';

/** The step of talking to a directory that failed; "Save and test connection" shows it. */
export type LdapStep = 'connect' | 'starttls' | 'bind' | 'rootDse' | 'search' | 'count' | 'modify';

/**
 * What kind of failure it was:
 * - `result`: the server answered with an LDAP result code (RFC 4511 §4.1.9);
 * - `network`: no TCP connection, or it broke;
 * - `tls`: the TLS handshake failed (certificate, host name, protocol);
 * - `timeout`: no answer within `connectTimeoutMs` / `operationTimeoutMs`;
 * - `closed`: the session was already closed;
 * - `configuration`: the settings cannot work (bad URL, filter, or a bind DN without a password);
 * - `protocol`: the server's answer could not be understood;
 * - `refused`: the outbound guard refused the address (internal, not in OUTBOUND_ALLOW).
 *
 * Only `result` and certificate failures carry the server's or the TLS library's words in the
 * message; the others read the same whatever the socket said (`diagnostic` keeps it, for the log).
 */
export type LdapFailureKind = 'result' | 'network' | 'tls' | 'timeout' | 'closed' | 'configuration' | 'protocol' | 'refused';

/** RFC 4511 result names (https://www.rfc-editor.org/rfc/rfc4511#appendix-A), by code. */
export const LDAP_RESULT_NAMES: Readonly<Record<number, string>> = {
  0: 'success',
  1: 'operationsError',
  2: 'protocolError',
  3: 'timeLimitExceeded',
  4: 'sizeLimitExceeded',
  5: 'compareFalse',
  6: 'compareTrue',
  7: 'authMethodNotSupported',
  8: 'strongerAuthRequired',
  10: 'referral',
  11: 'adminLimitExceeded',
  12: 'unavailableCriticalExtension',
  13: 'confidentialityRequired',
  14: 'saslBindInProgress',
  16: 'noSuchAttribute',
  17: 'undefinedAttributeType',
  18: 'inappropriateMatching',
  19: 'constraintViolation',
  20: 'attributeOrValueExists',
  21: 'invalidAttributeSyntax',
  32: 'noSuchObject',
  33: 'aliasProblem',
  34: 'invalidDNSyntax',
  36: 'aliasDereferencingProblem',
  48: 'inappropriateAuthentication',
  49: 'invalidCredentials',
  50: 'insufficientAccessRights',
  51: 'busy',
  52: 'unavailable',
  53: 'unwillingToPerform',
  54: 'loopDetect',
  64: 'namingViolation',
  65: 'objectClassViolation',
  66: 'notAllowedOnNonLeaf',
  67: 'notAllowedOnRDN',
  68: 'entryAlreadyExists',
  69: 'objectClassModsProhibited',
  71: 'affectsMultipleDSAs',
  80: 'other',
  118: 'canceled',
};

/** What {@link LdapStepError}'s constructor takes. */
export interface LdapStepErrorInit {
  step: LdapStep;
  kind: LdapFailureKind;
  /** After "<step> failed: ", e.g. "invalidCredentials (49): 80090308: LdapErr: …". */
  summary: string;
  resultCode?: number;
  diagnostic?: string;
  transportCode?: string;
  usualCauses: string[];
  cause?: unknown;
}

/**
 * A failed step of talking to a directory, with everything an admin needs to fix it. The message
 * reads like `bind failed: invalidCredentials (49): 80090308: LdapErr: DSID-0C09044E, comment:
 * AcceptSecurityContext error, data 52e, v4563`. It never holds the bind password.
 */
export class LdapStepError extends Error {
  readonly step: LdapStep;
  readonly kind: LdapFailureKind;
  /** The LDAP result code, for `kind: 'result'`. */
  readonly resultCode?: number;
  /** Its RFC 4511 name, e.g. `invalidCredentials`. */
  readonly resultName?: string;
  /** The server's diagnostic message (or the socket's or TLS library's message), verbatim. */
  readonly diagnostic?: string;
  /** Node's code for a socket or TLS failure: `ECONNREFUSED`, `ENOTFOUND`, `DEPTH_ZERO_SELF_SIGNED_CERT`… */
  readonly transportCode?: string;
  /** The usual causes, most likely first, each with what to do. */
  readonly usualCauses: string[];

  constructor(init: LdapStepErrorInit) {
    super(`${init.step} failed: ${init.summary}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'LdapStepError';
    this.step = init.step;
    this.kind = init.kind;
    this.resultCode = init.resultCode;
    this.resultName = init.resultCode === undefined ? undefined : resultName(init.resultCode);
    this.diagnostic = init.diagnostic;
    this.transportCode = init.transportCode;
    this.usualCauses = init.usualCauses;
  }
}

/** The RFC 4511 name of a result code, or `resultCode<n>` for one it does not define. */
export function resultName(code: number): string {
  return LDAP_RESULT_NAMES[code] ?? `resultCode${code}`;
}

/** What {@link toLdapStepError} knows about the failed operation, to name causes precisely. */
export interface LdapErrorContext {
  settings?: Partial<LdapConnectionSettings>;
  /** The search base or entry DN of the operation. */
  base?: string;
  /** The timeout that applied, in ms (for a timeout's message). */
  timeoutMs?: number;
  /** True when the failure happened during a TLS handshake (ldaps:// connect or StartTLS). */
  tlsHandshake?: boolean;
  /**
   * Values that must never appear in the error (the bind password): they are replaced by `***`,
   * and the original error is then not kept as `cause`.
   */
  secrets?: Array<string | undefined>;
}

const SESSION_CLOSED = 'the LDAP session is closed (by close(), an operation timeout or the server); open a new session';

/**
 * The error a closed session's client raises when used again; see `openLdapSession`. ldapts may
 * pass on only its message (wrapped in its own "Socket error" message), so that is what is matched.
 */
export class LdapSessionClosedError extends Error {
  constructor() {
    super(SESSION_CLOSED);
    this.name = 'LdapSessionClosedError';
  }
}

/** Our own connect timeout (TCP connect plus, for ldaps://, the TLS handshake). */
export class LdapConnectTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no connection within ${timeoutMs} ms`);
    this.name = 'LdapConnectTimeoutError';
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
]);

/**
 * Turns anything an LDAP operation threw (an ldapts `ResultCodeError` with its `code`, a socket or
 * TLS error, a timeout) into an {@link LdapStepError} for `step`, with the usual causes. An
 * `LdapStepError` is returned as it is.
 */
export function toLdapStepError(step: LdapStep, error: unknown, context: LdapErrorContext = {}): LdapStepError {
  if (error instanceof LdapStepError) return error;
  const secrets = (context.secrets ?? []).filter((s): s is string => !!s);
  const scrub = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('***'), text);
  const cause = secrets.length ? undefined : error;
  const raw = error instanceof Error ? error.message : String(error);

  if (error instanceof ResultCodeError) {
    const diagnostic = cleanDiagnostic(scrub(raw.replace(/\s*Code: 0x[0-9a-f]+$/i, '')));
    const code = error.code;
    return new LdapStepError({
      step,
      kind: 'result',
      summary: `${resultName(code)} (${code})${diagnostic ? `: ${diagnostic}` : ''}`,
      resultCode: code,
      diagnostic,
      usualCauses: resultCauses(step, code, diagnostic, context),
      cause,
    });
  }

  if (error instanceof LdapSessionClosedError || raw.includes(SESSION_CLOSED)) {
    return new LdapStepError({ step, kind: 'closed', summary: SESSION_CLOSED, usualCauses: [closedCause], cause });
  }

  const transportCode = (error as NodeJS.ErrnoException | undefined)?.code;
  const diagnostic = scrub(raw);
  if (error instanceof OutboundRefusedError) {
    // Only the host the admin wrote: the address it resolved to would tell them about the operator's network.
    return new LdapStepError({
      step,
      kind: 'refused',
      summary: `That address is not allowed: it is internal (${hostName(context)})`,
      diagnostic,
      transportCode,
      usualCauses: [REFUSED_CAUSE],
      cause,
    });
  }

  const timeoutMs = error instanceof LdapConnectTimeoutError ? error.timeoutMs : context.timeoutMs;
  const timedOut = error instanceof LdapConnectTimeoutError || /Operation timed out$|^Connection timeout$/.test(raw);
  const certificate = certificateProblem(transportCode, context);
  const tls =
    context.tlsHandshake ||
    (transportCode !== undefined && (certificate !== undefined || /^ERR_(TLS|SSL)_/.test(transportCode) || transportCode === 'EPROTO'));
  const network = (transportCode && NETWORK_CODES.has(transportCode)) || /^(Socket error|Connection closed)/.test(raw);
  const kind: LdapFailureKind = timedOut ? 'timeout' : tls ? 'tls' : network ? 'network' : 'protocol';

  // A certificate problem is named: the admin can act on it, and it tells nothing a browser would not.
  if (kind === 'tls' && certificate) {
    return new LdapStepError({ step, kind, summary: certificate.summary, diagnostic, transportCode, usualCauses: certificate.causes, cause });
  }
  // Before the directory has said a word, every failure reads the same: a refused, a silent, a
  // resetting or a non-TLS port must not be told apart (no port scanner), and the socket's and
  // OpenSSL's own texts stay in the log.
  if (step === 'connect') {
    return new LdapStepError({ step, kind, summary: `The directory at ${hostPort(context)} could not be reached`, diagnostic, transportCode, usualCauses: unreachableCauses(context), cause });
  }
  if (kind === 'timeout') {
    const what = step === 'starttls' ? 'no connection' : 'no answer';
    return new LdapStepError({ step, kind, summary: `${what} within ${timeoutMs ?? '?'} ms`, diagnostic, usualCauses: timeoutCauses(step, timeoutMs, context), cause });
  }
  if (kind === 'tls') {
    return new LdapStepError({ step, kind, summary: 'the TLS handshake failed', diagnostic, transportCode, usualCauses: tlsCauses(step), cause });
  }
  if (kind === 'network') {
    return new LdapStepError({
      step,
      kind,
      summary: `the connection to ${hostPort(context)} was lost`,
      diagnostic,
      transportCode,
      usualCauses: ['A proxy or firewall cuts the connection.', 'The server closed the connection (too many connections, an idle timeout, or it requires TLS).'],
      cause,
    });
  }
  return new LdapStepError({
    step,
    kind,
    summary: 'the server sent an answer that is not LDAP',
    diagnostic,
    transportCode,
    usualCauses: ['The server sent an answer the LDAP client could not read: is this an LDAP server (and the right port)?'],
    cause,
  });
}

/** Active Directory ends its diagnostics with a NUL; some servers add line breaks. */
function cleanDiagnostic(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const cleaned = text.replace(/[\u0000-\u001f]+/g, ' ').trim();
  return cleaned || undefined;
}

function hostPort(context: LdapErrorContext): string {
  const url = context.settings?.url;
  if (!url) return 'the server';
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || (parsed.protocol === 'ldaps:' ? 636 : 389)}`;
  } catch {
    return url;
  }
}

function hostName(context: LdapErrorContext): string {
  try {
    return new URL(context.settings?.url ?? '').hostname || 'the host';
  } catch {
    return 'the host';
  }
}

const closedCause = 'The session was closed before this operation (by close(), an earlier timeout, or the server): open a new session.';
const firewallCause =
  'A firewall drops the connection, or the directory is not reachable from the internet: allow connections from Rollcall to the directory port.';
const wrongTlsPortCause =
  'ldap:// and ldaps:// are mixed up with the port: ldaps:// needs the LDAPS port (usually 636), ldap:// the plain one (usually 389, optionally with StartTLS).';

const REFUSED_CAUSE =
  'Rollcall connects only to public addresses: this host is, or resolves to, a loopback, private, link-local or otherwise internal address. ' +
  'Use the directory\'s public host name, or ask the operator of this Rollcall server to allow it (OUTBOUND_ALLOW).';

function unreachableCauses(context: LdapErrorContext): string[] {
  return [
    `The host or port is wrong (${hostPort(context)}), or the host name does not resolve from the internet: check them (389 for ldap://, 636 for ldaps://).`,
    'The directory server does not run, or a firewall does not let Rollcall reach it: allow connections from Rollcall to the directory port.',
    wrongTlsPortCause,
  ];
}

function timeoutCauses(step: LdapStep, timeoutMs: number | undefined, context: LdapErrorContext): string[] {
  if (step === 'starttls') return [firewallCause, `The host or port is wrong (${hostPort(context)}).`, wrongTlsPortCause];
  const limit = timeoutMs === undefined ? 'The operation timeout' : `The operation timeout (${timeoutMs} ms)`;
  return [
    'The server is slow to answer: the user filter uses attributes without an index, or the page size is large.',
    `${limit} is too short for this directory: raise it.`,
    'A firewall silently dropped an idle connection.',
  ];
}

/** A certificate the client refused, named with what to do; undefined for other failures. */
function certificateProblem(code: string | undefined, context: LdapErrorContext): { summary: string; causes: string[] } | undefined {
  if (code && UNTRUSTED_CERTIFICATE_CODES.has(code)) {
    return {
      summary: "the server's certificate is not trusted",
      causes: [
        "The server's certificate is self-signed or issued by a private CA: add the CA certificate (PEM) to the connection settings.",
        'The server does not send its intermediate certificates: add them to the CA certificate field, or fix the server.',
      ],
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      summary: `the server's certificate is not issued for "${hostName(context)}"`,
      causes: [
        `The certificate is not issued for "${hostName(context)}": use the host name the certificate names (not an IP address or another alias), or get a certificate that includes it.`,
      ],
    };
  }
  if (code && EXPIRED_CERTIFICATE_CODES.has(code)) {
    return {
      summary: "the server's certificate has expired or is not yet valid",
      causes: ["The server's certificate has expired or is not yet valid: renew it on the server (and check the server's clock)."],
    };
  }
  return undefined;
}

function tlsCauses(step: LdapStep): string[] {
  return [
    step === 'starttls'
      ? 'The server accepted StartTLS but failed the handshake: check its TLS certificate and key configuration.'
      : wrongTlsPortCause,
    'The server offers only TLS versions or ciphers that are too old (Rollcall requires TLS 1.2 or later).',
  ];
}

const AD_BIND_DATA: Record<string, string> = {
  '525': 'Active Directory: the bind user does not exist (data 525): check the bind DN.',
  '52e': 'Active Directory: wrong password for an existing user (data 52e).',
  '530': 'Active Directory: the account may not log on at this time (data 530).',
  '531': 'Active Directory: the account may not log on from this workstation (data 531).',
  '532': "Active Directory: the account's password has expired (data 532): set a new one.",
  '533': 'Active Directory: the account is disabled (data 533).',
  '568': 'Active Directory: the account is in too many groups (data 568).',
  '701': 'Active Directory: the account has expired (data 701).',
  '773': 'Active Directory: the password must be changed before the account can bind (data 773).',
  '775': 'Active Directory: the account is locked out (data 775).',
};

const TLS_REQUIRED_CAUSE =
  'The server accepts binds only over an encrypted connection: switch on StartTLS or use ldaps:// (Active Directory with "LDAP server signing requirements" does this).';

function resultCauses(step: LdapStep, code: number, diagnostic: string | undefined, context: LdapErrorContext): string[] {
  const settings = context.settings ?? {};
  const base = context.base ?? settings.baseDn ?? 'the base DN';
  const anonymous = !settings.bindDn?.trim();
  switch (code) {
    case 1:
      if (/000004DC/i.test(diagnostic ?? '')) {
        return ['Active Directory allows searches only after a successful bind: set a bind DN and password.'];
      }
      return ['The server could not complete the operation; its log tells why.'];
    case 2:
      if (step === 'starttls') {
        return [
          'The server does not offer StartTLS (no TLS certificate is configured on it): configure TLS on the server, or switch StartTLS off (or use ldaps:// if it listens on an LDAPS port).',
        ];
      }
      return ['The server did not understand the request: an LDAP v2-only server, or a filter, attribute or control it does not support.'];
    case 3:
      return [
        "The server's time limit ended the search: narrow the user filter, index its attributes, or raise the server's time limit for the bind user.",
      ];
    case 4:
      return [
        "The server's size limit ended the search: paging (RFC 2696) normally avoids it, so the server may not page for this user. " +
          'Raise the size limit for the bind user (OpenLDAP: limits … size.prtotal; Active Directory: MaxPageSize) or lower the page size.',
      ];
    case 7:
    case 8:
    case 13:
      return [TLS_REQUIRED_CAUSE];
    case 10:
      return [
        `The server does not hold "${base}" and refers elsewhere: use a base DN from the server's naming contexts (root DSE), ` +
          'or for a whole Active Directory forest the Global Catalog (port 3268, or 3269 with TLS).',
      ];
    case 11:
      return ['An administrative limit was exceeded: lower the page size (Active Directory: MaxPageSize, MaxResultSetSize).'];
    case 12:
      return ['The server does not support a control Rollcall marked critical (paged results, RFC 2696).'];
    case 16:
      return ['The attribute or value to change is not on the entry (any more).'];
    case 17:
      return [
        'An attribute missing from the schema: check the attribute names in the user filter, the id attribute and the attribute mappings.',
      ];
    case 18:
      return ['The filter uses a match the attribute has no matching rule for (e.g. >= on an attribute without ordering).'];
    case 19:
      return ['The value breaks a constraint: too long, not unique, or several values for a single-valued attribute.'];
    case 20:
      return ['The value is already on the entry.'];
    case 21:
      return ["A value does not match the attribute's syntax (e.g. letters in a telephone number, or a DN attribute given something that is not a DN)."];
    case 32: {
      if (step === 'bind') return ['The bind DN does not exist: check it.'];
      if (step === 'modify') return ['The entry no longer exists: it was moved or deleted since the last sync.'];
      const causes = [`The search base "${base}" does not exist: check the base DN (the server's naming contexts are in the root DSE).`];
      if (settings.additionalUserDn?.trim()) {
        causes.push(
          repeatsBaseDn({ baseDn: settings.baseDn ?? '', additionalUserDn: settings.additionalUserDn })
            ? `The additional user DN repeats the base DN: it is below the base DN, so write only the part below it ("ou=people", not "ou=people,${settings.baseDn}").`
            : 'The additional user DN is below the base DN: it is joined in front of it ("ou=people" makes "ou=people,<base DN>"); do not repeat the base DN, and check its spelling.',
        );
      }
      causes.push('The bind user may not see the base entry (some servers answer noSuchObject rather than reveal it).');
      return causes;
    }
    case 34:
      return step === 'bind'
        ? ['The bind DN is not a valid DN (e.g. cn=reader,ou=system,dc=example,dc=com; Active Directory also accepts reader@example.com).']
        : [`"${base}" is not a valid DN (RFC 4514): check the base DN and the additional user DN.`];
    case 48:
      return ['The server refuses anonymous or unauthenticated binds: set a bind DN and password.'];
    case 49: {
      const causes = [
        'Wrong bind DN or password.',
        'The bind DN must be the full DN of the service account (e.g. cn=reader,ou=system,dc=example,dc=com); Active Directory also accepts reader@example.com.',
      ];
      const data = /data ([0-9a-f]{3,4})/i.exec(diagnostic ?? '')?.[1]?.toLowerCase();
      const ad = data ? AD_BIND_DATA[data] : undefined;
      if (ad) causes.unshift(ad);
      return causes;
    }
    case 50:
      if (step === 'modify') return ['The bind user may not write this attribute of this entry: grant it write access, or make the field read-only.'];
      if (anonymous) return ['Anonymous clients may not read this directory: set a bind DN and password.'];
      return [`The bind user may not read below "${base}": grant it read access to the people and the mapped attributes.`];
    case 51:
    case 52:
      return ['The server is busy, shutting down or not ready (e.g. a replica that is not synchronized): try again later.'];
    case 53:
      if (step === 'bind') {
        return ['The server refuses this bind: anonymous or unauthenticated binds are disabled, or the account cannot bind now.'];
      }
      if (step === 'modify') return ['The server refuses the change: a read-only replica, or an attribute the server manages itself.'];
      return ['The server refuses the operation: e.g. a search on an attribute without an index (389 Directory Server), or a read-only replica.'];
    case 80:
      return ['The server reported an internal error; its log tells why.'];
    default:
      return ["The server refused the operation; its diagnostic message tells why."];
  }
}
