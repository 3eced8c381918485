/**
 * What the preview shows in place of real values, and the editor's counts in words. Pure,
 * unit-tested in preview.test.ts.
 */
import type { Field } from '../../api/profileSchema';

const SAMPLES: Partial<Record<Field['type'], string>> = {
  text: 'Some text',
  multiline: 'A few lines of text…',
  email: 'alex@example.com',
  phone: '+1 555 0100',
  url: 'https://example.com',
  number: '42',
  date: '17 May 2025',
  user: 'A colleague',
  multiuser: 'Two colleagues',
};

/** A made-up value of the field's type: for a select, the first choice still offered. */
export function sampleValue(field: Pick<Field, 'type' | 'options'>): string {
  const offered = field.options.filter((o) => !o.retired);
  if (field.type === 'select') return offered.length ? offered[0].label : 'One of the choices';
  if (field.type === 'multiselect') return offered.length ? offered.slice(0, 2).map((o) => o.label).join(', ') : 'Some of the choices';
  return SAMPLES[field.type] ?? 'A value';
}

/** How a sample is drawn: a person, a link, or text. */
export function sampleKind(type: Field['type']): 'person' | 'link' | 'text' {
  if (type === 'user' || type === 'multiuser') return 'person';
  return type === 'email' || type === 'url' ? 'link' : 'text';
}

/** "1 field", "3 fields". */
export function fieldCount(n: number): string {
  return n === 1 ? '1 field' : `${n} fields`;
}

/** The note under the preview about fields it leaves out; '' for none. */
export function hiddenNote(n: number): string {
  if (!n) return '';
  return n === 1 ? '1 hidden field is not shown.' : `${n} hidden fields are not shown.`;
}
