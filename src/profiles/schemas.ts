import { z } from 'zod';
import { safeString } from '../safeText';
import { FIELD_TYPES } from './fieldTypes';
import { findMarkup } from './text';

/** Input schemas of the Profile Editor's REST calls; handlers read only what these let through. */

/**
 * Help texts may be long (a field's rules, examples, whom to ask): the seed sets no limit, this
 * one only bounds a request. The pages show short help as a tooltip and long help in a panel.
 */
export const MAX_HELP_TEXT_LENGTH = 10_000;

/** A field key: a letter, then a-z, 0-9 and _ (at most 48); also the route pattern of `/fields/:key`. */
export const FIELD_KEY_PATTERN = '[a-z][a-z0-9_]{0,47}';

const plainText = (what: string, max: number) =>
  safeString({ invalid_type_error: `${what} must be text` })
    .trim()
    .max(max, `${what} must be at most ${max.toLocaleString('en')} characters`)
    .superRefine((value, ctx) => {
      const markup = findMarkup(value);
      if (markup) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${what} is plain text: remove the markup "${markup}"` });
    });

const label = plainText('The label', 100).pipe(safeString().min(1, 'The label must not be empty'));
const helpText = plainText('The help text', MAX_HELP_TEXT_LENGTH);
const categoryName = plainText('The name', 100).pipe(safeString().min(1, 'The name must not be empty'));
const id = safeString().regex(/^[0-9]{1,18}$/, 'must be an id');
const position = z.number({ invalid_type_error: 'The position must be a number' }).int().min(0).max(100_000, 'The position must be at most 100000');

const group = z.object({ id: safeString().min(1).max(255), name: safeString().min(1).max(255) }).strict();
const restrictedToGroups = z
  .array(group)
  .max(50, 'At most 50 groups')
  .refine((groups) => new Set(groups.map((g) => g.id)).size === groups.length, 'A group is listed twice');

export const categoryCreateSchema = z.object({ name: categoryName, restrictedToGroups: restrictedToGroups.optional() }).strict();
export type CategoryCreateInput = z.infer<typeof categoryCreateSchema>;

export const categoryUpdateSchema = z
  .object({ name: categoryName.optional(), position: position.optional(), restrictedToGroups: restrictedToGroups.optional() })
  .strict();
export type CategoryUpdateInput = z.infer<typeof categoryUpdateSchema>;

const newOption = z.object({ label: plainText('An option', 100).pipe(safeString().min(1, 'An option must not be empty')) }).strict();
const optionUpdate = newOption.extend({ id: safeString().min(1).max(64).optional(), retired: z.boolean().optional() }).strict();

function uniqueLabels(options: Array<{ label: string }>, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  options.forEach((o, i) => {
    const normalized = o.label.toLowerCase();
    if (seen.has(normalized)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'label'], message: `The option "${o.label}" is listed twice` });
    seen.add(normalized);
  });
}

export const fieldCreateSchema = z
  .object({
    label,
    type: z.enum(FIELD_TYPES, { errorMap: () => ({ message: `The type must be one of ${FIELD_TYPES.join(', ')}` }) }),
    categoryId: id,
    key: safeString()
      .regex(new RegExp(`^${FIELD_KEY_PATTERN}$`), 'The key must start with a letter and hold only a-z, 0-9 and _ (at most 48)')
      .optional(),
    helpText: helpText.optional(),
    required: z.boolean().optional(),
    shownInProfile: z.boolean().optional(),
    options: z.array(newOption).max(200, 'At most 200 options').superRefine(uniqueLabels).optional(),
  })
  .strict();
export type FieldCreateInput = z.infer<typeof fieldCreateSchema>;

export const fieldUpdateSchema = z
  .object({
    key: z.never({ invalid_type_error: 'The key never changes', required_error: 'The key never changes' }).optional(),
    label: label.optional(),
    type: z.enum(FIELD_TYPES, { errorMap: () => ({ message: `The type must be one of ${FIELD_TYPES.join(', ')}` }) }).optional(),
    categoryId: id.optional(),
    position: position.optional(),
    helpText: helpText.optional(),
    required: z.boolean().optional(),
    shownInProfile: z.boolean().optional(),
    options: z.array(optionUpdate).max(200, 'At most 200 options').superRefine(uniqueLabels).optional(),
    orgChartSuperior: z.boolean().optional(),
  })
  .strict();
export type FieldUpdateInput = z.infer<typeof fieldUpdateSchema>;
