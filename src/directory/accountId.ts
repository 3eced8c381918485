/**
 * Confluence account ids as Rollcall accepts them, in routes, fields and macros: letters, digits,
 * `:`, `_` and `-`, at most 128 (Atlassian's are `557058:uuid` or 24 hex digits; older ones differ).
 * The one definition: `ACCOUNT_ID_PATTERN` for route paths, `isAccountId` and `ACCOUNT_ID`
 * elsewhere. A module of its own, so that field types load no database code.
 */
export const ACCOUNT_ID_PATTERN = '[A-Za-z0-9:_-]{1,128}';
export const ACCOUNT_ID = new RegExp(`^${ACCOUNT_ID_PATTERN}$`);
export const isAccountId = (value: unknown): value is string => typeof value === 'string' && ACCOUNT_ID.test(value);
