import { z } from 'zod';

/**
 * A parameter Confluence fills into a module's URL (a macro's parameter, `ac.accountId`, a context
 * variable such as `{content.id}`): its text, trimmed; absent, empty or repeated is `''`. It never
 * fails validation: pages and macros check the value themselves, so that a wrong one gets a page
 * saying what to do in Confluence rather than a bare 400.
 */
export const moduleParameter = () => z.unknown().transform((value) => (typeof value === 'string' ? value.trim() : ''));
