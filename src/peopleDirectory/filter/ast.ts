/**
 * The filter language's tree: what `parseFilter` returns and `printFilter` prints. Offsets (`at`)
 * are 0-based character offsets into the query; errors report them as 1-based columns.
 */

/** A run of literal characters, or a wildcard: `*` any run of characters, `?` exactly one. */
export type PatternPart = { text: string } | { wildcard: '*' | '?' };

/** A name before a colon: a field key (`department`) or a quoted label (`"Job title"`). */
export interface FieldRef {
  name: string;
  quoted: boolean;
  at: number;
}

/** What a field term asks of the field's values. */
export type Condition =
  /** `key:value`, `key:"a value"`, `key:Ber*`: a value equal to the pattern (case-insensitive). */
  | { kind: 'match'; pattern: PatternPart[]; quoted: boolean; at: number }
  /** `key:>5`, `key:<=2024-01-01`. */
  | { kind: 'compare'; op: '>' | '>=' | '<' | '<='; value: string; at: number }
  /** `key:a..b`, `key:a..`, `key:..b` (both ends included). */
  | { kind: 'range'; from: string | null; to: string | null; at: number };

export type FilterNode =
  | { type: 'and'; items: FilterNode[]; at: number }
  | { type: 'or'; items: FilterNode[]; at: number }
  | { type: 'not'; item: FilterNode; at: number }
  /** Free text: a word or a quoted phrase, found in names, emails and visible text-like fields. */
  | { type: 'text'; pattern: PatternPart[]; quoted: boolean; at: number }
  | { type: 'field'; field: FieldRef; condition: Condition; at: number }
  /** `has:key`: the field has a value (`-has:key`: it is empty). */
  | { type: 'has'; field: FieldRef; at: number }
  /** `is:left`: the person left the directory. */
  | { type: 'is'; state: 'left'; at: number };

/** The literal text of a pattern without wildcards, or null when it has one. */
export function literalOf(pattern: PatternPart[]): string | null {
  let text = '';
  for (const part of pattern) {
    if ('wildcard' in part) return null;
    text += part.text;
  }
  return text;
}
