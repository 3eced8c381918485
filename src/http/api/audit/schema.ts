import { z } from 'zod';
import { ACCOUNT_ID } from '../../../directory/accountId';
import type { AuditCursor } from '../../../privacy/auditLog';
import { safeString } from '../../../safeText';

const accountId = safeString().regex(ACCOUNT_ID, 'must be an Atlassian account id');
const person = z.object({ accountId });

/** A page's cursor as the API gives it (`<ISO time>|<id>`, base64url): anything else is a 400 naming it. */
const cursor = safeString()
  .max(200)
  .transform((value, ctx): AuditCursor => {
    const [at, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(at ?? '') || Number.isNaN(new Date(at).getTime()) || !/^[0-9]{1,19}$/.test(id ?? '')) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is not a cursor this API gave' });
      return z.NEVER;
    }
    return { at, id };
  });

const date = safeString()
  .max(40)
  .transform((value, ctx) => {
    const time = new Date(value);
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time.getTime())) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a date (2026-12-03) or a time (2026-12-03T10:00:00Z)' });
      return z.NEVER;
    }
    return time;
  });

const limit = z.coerce.number().int().min(1).max(100).default(50);

/**
 * `GET /rest/v1/audit`: events about a person's profile (`person`), by a person (`actor`), of
 * actions (`action`: comma-separated, `profile.` for every profile action), from/to a time.
 */
export const AuditList = {
  query: z.object({
    person: accountId.optional(),
    actor: accountId.optional(),
    action: safeString()
      .max(500)
      .regex(/^[a-z_.]+(,[a-z_.]+)*$/, 'must be actions separated by commas (profile.edited,picture.uploaded), or a prefix ending in . (profile.)')
      .transform((v) => v.split(','))
      .optional(),
    from: date.optional(),
    to: date.optional(),
    cursor: cursor.optional(),
    limit,
  }),
};

/** `GET /rest/v1/profiles/{accountId}/history`: the profile's events, newest first. */
export const ProfileHistory = {
  params: person,
  query: z.object({ cursor: cursor.optional(), limit }),
};

/** `GET /rest/v1/profiles/{accountId}/export`: the person's own data (JSON). */
export const ProfileExport = { params: person };
