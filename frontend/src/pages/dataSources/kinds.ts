/**
 * What differs between the kinds of source, and the page's fixed words: labels, presets and the
 * checklists the tests show. Constants only.
 */
import type { SourceKind } from '../../api/sources';
import type { CountKey } from './format';

export interface KindWords {
  label: string;
  job: string;
  entry: [string, string];
  runTitle: string;
  deleted: string;
  noRuns: string;
  errorColumn: string;
  countHelp: Record<CountKey, string>;
}

export const KINDS: Record<SourceKind, KindWords> = {
  ldap: {
    label: 'LDAP',
    job: 'Bulk profile update (LDAP sync)',
    entry: ['entry', 'entries'],
    runTitle: 'Run a full sync of this directory now',
    deleted: 'Its settings, field mappings, directory entries and sync report are deleted. The profile values it filled stay.',
    noRuns: 'Click Run now to synchronise the directory now, or wait for the schedule. Test the connection first on the Settings tab.',
    errorColumn: 'Entry (DN)',
    countHelp: {
      seen: 'Entries read from the directory',
      added: 'Entries that now fill a profile they did not fill before',
      updated: 'Entries whose values changed since the last run',
      unchanged: 'Entries with nothing new',
      unmatched: 'Entries with no Confluence account (they can match later)',
      failed: 'Entries that could not be synchronised (see the errors)',
      removed: 'Entries marked as gone by a complete full run',
    },
  },
  xml: {
    label: 'XML',
    job: 'Bulk profile update (XML sync)',
    entry: ['record', 'records'],
    runTitle: 'Read the file now and update the profiles',
    deleted: 'Its settings, field mappings, uploaded file, records and sync report are deleted. The profile values it filled stay.',
    noRuns: 'Click Run now to read the file now, or wait for the schedule. Test the file first on the Settings tab.',
    errorColumn: 'Record',
    countHelp: {
      seen: 'Records read from the file',
      added: 'Records that now fill a profile they did not fill before',
      updated: 'Records whose values changed since the last run',
      unchanged: 'Records with nothing new',
      unmatched: 'Records with no Confluence account (they can match later)',
      failed: 'Records that could not be synchronised (see the errors)',
      removed: 'People no longer in the file, marked as gone',
    },
  },
};

export const DEFAULT_SCHEDULE = '0 */3 * * *';
export const DEFAULT_INCREMENTAL_SCHEDULE = '*/15 * * * *';
export const DEFAULT_TIMESTAMP_PATTERN = 'yyyyMMddHHmmssZ';
export const DEFAULT_OVERLAP_MINUTES = 5;

export interface Preset {
  cron: string;
  label: string;
}
export const SCHEDULE_PRESETS: Preset[] = [
  { cron: '0 * * * *', label: 'Every hour' },
  { cron: DEFAULT_SCHEDULE, label: 'Every 3 hours' },
  { cron: '0 2 * * *', label: 'Every night at 02:00' },
  { cron: '0 6 * * 1-5', label: 'Weekdays at 06:00' },
];
/** Schedules run at least 15 minutes apart unless the operator allows less (SYNC_MIN_INTERVAL_MINUTES). */
export const INCREMENTAL_SCHEDULE_PRESETS: Preset[] = [
  { cron: DEFAULT_INCREMENTAL_SCHEDULE, label: 'Every 15 minutes' },
  { cron: '*/30 * * * *', label: 'Every 30 minutes' },
  { cron: '0 * * * *', label: 'Every hour' },
];
/** The LDAP timestamp patterns offered as presets (the server's TIMESTAMP_PRESETS). */
export const TIMESTAMP_PRESETS = [
  { pattern: 'yyyyMMddHHmmss.Z', label: 'Many Active Directory installations', example: '20160523150000.0Z' },
  { pattern: 'yyyyMMddHHmmssZ', label: 'Many OpenLDAP installations', example: '20160523150000Z' },
];
export const PICTURE_CHOICES = [
  { value: '', label: 'None: pictures are not taken from the directory' },
  { value: 'jpegPhoto', label: 'jpegPhoto (OpenLDAP, inetOrgPerson)' },
  { value: 'thumbnailPhoto', label: 'thumbnailPhoto (Active Directory)' },
  { value: 'other', label: 'Another attribute…' },
];
export const LOCATION_CHOICES = [
  { value: 'upload', label: 'Upload a file', description: 'An export from your computer. Rollcall keeps it for scheduled runs until you replace it.' },
  { value: 'path', label: 'A file on the server', description: 'A file in the app server’s import directory, e.g. one a nightly job puts there.' },
  { value: 'url', label: 'An HTTPS URL', description: 'Rollcall downloads the file on every run, with a user and password if the server asks for them.' },
] as const;
export type LocationKind = (typeof LOCATION_CHOICES)[number]['value'];

