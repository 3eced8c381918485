import type { FilterNode } from './ast';
import { FilterError } from './errors';
import * as generated from './filterParser.generated';

/** Peggy's description of one thing it expected (the parts this module reads). */
interface PeggyExpectation {
  type: 'literal' | 'class' | 'any' | 'end' | 'other';
  text?: string;
  description?: string;
}

interface PeggySyntaxError extends Error {
  expected: PeggyExpectation[] | null;
  found: string | null;
  location: { start: { offset: number } };
}

const parse = generated.parse as (input: string) => FilterNode | null;
const isPeggyError = (e: unknown): e is PeggySyntaxError => e instanceof (generated.SyntaxError as unknown as typeof Error);

/** The longest query accepted (characters): past this, parsing and the SQL it becomes are bounded. */
export const MAX_QUERY_LENGTH = 2000;

/**
 * Parses a query of the filter language (filter.peggy) into its tree; an empty query is `null`
 * (everyone). Throws a {@link FilterError} with the column and what was expected there.
 */
export function parseFilter(query: string): FilterNode | null {
  if (query.length > MAX_QUERY_LENGTH) throw new FilterError(`The query is longer than ${MAX_QUERY_LENGTH} characters`, MAX_QUERY_LENGTH + 1);
  // Control characters are no text anyone searches for, and two of them separate the fields in the
  // search documents (people_search): a pattern holding one could step from a field the viewer
  // may see into one they may not.
  const control = controlCharacterAt(query);
  if (control >= 0) throw new FilterError(`The query holds a control character (U+${query.charCodeAt(control).toString(16).padStart(4, '0').toUpperCase()}): remove it`, control + 1);
  let tree: FilterNode | null;
  try {
    tree = parse(query);
  } catch (error) {
    if (!isPeggyError(error)) throw error;
    throw syntaxError(query, error);
  }
  const deep = tooDeep(tree, 0);
  if (deep) throw new FilterError(`The query nests NOT, - and parentheses more than ${MAX_DEPTH} deep`, deep.at + 1);
  return tree;
}

/** The index of the first C0 control character or DEL in `text`, or -1. */
export function controlCharacterAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return i;
  }
  return -1;
}

/** How deep NOT, AND and OR may nest (a real query needs a handful; the SQL it becomes nests as deep). */
export const MAX_DEPTH = 32;

/** The first node past {@link MAX_DEPTH}, or null. */
function tooDeep(node: FilterNode | null, depth: number): FilterNode | null {
  if (!node) return null;
  if (depth > MAX_DEPTH) return node;
  if (node.type === 'not') return tooDeep(node.item, depth + 1);
  if (node.type === 'and' || node.type === 'or') {
    for (const item of node.items) {
      const found = tooDeep(item, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Peggy lists everything that could have continued the query at the failure (more characters of
 * a word, whitespace, AND…); people need what must come: a term, a value, a closing quote or ")".
 */
function expectedOf(expected: PeggyExpectation[]): string[] {
  const found = new Set<string>();
  for (const e of expected) {
    if (e.type === 'literal' && (e.text === 'NOT' || e.text === '-' || e.text === '(')) found.add('a search term');
    else if (e.type === 'literal' && ['>=', '<=', '>', '<', '..'].includes(e.text ?? '')) found.add('a value');
    else if (e.type === 'literal' && e.text === ')') found.add('")"');
    else if (e.type === 'other' && e.description === 'a closing quote') found.add('a closing quote (")');
    else if (e.type === 'other' && e.description === 'a number or a date') found.add('a number or a date');
  }
  if (found.has('a value')) found.delete('a number or a date');
  return [...found];
}

function syntaxError(query: string, error: PeggySyntaxError): FilterError {
  const offset = error.location.start.offset;
  const column = offset + 1;
  if (!error.expected) return new FilterError(`${error.message} (column ${column})`, column, {}); // a rule's own error(): has:, is:
  const expected = expectedOf(error.expected);
  const before = /(\S+)\s*$/.exec(query.slice(0, offset))?.[1];
  const after = before ? ` after '${before.length > 30 ? `…${before.slice(-30)}` : before}'` : '';
  const found = error.found ?? query.charAt(offset);
  if (found === ')' && !expected.includes('")"')) return new FilterError(`Unexpected ')' at column ${column}: no '(' to close`, column, { expected: [] });
  if (expected.length === 0) {
    return new FilterError(`Unexpected '${found}' at column ${column}`, column, { expected: [] });
  }
  const list = expected.length === 1 ? expected[0] : `${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]}`;
  return new FilterError(`Expected ${list}${after} at column ${column}`, column, { expected });
}
