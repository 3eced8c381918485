import { z } from 'zod';
import { validateCaCertificate, validateFilter } from '../directory/ldap';
import { findMarkup } from '../profiles/text';
import { DEFAULT_SCHEDULE, validateCron } from './schedule';

/**
 * What an admin configures on an LDAP source, validated at the REST edge. Everything here is
 * stored in `data_sources.settings` except the bind password, which is encrypted apart
 * (`secrets_encrypted`) and never leaves the server.
 */

const DN = z
  .string()
  .trim()
  .max(1000)
  .refine((dn) => dn === '' || /^[A-Za-z][\w.-]*=/.test(dn), 'must be a DN like ou=people or dc=example,dc=com');

/** An LDAP attribute description (RFC 4512 `descr`) or a numeric OID. */
export const ATTRIBUTE = z
  .string()
  .trim()
  .regex(/^([A-Za-z][A-Za-z0-9-]{0,127}|[0-9]+(\.[0-9]+)+)$/, 'must be an LDAP attribute name like mail or telephoneNumber');

export const ldapSettingsSchema = z
  .object({
    url: z
      .string()
      .trim()
      .refine((u) => {
        try {
          const url = new URL(u);
          return (url.protocol === 'ldap:' || url.protocol === 'ldaps:') && url.hostname !== '' && (url.pathname === '' || url.pathname === '/');
        } catch {
          return false;
        }
      }, 'must be ldap://host[:port] or ldaps://host[:port]'),
    startTls: z.boolean().default(false),
    caCertificate: z
      .string()
      .trim()
      .max(20_000)
      .optional()
      .superRefine((pem, ctx) => {
        const problem = pem ? validateCaCertificate(pem) : undefined;
        if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      }),
    bindDn: DN.optional(),
    baseDn: DN.refine((dn) => dn !== '', 'must not be empty'),
    additionalUserDn: DN.optional(),
    userFilter: z
      .string()
      .trim()
      .max(4000)
      .default('(objectClass=inetOrgPerson)')
      .superRefine((filter, ctx) => {
        const problem = validateFilter(filter);
        if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      }),
    idAttribute: ATTRIBUTE.optional(),
    /** How an entry finds its Confluence account: by the email in `attribute` (case-insensitive), or by an account id stored in it. */
    accountMatch: z
      .object({ kind: z.enum(['email', 'accountId']), attribute: ATTRIBUTE })
      .strict()
      .default({ kind: 'email', attribute: 'mail' }),
    /** The binary attribute holding the person's picture (jpegPhoto, thumbnailPhoto); unset = none. */
    pictureAttribute: ATTRIBUTE.optional(),
    pageSize: z.number().int().min(1).max(5000).default(500),
    connectTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    operationTimeoutMs: z.number().int().min(1000).max(3_600_000).default(60_000),
    /** A full run stops before marking more than this share of known entries as gone. */
    goneThresholdPercent: z.number().min(0).max(100).default(20),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.startTls && s.url.startsWith('ldaps:')) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['startTls'], message: 'StartTLS is for ldap:// URLs; ldaps:// is already encrypted' });
    }
  });
export type LdapSettings = z.output<typeof ldapSettingsSchema>;

const name = z
  .string()
  .trim()
  .min(1, 'The name must not be empty')
  .max(100)
  .superRefine((value, ctx) => {
    const markup = findMarkup(value);
    if (markup) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `The name is plain text: remove the markup "${markup}"` });
  });

const schedule = z
  .string()
  .trim()
  .nullable()
  .superRefine((value, ctx) => {
    const problem = value ? validateCron(value) : undefined;
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `The schedule ${problem}` });
  });

/** Write-only: a string sets it, null clears it (anonymous bind), absent keeps it. */
const bindPassword = z.string().max(1000).nullable();

export const sourceCreateSchema = z
  .object({
    kind: z.literal('ldap'),
    name,
    enabled: z.boolean().default(true),
    priority: z.number().int().min(1).max(1000).optional(),
    schedule: schedule.default(DEFAULT_SCHEDULE),
    settings: ldapSettingsSchema,
    bindPassword: bindPassword.optional(),
  })
  .strict();
export type SourceCreateInput = z.output<typeof sourceCreateSchema>;

export const sourceUpdateSchema = z
  .object({
    name: name.optional(),
    enabled: z.boolean().optional(),
    priority: z.number().int().min(1).max(1000).optional(),
    schedule: schedule.optional(),
    /** The whole settings object (the page sends what it shows). */
    settings: ldapSettingsSchema.optional(),
    bindPassword: bindPassword.optional(),
  })
  .strict();
export type SourceUpdateInput = z.output<typeof sourceUpdateSchema>;

export const mappingsSchema = z
  .object({
    mappings: z
      .array(z.object({ fieldKey: z.string().min(1).max(64), attribute: ATTRIBUTE, writeBack: z.boolean().default(false) }).strict())
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