export const XML_EXAMPLE = ['<identities>', '  <identity>', '    <mail>ada@example.com</mail>', '    <department>IT</department>', '    <team>Platform</team>', '  </identity>', '  …', '</identities>'].join('\n');

/** One line of a checklist: the topic and what to check. */
export type CheckItem = readonly [string, string];

/** What to check whatever failed: shown under the failing step's own causes. */
export const CHECKLIST: CheckItem[] = [
  ['Network', 'Rollcall must reach the directory’s host and port through firewalls and VPNs; ldap:// usually listens on 389, ldaps:// on 636.'],
  ['Credentials', 'The bind DN is the full DN of a service account (e.g. cn=rollcall,ou=system,dc=example,dc=com) and the password is its current one.'],
  ['Base DN and additional user DN', 'The base DN is the directory’s root (e.g. dc=example,dc=com); the additional user DN lies below it and does not repeat it (e.g. ou=people). Rollcall searches “additional user DN, base DN”.'],
  ['Attributes', 'Every attribute in the user filter, the id attribute and the field mappings must exist in the directory’s schema.'],
];
export const INCREMENTAL_CHECKLIST: CheckItem[] = [
  ['Timestamp attribute', 'The bind user must be able to read modifyTimestamp (an operational attribute every LDAP server keeps) or, on Active Directory, whenChanged.'],
  ['Timestamp pattern', 'The pattern must write timestamps the way the server does: use Detect on the Settings tab.'],
];
export const XML_READ_CHECKLIST: Record<LocationKind, CheckItem[]> = {
  upload: [['The upload', 'An uploaded source needs its file: choose it on the Settings tab and save. A file larger than the server’s limit (XML_MAX_BYTES) is refused.']],
  path: [
    ['The path', 'It is relative to this site’s import directory on the server, e.g. hr/identities.xml: only files inside that directory can be read, without ../ or links.'],
    ['Permissions', 'The app’s user on the server must be allowed to read the file.'],
  ],
  url: [
    ['Network', 'The app server must reach the URL through firewalls and proxies; the URL must answer without a redirect.'],
    ['Credentials', 'The user and password must be current; a 401 answer means they were refused.'],
  ],
};
export const XML_PARSE_CHECKLIST: CheckItem[] = [
  ['Well-formed XML', 'Every element is closed in the right order, and & and < in values are written as &amp; and &lt;.'],
  ['Encoding', 'UTF-8 (with or without a BOM), or the encoding the XML declaration names.'],
  ['No DTD', 'Rollcall refuses <!DOCTYPE …>: it never resolves DTDs or entities.'],
];

export const STEP_LABELS: Record<string, string> = {
  connect: 'Connect and bind',
  rootDse: 'Read the root DSE',
  idAttribute: 'Find the stable id attribute',
  count: 'Count the users',
  samples: 'Map sample users',
  incremental: 'Check incremental synchronisation',
};
export const LDAP_STEPS = ['connect', 'rootDse', 'idAttribute', 'count', 'samples', 'incremental'];
export const ERROR_STEP_LABELS: Record<string, string> = {
  connect: 'connect',
  starttls: 'StartTLS',
  bind: 'bind',
  rootDse: 'root DSE',
  search: 'search',
  count: 'count',
  idAttribute: 'id attribute',
  samples: 'samples',
  incremental: 'incremental synchronisation',
};
export const XML_STEP_LABELS = { read: 'Read the file', parse: 'Parse the XML and count the records', samples: 'Map sample records' };
