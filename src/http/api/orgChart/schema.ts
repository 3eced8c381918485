import { z } from 'zod';
import { ACCOUNT_ID } from '../../../directory/accountId';
import { FIELD_KEY_PATTERN } from '../../../profiles/schemas';
import { safeString } from '../../../safeText';

/** Card fields asked for at most. */
export const MAX_CARD_FIELDS = 10;
const FIELD_KEY = new RegExp(`^${FIELD_KEY_PATTERN}$`);

/**
 * `?fields=position,department`: the fields shown on the cards (each once, at most
 * {@link MAX_CARD_FIELDS}); absent for the default ones. Keys the viewer may not see, or that do
 * not exist, are left out without a word: the answer must not tell a restricted field from a missing one.
 */
const cardFields = z.object({
  fields: safeString()
    .max(1000)
    .optional()
    .transform((raw) => (raw === undefined ? undefined : [...new Set(raw.split(',').map((k) => k.trim()).filter(Boolean))]))
    .refine((keys) => keys === undefined || keys.length <= MAX_CARD_FIELDS, `must name at most ${MAX_CARD_FIELDS} fields`)
    .refine((keys) => keys === undefined || keys.every((k) => FIELD_KEY.test(k)), 'must be field keys separated by commas'),
});

const person = z.object({ accountId: safeString().regex(ACCOUNT_ID, 'must be an Atlassian account id') });

/** `GET /rest/v1/org-chart/people/{accountId}`: the chart around one person. */
export const ChartAround = { params: person, query: cardFields };

/** `GET /rest/v1/org-chart/people/{accountId}/reports`: one person's direct reports with their counts. */
export const ChartReports = { params: person, query: cardFields };

/** `GET /rest/v1/org-chart/roots`: the tops of the chart. */
export const ChartRoots = { query: cardFields };

/** `GET /rest/v1/org-chart/quality`: the data quality report (admins). */
export const ChartQuality = {};
