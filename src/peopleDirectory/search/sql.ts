import { controlCharacterAt } from '../filter/parser';

/**
 * Bound parameters for the SQL the directory compiles: every value a person typed reaches
 * PostgreSQL as a parameter (`$n`), never as SQL text. Field keys are the one exception, and only
 * keys read from the tenant's field definitions (FIELD_KEY_PATTERN: `[a-z][a-z0-9_]*`), always
 * passed through {@link jsonKey}.
 */
export class Params {
  readonly values: unknown[] = [];

  /** A placeholder for `value`. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** `s."values" -> '<key>'` for a key from the field definitions (checked again here). */
export function jsonKey(key: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(key)) throw new Error(`not a field key: ${key}`);
  return `'${key}'`;
}

/** The document's separators (see the people_search migration): before each entry, and between key and text. */
export const ENTRY = '\u001e';
export const KEY_END = '\u001f';
/** Any character of one entry's text. */
export const IN_ENTRY = `[^${ENTRY}]`;

/**
 * A PostgreSQL regular expression (ARE) matching `text` literally: every ASCII character that is
 * not a letter or a digit gets a backslash (in an ARE, a backslash before such a character means
 * the character itself); other characters stand for themselves.
 */
export function regexLiteral(text: string): string {
  // The documents' separators (U+001E, U+001F) never reach a pattern (parseFilter refuses control
  // characters); this guard keeps it so should anything else call here.
  if (controlCharacterAt(text) >= 0) throw new Error('a control character in a search pattern');
  return text.replace(/[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/g, (c) => `\\${c}`);
}
