import { z } from 'zod';
import { safeString } from '../../safeText';
import { ACCOUNT_ID } from '../../directory/accountId';
import { checkLdapConnectionRules, ldapConnectionFields } from '../../directory/ldap';
import { findMarkup } from '../../profiles/text';
import { validationFailed } from '../../errors';
import { DEFAULT_INCREMENTAL_SCHEDULE, DEFAULT_SCHEDULE, scheduleProblem, validateCron, type ScheduleRules } from '../runs/schedule';
import { parseDisplayDate, TIMESTAMP_PRESETS, validatePattern } from '../readers/timestamps';

/**
 * What an admin configures on an LDAP source, validated at the REST edge. Everything here is
 * stored in `data_sources.settings` except the bind password, which is encrypted apart
 * (`secrets_encrypted`) and never leaves the server.
 */

/** An LDAP attribute description (RFC 4512 `descr`) or a numeric OID. */
export const ATTRIBUTE = safeString()
  .trim()
  .regex(/^([A-Za-z][A-Za-z0-9-]{0,127}|[0-9]+(\.[0-9]+)+)$/, 'must be an LDAP attribute name like mail or telephoneNumber');

/** The connection settings of the LDAP adapter, plus what the sync engine needs of a source. */
export const ldapSettingsSchema = ldapConnectionFields
  .extend({
    userFilter: ldapConnectionFields.shape.userFilter.default('(objectClass=inetOrgPerson)'),
    /** How an entry finds its Confluence account: by the email in `attribute` (case-insensitive), or by an account id stored in it. */
    accountMatch: z
      .object({ kind: z.enum(['email', 'accountId']), attribute: ATTRIBUTE })
      .strict()
      .default({ kind: 'email', attribute: 'mail' }),
    /** The binary attribute holding the person's picture (jpegPhoto, thumbnailPhoto); unset = none. */
    pictureAttribute: ATTRIBUTE.optional(),
    /** Write pictures people upload to `pictureAttribute` (needs the source's write-back switch too). */
    pictureWriteBack: z.boolean().default(false),
    /** A full run stops before marking more than this share of known entries as gone. */
    goneThresholdPercent: z.number().min(0).max(100).default(20),
  })
  .strict()
  .superRefine(checkLdapConnectionRules);
export type LdapSettings = z.output<typeof ldapSettingsSchema>;

const name = safeString()
  .trim()
  .min(1, 'The name must not be empty')
  .max(100)
  .superRefine((value, ctx) => {
    const markup = findMarkup(value);
    if (markup) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `The name is plain text: remove the markup "${markup}"` });
  });

const schedule = safeString()
  .trim()
  .nullable()
  .superRefine((value, ctx) => {
    const problem = value ? validateCron(value) : undefined;
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `The schedule ${problem}` });
  });

/**
 * Incremental synchronisation: reads only entries modified since the "Last LDAP sync date"
 * (shown and typed as dd-MM-yyyy HH:mm:ss, UTC; empty = the next run is a full one).
 */
export const incrementalSchema = z
  .object({
    enabled: z.boolean().default(false),
    lastSyncDate: safeString()
      .trim()
      .nullable()
      .default(null)
      .superRefine((value, ctx) => {
        if (value && !parseDisplayDate(value)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${value}" is not a date as dd-MM-yyyy HH:mm:ss (UTC), e.g. 23-05-2016 15:00:00` });
        }
      })
      .transform((value) => value || null),
    timestampPattern: safeString()
      .trim()
      .default(TIMESTAMP_PRESETS[1])
      .superRefine((value, ctx) => {
        const problem = validatePattern(value);
        if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      }),
    /**
     * modifyTimestamp (any LDAP server), whenChanged (Active Directory), or uSNChanged (Active
     * Directory's update sequence numbers, per DC and without whole-second steps; see ../readers/usn.ts).
     */
    timestampAttribute: z.enum(['modifyTimestamp', 'whenChanged', 'uSNChanged']).default('modifyTimestamp'),
    /** Re-read this much before the mark, for clock skew and same-second writes. */
    overlapMinutes: z.number().int().min(0).max(1440).default(5),
    schedule: schedule.default(DEFAULT_INCREMENTAL_SCHEDULE),
  })
  .strict()
  .default({});
export type IncrementalInput = z.output<typeof incrementalSchema>;

/** Write-only: a string sets it, null clears it (anonymous bind), absent keeps it. */
const bindPassword = safeString().max(1000).nullable();

/** A path into an XML record: child elements by `/`, an attribute as a last `@name` (`address/city`, `@id`). */
export const XML_PATH = safeString()
  .trim()
  .regex(/^(?:@[A-Za-z_][\w.:-]*|[A-Za-z_][\w.:-]*(?:\/[A-Za-z_][\w.:-]*)*(?:\/@[A-Za-z_][\w.:-]*)?)$/, 'must be an element path like mail, address/city or @id');

