/**
 * The LDAP settings form's values (keyed by their REST paths, as typed) and the request they make.
 * Pure; unit-tested in ldapValues.test.ts.
 */
import type { FieldProblem } from '../../../../api/errors';
import type { Source, SourceCreate, SourceUpdate } from '../../../../api/sources';
import { DEFAULT_INCREMENTAL_SCHEDULE, DEFAULT_OVERLAP_MINUTES, DEFAULT_SCHEDULE, DEFAULT_TIMESTAMP_PATTERN, TIMESTAMP_PRESETS } from '../../kinds';
import { passwordValue, type PasswordState } from '../password';
import { numberValue } from '../values';

export interface LdapValues {
  name: string;
  url: string;
  startTls: boolean;
  caCertificate: string;
  bindDn: string;
  baseDn: string;
  additionalUserDn: string;
  userFilter: string;
  idAttribute: string;
  matchKind: 'email' | 'accountId';
  matchAttribute: string;
  /** '', jpegPhoto, thumbnailPhoto or other (then `pictureOther`). */
  pictureChoice: string;
  pictureOther: string;
  pageSize: string;
  connectTimeoutMs: string;
  operationTimeoutMs: string;
  goneThresholdPercent: string;
  priority: string;
  enabled: boolean;
  schedule: string;
  incEnabled: boolean;
  lastSyncDate: string;
  timestampAttribute: TimestampAttribute;
  /** A preset's pattern, or `other` (then `patternOther`). */
  patternChoice: string;
  patternOther: string;
  overlapMinutes: string;
  incSchedule: string;
}

type Settings = Record<string, unknown> & { accountMatch?: { kind?: string; attribute?: string } };
const text = (v: unknown, fallback = '') => (v === undefined || v === null ? fallback : String(v));

/** The form's values for a source, or a new one's defaults. */
export function ldapInitial(source: Source | null): LdapValues {
  const s = (source?.settings ?? {}) as Settings;
  const match = s.accountMatch ?? { kind: 'email', attribute: 'mail' };
  const picture = text(s.pictureAttribute);
  const known = picture === '' || picture === 'jpegPhoto' || picture === 'thumbnailPhoto';
  const inc = source?.incremental;
  const pattern = inc?.timestampPattern ?? DEFAULT_TIMESTAMP_PATTERN;
  const isPreset = TIMESTAMP_PRESETS.some((p) => p.pattern === pattern);
  return {
    name: source?.name ?? '',
    url: text(s.url),
    startTls: !!s.startTls,
    caCertificate: text(s.caCertificate),
    bindDn: text(s.bindDn),
    baseDn: text(s.baseDn),
    additionalUserDn: text(s.additionalUserDn),
    userFilter: text(s.userFilter, '(objectClass=inetOrgPerson)'),
    idAttribute: text(s.idAttribute),
    matchKind: match.kind === 'accountId' ? 'accountId' : 'email',
    matchAttribute: match.attribute ?? (match.kind === 'accountId' ? '' : 'mail'),
    pictureChoice: known ? picture : 'other',
    pictureOther: known ? '' : picture,
    pageSize: text(s.pageSize, '500'),
    connectTimeoutMs: text(s.connectTimeoutMs, '10000'),
    operationTimeoutMs: text(s.operationTimeoutMs, '60000'),
    goneThresholdPercent: text(s.goneThresholdPercent, '20'),
    priority: source ? String(source.priority) : '',
    enabled: source ? source.enabled : true,
    schedule: source ? (source.schedule ?? '') : DEFAULT_SCHEDULE,
    incEnabled: !!inc?.enabled,
    lastSyncDate: inc?.lastSyncDate ?? '',
    timestampAttribute: timestampAttributeOf(inc?.timestampAttribute),
    patternChoice: isPreset ? pattern : 'other',
    patternOther: isPreset ? '' : pattern,
    overlapMinutes: String(inc?.overlapMinutes ?? DEFAULT_OVERLAP_MINUTES),
    incSchedule: inc ? (inc.schedule ?? '') : DEFAULT_INCREMENTAL_SCHEDULE,
  };
}

/** The timestamp pattern chosen: a preset's, or the one typed. */
export function selectedPattern(v: LdapValues): string {
  return v.patternChoice === 'other' ? v.patternOther.trim() : v.patternChoice;
}

