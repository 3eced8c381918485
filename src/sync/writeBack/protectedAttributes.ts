import { DnSyntaxError, ID_ATTRIBUTE_CANDIDATES, parseDn } from '../../directory/ldap';

/**
 * Attributes Rollcall never writes to a directory, neither by write-back (a person saving their
 * profile) nor by the write-access test: what finds a person's account, what identifies or names
 * their entry, credentials and group membership, and what the server keeps itself.
 *
 * Writing back the attribute that matches entries to accounts (`mail`) let a person re-point
 * their directory entry at another person's account, whose profile the next sync then filled with
 * the first person's values (issue #13, item 9).
 */

/** Common aliases (RFC 4519 names and short forms), so `rfc822Mailbox` is refused like `mail`. */
const ALIASES: Readonly<Record<string, string>> = {
  rfc822mailbox: 'mail',
  userid: 'uid',
  commonname: 'cn',
  '0.9.2342.19200300.100.1.3': 'mail',
  '0.9.2342.19200300.100.1.1': 'uid',
  '2.5.4.3': 'cn',
};

/** The same attribute whatever its spelling: lower case, aliases resolved. */
export function canonicalAttribute(name: string): string {
  const lower = name.trim().toLowerCase();
  return ALIASES[lower] ?? lower;
}

/** Credentials, access and group membership: writing them could lock people out or grant rights. */
const SENSITIVE = new Set(
  [
    'userPassword', 'unicodePwd', 'authPassword', 'sambaNTPassword', 'sambaLMPassword', 'krbPrincipalKey', 'supplementalCredentials',
    'objectClass', 'member', 'memberOf', 'uniqueMember', 'memberUid', 'isMemberOf', 'nsRoleDN',
    'nTSecurityDescriptor', 'userAccountControl', 'sAMAccountName', 'userPrincipalName', 'servicePrincipalName', 'altSecurityIdentities',
    'userCertificate', 'userPKCS12', 'userSMIMECertificate', 'sshPublicKey', 'loginShell', 'homeDirectory', 'uidNumber', 'gidNumber', 'primaryGroupID',
  ].map((n) => n.toLowerCase()),
);

/** Operational attributes (RFC 4512 and the usual servers'): the server keeps them, nobody writes them. */
const OPERATIONAL = new Set(
  [
    'entryUUID', 'entryDN', 'entryCSN', 'contextCSN', 'creatorsName', 'createTimestamp', 'modifiersName', 'modifyTimestamp',
    'structuralObjectClass', 'subschemaSubentry', 'hasSubordinates', 'numSubordinates', 'governingStructureRule',
    'pwdChangedTime', 'pwdAccountLockedTime', 'pwdFailureTime', 'pwdHistory', 'pwdGraceUseTime', 'pwdReset', 'pwdPolicySubentry',
    'nsUniqueId', 'ipaUniqueID', 'nsAccountLock', 'objectGUID', 'objectSid', 'GUID', 'distinguishedName', 'whenChanged', 'whenCreated',
    'uSNChanged', 'uSNCreated', 'objectCategory', 'instanceType', 'name', 'isDeleted', 'dSCorePropagationData', 'lastLogon',
    'lastLogonTimestamp', 'pwdLastSet', 'badPwdCount', 'badPasswordTime', 'logonCount', 'accountExpires', 'sAMAccountType',
  ].map((n) => n.toLowerCase()),
);

/** The RDN attributes entries usually have (`uid=…`, `cn=…`); each entry's own RDN is checked at write time too. */
export const USUAL_RDN_ATTRIBUTES = ['uid', 'cn'];

/** What identifies an entry of one source. */
export interface EntryIdentity {
  /** The attribute that finds the account (`settings.accountMatch.attribute`). */
  matchAttribute: string;
  /** The configured stable id attribute; unset: every candidate (entryUUID, objectGUID…). */
  idAttribute?: string;
  /** The attribute types of the entry's RDN (or the usual ones when no entry is at hand). */
  rdnAttributes: string[];
}

/** The attribute types of a DN's first RDN (`uid` of `uid=zoe,ou=people,…`); the usual ones for a DN that does not parse. */
export function rdnAttributesOf(dn: string): string[] {
  try {
    return parseDn(dn)[0]?.map((a) => a.type) ?? USUAL_RDN_ATTRIBUTES;
  } catch (err) {
    if (err instanceof DnSyntaxError) return USUAL_RDN_ATTRIBUTES;
    throw err;
  }
}

/**
 * Why Rollcall must not write this attribute to an entry, or undefined: a sentence naming the
 * attribute and the reason, for the admin (mapping save, write-access test) or the person saving.
 */
export function protectedAttributeReason(attribute: string, identity: EntryIdentity): string | undefined {
  const name = canonicalAttribute(attribute);
  if (/^[0-9.]+$/.test(name)) return `${attribute} is a numeric OID: name the attribute to write it back`;
  if (name === canonicalAttribute(identity.matchAttribute)) {
    return `${attribute} is how entries find their Confluence account: writing it would let a person point their entry at someone else's account`;
  }
  const ids = identity.idAttribute ? [identity.idAttribute] : [...ID_ATTRIBUTE_CANDIDATES];
  if (ids.some((id) => canonicalAttribute(id) === name)) return `${attribute} is the entries' stable id`;
  if (identity.rdnAttributes.some((rdn) => canonicalAttribute(rdn) === name)) return `${attribute} names the entry in its DN (its RDN)`;
  if (SENSITIVE.has(name)) return `${attribute} holds credentials, rights or group membership`;
  if (OPERATIONAL.has(name)) return `${attribute} is an operational attribute kept by the directory server`;
  return undefined;
}