/** Where an XML source's file comes from, and how its records are read. */
export const xmlSettingsSchema = z
  .object({
    location: z.discriminatedUnion('kind', [
      /** A file uploaded on the page (kept for scheduled re-runs). */
      z.object({ kind: z.literal('upload') }).strict(),
      /** A file on the app server, inside XML_IMPORT_DIR. */
      z.object({ kind: z.literal('path'), path: safeString().trim().min(1).max(1000) }).strict(),
      /** An HTTPS URL, optionally with a user (the password is a secret). */
      z
        .object({
          kind: z.literal('url'),
          url: safeString()
            .trim()
            .refine((u) => {
              try {
                return new URL(u).protocol === 'https:';
              } catch {
                return false;
              }
            }, 'must be an https:// URL'),
          username: safeString().trim().max(200).optional(),
        })
        .strict(),
    ]),
    /** The record element, e.g. `identities/identity` (or just `identity`). */
    recordPath: XML_PATH.default('identities/identity'),
    /** The element (or attribute) of a record holding its match key. */
    matchPath: XML_PATH.default('mail'),
    /** What the match key is: the person's email, or their Atlassian account id. */
    matchBy: z.enum(['email', 'accountId']).default('email'),
    goneThresholdPercent: z.number().min(0).max(100).default(20),
  })
  .strict();
export type XmlSettings = z.output<typeof xmlSettingsSchema>;

const ldapSourceCreate = z
  .object({
    kind: z.literal('ldap'),
    name,
    enabled: z.boolean().default(true),
    priority: z.number().int().min(1).max(1000).optional(),
    schedule: schedule.default(DEFAULT_SCHEDULE),
    settings: ldapSettingsSchema,
    incremental: incrementalSchema,
    bindPassword: bindPassword.optional(),
  })
  .strict();

const xmlSourceCreate = z
  .object({
    kind: z.literal('xml'),
    name,
    enabled: z.boolean().default(true),
    priority: z.number().int().min(1).max(1000).optional(),
    schedule: schedule.default(DEFAULT_SCHEDULE),
    settings: xmlSettingsSchema,
    /** The URL's password: write-only like the bind password. */
    password: bindPassword.optional(),
  })
  .strict();

export const sourceCreateSchema = z.discriminatedUnion('kind', [ldapSourceCreate, xmlSourceCreate]);
export type SourceCreateInput = z.output<typeof sourceCreateSchema>;

export const sourceUpdateSchema = z
  .object({
    name: name.optional(),
    enabled: z.boolean().optional(),
    priority: z.number().int().min(1).max(1000).optional(),
    schedule: schedule.optional(),
    /** The whole settings object (the page sends what it shows), validated for the source's kind. */
    settings: z.record(safeString().max(128), z.unknown()).optional(),
    incremental: incrementalSchema.optional(),
    /** "Write profile changes back to LDAP": the source-wide switch (each mapping has its own too). */
    writeBack: z.boolean().optional(),
    bindPassword: bindPassword.optional(),
    password: bindPassword.optional(),
  })
  .strict();
export type SourceUpdateInput = z.output<typeof sourceUpdateSchema>;

export const mappingsSchema = z
  .object({
    mappings: z
      // The attribute is an LDAP attribute or an XML path, checked for the source's kind.
      .array(z.object({ fieldKey: safeString().min(1).max(64), attribute: safeString().trim().min(1).max(300), writeBack: z.boolean().default(false) }).strict())
      .max(500)
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((m, i) => {
          if (seen.has(m.fieldKey)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'fieldKey'], message: `The field "${m.fieldKey}" is mapped twice` });
          seen.add(m.fieldKey);
        });
      }),
  })
  .strict();
export type MappingsInput = z.output<typeof mappingsSchema>;

export const syncRequestSchema = z.object({ mode: z.enum(['full', 'incremental']).default('full') }).strict();

/** `POST /sources/{id}/test`: empty for the connection test; `{accountId, attribute}` for the write-access test. */
export const writeAccessTestSchema = z.union([
  z.object({}).strict(),
  z.object({ accountId: safeString().regex(ACCOUNT_ID, 'must be an Atlassian account id'), attribute: ATTRIBUTE }).strict(),
]);

/**
 * The operator's rules for schedules (SYNC_MIN_INTERVAL_MINUTES), which the schemas above cannot
 * know: a 400 `validation_failed` with a detail at `schedule` or `incremental.schedule` naming how
 * often the schedule runs and the minimum. The incremental schedule counts only while incremental
 * sync is on (the page always sends it, with its default, even when off).
 */
export function checkSchedules(input: { schedule?: string | null; incremental?: { enabled: boolean; schedule: string | null } }, rules: ScheduleRules): void {
  const problems: Array<{ path: string; message: string }> = [];
  const check = (path: string, label: string, value: string | null | undefined) => {
    const problem = value ? scheduleProblem(value, rules) : undefined;
    if (problem) problems.push({ path, message: `${label} ${problem}` });
  };
  check('schedule', 'The schedule', input.schedule);
  if (input.incremental?.enabled) check('incremental.schedule', 'The incremental schedule', input.incremental.schedule);
  if (problems.length > 0) throw validationFailed(problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
}

/** Validates `settings` for a source kind; problems carry paths under `settings.`. */
export function parseSettingsFor(kind: 'ldap' | 'xml', settings: unknown): LdapSettings | XmlSettings {
  const parsed = (kind === 'ldap' ? ldapSettingsSchema : xmlSettingsSchema).safeParse(settings);
  if (parsed.success) return parsed.data;
  throw new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: ['settings', ...issue.path] })));
}

/** Why an attribute name cannot be mapped for a source kind, or undefined. */
export function mappingAttributeProblem(kind: 'ldap' | 'xml', attribute: string): string | undefined {
  const result = (kind === 'ldap' ? ATTRIBUTE : XML_PATH).safeParse(attribute);
  return result.success ? undefined : `"${attribute}" ${result.error.issues[0].message}`;
}