/** The incremental settings as PATCH/POST take them: always the whole object. */
export function collectIncremental(v: LdapValues, problems: FieldProblem[]) {
  const pattern = selectedPattern(v);
  if (!pattern) problems.push({ path: 'incremental.timestampPattern', message: 'Enter the timestamp pattern, or choose a preset.' });
  const minutes = numberValue(v.overlapMinutes, 'incremental.overlapMinutes', 'The overlap window', problems);
  return {
    enabled: v.incEnabled,
    lastSyncDate: v.lastSyncDate.trim() || null,
    timestampPattern: pattern,
    timestampAttribute: v.timestampAttribute,
    schedule: v.incSchedule.trim() || null,
    overlapMinutes: minutes ?? DEFAULT_OVERLAP_MINUTES,
  };
}

/**
 * The request of the form: the whole settings (the server validates them for the kind), the
 * incremental settings, the password only when it changes. `latest` is the source as last read
 * (its picture write-back, set on the Field mappings tab, is kept).
 */
export function collectLdap(v: LdapValues, password: PasswordState, latest: Source | null): { body: SourceCreate & SourceUpdate; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const settings: Record<string, unknown> = { url: v.url.trim(), startTls: v.startTls, baseDn: v.baseDn.trim(), accountMatch: { kind: v.matchKind, attribute: v.matchAttribute.trim() } };
  const optional = { caCertificate: v.caCertificate.trim(), bindDn: v.bindDn.trim(), additionalUserDn: v.additionalUserDn.trim(), userFilter: v.userFilter.trim(), idAttribute: v.idAttribute.trim() };
  for (const [key, value] of Object.entries(optional)) if (value) settings[key] = value;
  const picture = v.pictureChoice === 'other' ? v.pictureOther.trim() : v.pictureChoice;
  if (v.pictureChoice === 'other' && !picture) problems.push({ path: 'settings.pictureAttribute', message: 'Enter the attribute’s name, or choose None.' });
  if (picture) settings.pictureAttribute = picture;
  if (picture && (latest?.settings as Settings | undefined)?.pictureWriteBack) settings.pictureWriteBack = true;
  const numbers: Array<[keyof LdapValues, string, string]> = [
    ['pageSize', 'pageSize', 'The page size'],
    ['connectTimeoutMs', 'connectTimeoutMs', 'The connect timeout'],
    ['operationTimeoutMs', 'operationTimeoutMs', 'The operation timeout'],
    ['goneThresholdPercent', 'goneThresholdPercent', 'The safety threshold'],
  ];
  for (const [key, setting, label] of numbers) {
    const n = numberValue(String(v[key]), `settings.${setting}`, label, problems);
    if (n !== undefined) settings[setting] = n;
  }
  const body: Record<string, unknown> = { name: v.name.trim(), enabled: v.enabled, schedule: v.schedule.trim() || null, settings, incremental: collectIncremental(v, problems) };
  if (!latest) body.kind = 'ldap';
  const priority = numberValue(v.priority, 'priority', 'The priority', problems);
  if (priority !== undefined) body.priority = priority;
  const secret = passwordValue(password);
  if (secret && typeof secret === 'object') problems.push({ path: 'bindPassword', message: secret.problem });
  else if (secret !== undefined) body.bindPassword = secret;
  if (!body.name) problems.push({ path: 'name', message: 'Give the source a name.' });
  return { body: body as SourceCreate & SourceUpdate, problems };
}

export type TimestampAttribute = 'modifyTimestamp' | 'whenChanged' | 'uSNChanged';

/** A stored or chosen timestamp attribute; anything else is modifyTimestamp. */
export function timestampAttributeOf(value: unknown): TimestampAttribute {
  return value === 'whenChanged' || value === 'uSNChanged' ? value : 'modifyTimestamp';
}

/** The "Active Directory" preset's user filter: people (objectCategory), not computers, and not disabled accounts (userAccountControl bit 2). */
export const AD_USER_FILTER = '(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))';

/**
 * What the "Active Directory" preset fills in: the filter above, objectGUID as the stable id,
 * whenChanged with AD's timestamp pattern, and thumbnailPhoto as the picture. The connection,
 * the account match and everything else stay as they are.
 */
export function activeDirectoryPreset(): Pick<LdapValues, 'userFilter' | 'idAttribute' | 'timestampAttribute' | 'patternChoice' | 'pictureChoice'> {
  return { userFilter: AD_USER_FILTER, idAttribute: 'objectGUID', timestampAttribute: 'whenChanged', patternChoice: 'yyyyMMddHHmmss.Z', pictureChoice: 'thumbnailPhoto' };
}
