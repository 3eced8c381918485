import { z } from 'zod';

/**
 * Text that PostgreSQL can store. `text` and `jsonb` refuse the NUL character (U+0000), and a lone
 * UTF-16 surrogate (half of a pair, e.g. `"\ud800"` in JSON) is no Unicode at all: either would
 * reach the database as a 500. Every string of every REST body and query schema is a
 * {@link safeString}; ESLint (`no-restricted-syntax` in eslint.config.mjs) refuses a bare `z.string()`.
 */

/** Matches text without a NUL (an anchored look-ahead: no loop to backtrack through). */
// eslint-disable-next-line no-control-regex -- NUL is what it looks for
const NO_NUL = /^(?![\s\S]*\u0000)/;
/** Matches text without an unpaired surrogate: a high one not followed by a low one, or a low one not after a high one. */
const NO_LONE_SURROGATE = /^(?![\s\S]*(?:[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]))/;

export const NUL_MESSAGE = 'must not contain the NUL character (\\u0000)';
export const SURROGATE_MESSAGE = 'must not contain an unpaired UTF-16 surrogate (not valid Unicode)';

/** Why `text` cannot be stored, or undefined. */
export function unsafeTextProblem(text: string): string | undefined {
  if (!NO_NUL.test(text)) return NUL_MESSAGE;
  if (!NO_LONE_SURROGATE.test(text)) return SURROGATE_MESSAGE;
  return undefined;
}

/**
 * `z.string(params)` that refuses NUL and unpaired surrogates; still a `ZodString`, so `.trim()`,
 * `.max()` and `.regex()` chain as usual. The error's path names the field.
 */
export function safeString(params?: Parameters<typeof z.string>[0]): z.ZodString {
  // eslint-disable-next-line no-restricted-syntax -- the one place a bare z.string() is wrapped
  return z.string(params).regex(NO_NUL, NUL_MESSAGE).regex(NO_LONE_SURROGATE, SURROGATE_MESSAGE);
}

/** A record's keys: safe text, at most `maxLength` characters. */
export const safeKey = (maxLength = 128) => safeString().max(maxLength, `a key must be at most ${maxLength} characters`);

/** A record of at most `maxEntries` entries with safe keys. */
export function boundedRecord<T extends z.ZodTypeAny>(value: T, maxEntries: number) {
  return z.record(safeKey(), value).refine((record) => Object.keys(record).length <= maxEntries, `at most ${maxEntries} entries`);
}
