/**
 * The LDAP adapter: reads people from OpenLDAP, Active Directory and friends, page by page, and
 * tests a connection for the Data Sources page. Library-like: it knows nothing of Express,
 * Sequelize or Connect. See README.md.
 */
export {
  type LdapConnectionSettings,
  LDAP_SETTING_DEFAULTS,
  ID_ATTRIBUTE_CANDIDATES,
  ldapConnectionFields,
  ldapConnectionSchema,
  checkLdapConnectionRules,
  parseLdapConnectionSettings,
  userSearchBase,
  isPlainBind,
  parseLdapUrl,
  PLAIN_BIND_WARNING,
  validateCaCertificate,
  pemCertificates,
  validateFilter,
  validateDn,
} from './settings';
export {
  type LdapStep,
  type LdapFailureKind,
  type LdapErrorContext,
  LdapStepError,
  LDAP_RESULT_NAMES,
  resultName,
  toLdapStepError,
} from './ldapErrors';
export {
  type LdapSession,
  type LdapConnectOptions,
  type RootDse,
  openLdapSession,
  withLdapSession,
  readRootDse,
  detectIdAttribute,
  countEntries,
} from './session';
export {
  type LdapRecord,
  type SearchPagesOptions,
  ALWAYS_BINARY_ATTRIBUTES,
  searchPages,
  readEntry,
  formatObjectGuid,
  rangeOf,
} from './ldapRecords';
export { type DnAttribute, type Rdn, DnSyntaxError, parseDn, normalizeDn, sameDn, escapeDnValue } from './dn';
export { LdapFilterSyntaxError, parseFilter } from './filter';
