import type { FieldOption } from '../db/models';
import { isAccountId } from '../directory/accountId';

/**
 * The profile field types, how a value of each is validated and normalised, and which type
 * changes keep stored values. Values are stored as JSON: strings, numbers, arrays of strings.
 */
export const FIELD_TYPES = ['text', 'multiline', 'email', 'phone', 'url', 'number', 'date', 'select', 'multiselect', 'user', 'multiuser'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  text: 'Text',
  multiline: 'Multiline text',
  email: 'Email',
  phone: 'Phone',
  url: 'URL',
  number: 'Number',
  date: 'Date',
  select: 'Single select',
  multiselect: 'Multi select',
  user: 'User',
  multiuser: 'Multiple users',
};

/** Types whose values are option ids. */
export const OPTION_TYPES: ReadonlySet<FieldType> = new Set(['select', 'multiselect']);

/** Text-like types: a value is one string, and they convert among each other when values fit. */
const STRING_TYPES: ReadonlySet<FieldType> = new Set(['text', 'multiline', 'email', 'phone', 'url', 'number', 'date']);

export const MAX_TEXT_LENGTH = 1000;
export const MAX_MULTILINE_LENGTH = 10_000;

export type ValueResult = { ok: true; value: unknown } | { ok: false; message: string };

export interface ValidateOptions {
  /** The field's options (select types). */
  options?: FieldOption[];
  /** Accept retired options (a stored value being re-checked, not a new choice). Default false. */
  allowRetired?: boolean;
}

const ok = (value: unknown): ValueResult => ({ ok: true, value });
const fail = (message: string): ValueResult => ({ ok: false, message });

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;
const PHONE = /^\+?[0-9 ()./-]{3,40}(\s*(x|ext\.?)\s*[0-9]{1,6})?$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

function validDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCFullYear() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}

function validateString(type: FieldType, raw: unknown): ValueResult {
  if (type === 'number') {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw.trim()) : NaN;
    return Number.isFinite(n) ? ok(n) : fail('must be a number');
  }
  if (typeof raw !== 'string') return fail('must be text');
  const value = type === 'multiline' ? raw.replace(/\r\n/g, '\n').trim() : raw.trim();
  switch (type) {
    case 'text':
      if (value.includes('\n')) return fail('must be a single line');
      return value.length <= MAX_TEXT_LENGTH ? ok(value) : fail(`must be at most ${MAX_TEXT_LENGTH} characters`);
    case 'multiline':
      return value.length <= MAX_MULTILINE_LENGTH ? ok(value) : fail(`must be at most ${MAX_MULTILINE_LENGTH} characters`);
    case 'email':
      return value.length <= 254 && EMAIL.test(value) ? ok(value) : fail('must be an email address like name@example.com');
    case 'phone':
      return PHONE.test(value) && (value.match(/[0-9]/g) ?? []).length >= 3 ? ok(value) : fail('must be a phone number (digits, spaces, + - ( ) . /)');
    case 'url': {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return fail('must be a web address starting with http:// or https://');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('must be a web address starting with http:// or https://');
      return value.length <= 2000 ? ok(value) : fail('must be at most 2000 characters');
    }
    case 'date':
      return validDate(value) ? ok(value) : fail('must be a date as YYYY-MM-DD');
    default:
      return fail(`is not a ${type} value`);
  }
}

function validateOptionIds(type: FieldType, raw: unknown, options: ValidateOptions): ValueResult {
  const ids = type === 'multiselect' ? raw : [raw];
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
    return fail(type === 'multiselect' ? 'must be a list of option ids' : 'must be an option id');
  }
  for (const id of ids as string[]) {
    const option = options.options?.find((o) => o.id === id);
    if (!option) return fail(`has no option "${id}"`);
    if (option.retired && !options.allowRetired) return fail(`option "${option.label}" is retired`);
  }
  const unique = [...new Set(ids as string[])];
  return ok(type === 'multiselect' ? unique : unique[0]);
}

function validateAccountIds(type: FieldType, raw: unknown): ValueResult {
  const ids = type === 'multiuser' ? raw : [raw];
  if (!Array.isArray(ids) || ids.some((id) => !isAccountId(id))) {
    return fail(type === 'multiuser' ? 'must be a list of Atlassian account ids' : 'must be an Atlassian account id');
  }
  const unique = [...new Set(ids as string[])];
  return ok(type === 'multiuser' ? unique : unique[0]);
}

/**
 * Validates and normalises one value of a field of `type`. An empty value (null, '', [])
 * normalises to null: the field is cleared. Whether a field is required is the caller's check.
 */
export function validateValue(type: FieldType, raw: unknown, options: ValidateOptions = {}): ValueResult {
  if (isEmpty(raw)) return ok(null);
  if (STRING_TYPES.has(type)) return validateString(type, raw);
  if (OPTION_TYPES.has(type)) return validateOptionIds(type, raw, options);
  return validateAccountIds(type, raw);
}

/** Type changes allowed in principle; stored values must still convert ({@link convertValue}). */
export function convertibleTypes(from: FieldType): FieldType[] {
  if (STRING_TYPES.has(from)) return [...STRING_TYPES].filter((t) => t !== from);
  if (from === 'select') return ['multiselect'];
  if (from === 'multiselect') return ['select'];
  if (from === 'user') return ['multiuser'];
  return ['user'];
}

/** Converts a stored value to another type, or says why it cannot. */
export function convertValue(from: FieldType, to: FieldType, value: unknown, options: FieldOption[] = []): ValueResult {
  if (from === to) return ok(value);
  if (!convertibleTypes(from).includes(to)) return fail(`a ${FIELD_TYPE_LABELS[from]} field cannot become a ${FIELD_TYPE_LABELS[to]} field`);
  if (isEmpty(value)) return ok(null);
  if (STRING_TYPES.has(to)) {
    const asString = typeof value === 'number' ? String(value) : value;
    return validateValue(to, asString);
  }
  const single = to === 'select' || to === 'user';
  if (single) {
    const list = value as string[];
    return list.length <= 1 ? ok(list[0] ?? null) : fail('holds more than one value');
  }
  return validateValue(to, [value], { options, allowRetired: true });
}
