import type { PatternPart } from '../filter/ast';
import { IN_ENTRY, regexLiteral } from './sql';

/** A pattern as a PostgreSQL regular expression over one document entry's text: `*` any run, `?` one character. */
export function patternRegex(pattern: PatternPart[]): string {
  return pattern.map((p) => ('text' in p ? regexLiteral(p.text) : p.wildcard === '*' ? `${IN_ENTRY}*` : IN_ENTRY)).join('');
}

/**
 * A pattern as a JavaScript RegExp (case-insensitive) for matching option labels in memory:
 * `whole` asks for the whole label, else for a part of it.
 */
export function patternRegExp(pattern: PatternPart[], whole: boolean): RegExp {
  const body = pattern.map((p) => ('text' in p ? p.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : p.wildcard === '*' ? '.*' : '.')).join('');
  return new RegExp(whole ? `^${body}$` : body, 'isu');
}
