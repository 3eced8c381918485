import { z } from 'zod';
import { moduleParameter } from '../moduleParameter';

/** Fields a card shows at most, whatever the macro names. */
const MAX_FIELDS = 20;

/** `a, b ,c` → ['a', 'b', 'c'] (each once, at most {@link MAX_FIELDS}); empty → null (the default fields). */
function fieldList(raw: string): string[] | null {
  const keys = [...new Set(raw.split(',').map((k) => k.trim()).filter(Boolean))].slice(0, MAX_FIELDS);
  return keys.length > 0 ? keys : null;
}

/**
 * `GET /macros/profile-card?accountId=&fields=`: the macro's parameters, as Confluence fills them
 * into the module URL (empty when not set). The route checks the account id itself, so that a wrong
 * one gets a card saying how to fix the macro.
 */
export const ProfileCard = {
  query: z.object({
    accountId: moduleParameter(),
    /** Field keys, comma-separated; empty for the default fields. */
    fields: moduleParameter().transform(fieldList),
  }),
};

/**
 * `GET /macros/author-card?contentId=`: the page whose author to show (`{content.id}` in the byline
 * item's URL); `accountId` wins when given (Confluence never sends it; it lets a page link to a card).
 */
export const AuthorCard = {
  query: z.object({ accountId: moduleParameter(), contentId: moduleParameter() }),
};

/** Levels below the root an org chart macro opens at most. */
export const MAX_MACRO_DEPTH = 4;

/**
 * `GET /macros/org-chart?accountId=&depth=&fields=&contentId=`: the org chart macro's parameters.
 * An empty person is the page's author (`{content.id}`); depth 1–4 levels below the root (anything
 * else: 2); fields as the profile card's.
 */
export const OrgChartMacro = {
  query: z.object({
    accountId: moduleParameter(),
    depth: moduleParameter().transform((raw) => {
      const depth = Number(raw);
      return Number.isInteger(depth) && depth >= 1 && depth <= MAX_MACRO_DEPTH ? depth : 2;
    }),
    fields: moduleParameter().transform(fieldList),
    contentId: moduleParameter(),
  }),
};
