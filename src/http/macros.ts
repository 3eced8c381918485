import { Router, type Request, type Response } from 'express';
import type { Addon } from '../connect/addon';
import { authenticatePage, confluenceFor } from '../connect/auth';
import { ConfluenceError } from '../connect/confluenceClient';
import { rememberAccount, type ViewerResolver } from '../connect/viewer';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { getRendition } from '../profiles/pictureStore';
import { getProfileView, type ProfileFieldView, type ProfileView } from '../profiles/profiles';
import { asyncHandler } from '../asyncHandler';

/**
 * Confluence-side views of a profile, rendered on the server (no REST calls from the iframe):
 *
 * - the **profile card** macro (`dynamicContentMacros`, key `profile-card`): a person chosen in the
 *   macro's parameters, with the fields the macro names;
 * - the **author card** (`contentBylineItems`, key `author-card`): the same card for the page's
 *   author, in the byline's inline dialog.
 *
 * Both URLs are iframes Confluence signs like any page (a `jwt` query parameter whose qsh covers
 * the URL), so they sit behind {@link authenticatePage}. The viewer is the token's `sub`: restricted
 * categories stay hidden from people outside their groups, exactly as on the profile page.
 *
 * Descriptor rules these routes rely on (https://developer.atlassian.com/cloud/confluence/):
 * - modules/macro-input-parameter: "Any declared parameters must also be included in the URL value
 *   of the macro"; identifiers match `[-_a-z0-9\.]+`. The person is a `string` parameter holding an
 *   account id: Connect lists a `username` type, but what it stores in Cloud since account ids
 *   replaced usernames is not documented there, so Rollcall does not depend on it.
 * - context-parameters: `{content.id}` in a module URL is replaced by the content's id. No context
 *   parameter names the content's author, so the author card reads it from Confluence
 *   (`GET /rest/api/content/{id}?expand=history` → `history.createdBy.accountId`, scope READ).
 */

/** The routes the descriptor's macro and byline modules point at (a test keeps the two in step). */
export const MACROS = {
  profileCard: '/macros/profile-card',
  authorCard: '/macros/author-card',
} as const;

export interface MacrosRouterOptions {
  viewers: ViewerResolver;
  /** Where a picture that cannot be rendered is reported. */
  logger: Logger;
}

const ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/;
const CONTENT_ID = /^[0-9]{1,20}$/;
/** What a card shows when the macro names no fields: the subtitle is the position. */
const DEFAULT_FIELDS = ['department', 'location', 'phone', 'im', 'website'];
const MAX_FIELDS = 20;

export function macrosRouter(addon: Addon, options: MacrosRouterOptions): Router {
  const router = Router();
  const page = authenticatePage(addon);

  router.get(
    MACROS.profileCard,
    ...page,
    asyncHandler(async (req, res) => {
      const accountId = queryString(req, 'accountId');
      if (!accountId) return renderProblem(res, 400, 'Choose a person', 'Edit this macro and enter the person’s Atlassian account id.');
      if (!ACCOUNT_ID.test(accountId)) return renderProblem(res, 400, 'This is not an account id', 'Edit this macro and enter the person’s Atlassian account id.');
      await renderCard(req, res, accountId, fieldList(queryString(req, 'fields')));
    }),
  );

  router.get(
    MACROS.authorCard,
    ...page,
    asyncHandler(async (req, res) => {
      // `accountId` wins when given (Confluence never sends it; it lets a page link to a card).
      let accountId = queryString(req, 'accountId');
      if (!accountId) {
        const contentId = queryString(req, 'contentId');
        if (!contentId || !CONTENT_ID.test(contentId)) return renderProblem(res, 400, 'No page to show the author of', 'This card opens from a page’s byline.');
        try {
          accountId = await authorOf(addon, req, contentId);
        } catch (err) {
          if (!(err instanceof ConfluenceError)) throw err;
          return renderProblem(res, 502, 'Confluence did not answer', 'The author of this page could not be looked up. Try again in a moment.');
        }
        if (!accountId) return renderProblem(res, 404, 'Author not found', 'Confluence did not say who wrote this page.');
      }
      if (!ACCOUNT_ID.test(accountId)) return renderProblem(res, 400, 'This is not an account id', 'The author card needs an Atlassian account id.');
      await renderCard(req, res, accountId, null);
    }),
  );

  async function renderCard(req: Request, res: Response, accountId: string, fields: string[] | null): Promise<void> {
    const auth = req.auth!;
    if (!(await rememberAccount(addon, auth, accountId))) {
      return renderProblem(res, 404, 'Person not found', 'No one on this Confluence site has this account: they may have been removed, or the macro names a wrong account id.');
    }
    const viewer = await options.viewers.viewerOf(auth);
    let view: ProfileView;
    try {
      ({ view } = await getProfileView(auth.tenantId, viewer, accountId));
    } catch (err) {
      if (err instanceof AppError && err.status === 404) return renderProblem(res, 404, 'Person not found', 'Rollcall has no profile for this account.');
      throw err;
    }
    const picture = view.hasPicture ? await pictureDataUri(auth.tenantId, accountId, options.logger) : null;
    const links = { hostBaseUrl: auth.hostBaseUrl, addonKey: addon.descriptor.key };
    res.set('Cache-Control', 'no-store'); // per viewer: restricted categories differ
    res.render('macros/profile-card', { layout: false, hostScriptUrl: addon.config.hostScriptUrl(), addonKey: links.addonKey, card: presentCard(view, fields, picture, links) });
  }

  function renderProblem(res: Response, status: number, title: string, message: string): void {
    res.set('Cache-Control', 'no-store');
    res.status(status).render('macros/profile-card', { layout: false, hostScriptUrl: addon.config.hostScriptUrl(), problem: { status, title, message } });
  }

  return router;
}

function queryString(req: Request, name: string): string {
  const value = req.query[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** `a, b ,c` → ['a', 'b', 'c']; empty → null (the default fields). */
function fieldList(raw: string): string[] | null {
  const keys = [...new Set(raw.split(',').map((k) => k.trim()).filter(Boolean))].slice(0, MAX_FIELDS);
  return keys.length > 0 ? keys : null;
}

async function authorOf(addon: Addon, req: Request, contentId: string): Promise<string> {
  const content = await confluenceFor(addon, req.auth!).getJson<{ history?: { createdBy?: { accountId?: string } } }>(`/rest/api/content/${contentId}`, { expand: 'history' });
  return content?.history?.createdBy?.accountId ?? '';
}

async function pictureDataUri(tenantId: string, accountId: string, logger: Logger): Promise<string | null> {
  try {
    const rendition = await getRendition(tenantId, accountId, 128, logger);
    return `data:${rendition.contentType};base64,${rendition.bytes.toString('base64')}`;
  } catch (err) {
    if (err instanceof AppError && err.status === 404) return null;
    throw err;
  }
}

// -------------------------------------------------------------------------------------------------
// Presenter: everything the card view receives, as plain text pieces (the view escapes them all)
// -------------------------------------------------------------------------------------------------

/** A piece of a value: text, or a link (http(s), mailto:, tel: or a profile of this app). */
export interface Segment {
  text: string;
  href?: string;
  /** Set on links to a person's profile (the page script opens them with AP.navigator). */
  accountId?: string;
}

interface Links {
  hostBaseUrl: string;
  addonKey: string;
}

/** The app's profile page in Confluence for a person: a general page with `ac.accountId`. */
export function profilePageUrl(links: Links, accountId: string): string {
  return `${links.hostBaseUrl}/plugins/servlet/ac/${encodeURIComponent(links.addonKey)}/profile?ac.accountId=${encodeURIComponent(accountId)}`;
}

export function presentCard(view: ProfileView, requested: string[] | null, picture: string | null, links: Links) {
  const visible = new Map(view.categories.flatMap((c) => c.fields).map((f) => [f.key, f]));
  const filled = (f: ProfileFieldView | undefined): f is ProfileFieldView => !!f && f.display !== null && !(Array.isArray(f.display) && f.display.length === 0);
  const position = visible.get('position');
  const chosen = (requested ?? DEFAULT_FIELDS).map((key) => visible.get(key)).filter(filled);
  const name = view.displayName ?? view.accountId;
  return {
    accountId: view.accountId,
    displayName: name,
    initials: initialsOf(name),
    picture,
    subtitle: !requested && filled(position) ? String(position.display) : null,
    leftDirectoryOn: view.leftDirectoryAt ? formatDate(view.leftDirectoryAt.slice(0, 10)) : null,
    profileUrl: profilePageUrl(links, view.accountId),
    fields: chosen.map((f) => ({ key: f.key, label: f.label, helpText: f.helpText || null, multiline: f.type === 'multiline', segments: segmentsOf(f, links) })),
    requestedButHidden: !!requested && chosen.length === 0,
  };
}

function initialsOf(name: string): string {
  const parts = name.split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g;

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Text with its web addresses as links (trailing punctuation stays text). */
function linkify(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = match[0].replace(/[.,;:!?)\]]+$/, '');
    const start = match.index!;
    if (start > last) segments.push({ text: text.slice(last, start) });
    segments.push(isWebUrl(url) ? { text: url, href: url } : { text: url });
    last = start + url.length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return segments;
}

function joined(items: Segment[]): Segment[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [{ text: ', ' }, item]));
}

function formatDate(value: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function segmentsOf(field: ProfileFieldView, links: Links): Segment[] {
  const value = field.value;
  const display = field.display;
  switch (field.type) {
    case 'url':
      return isWebUrl(String(value)) ? [{ text: String(value), href: String(value) }] : [{ text: String(value) }];
    case 'email':
      return [{ text: String(value), href: `mailto:${String(value)}` }];
    case 'phone':
      return [{ text: String(value), href: `tel:${String(value).replace(/[^0-9+]/g, '')}` }];
    case 'date':
      return [{ text: formatDate(String(value)) }];
    case 'user':
    case 'multiuser':
      return joined((field.people ?? []).map((p) => ({ text: p.displayName ?? p.accountId, href: profilePageUrl(links, p.accountId), accountId: p.accountId })));
    case 'multiselect':
      return [{ text: (display as string[]).join(', ') }];
    case 'text':
    case 'multiline':
      return linkify(String(display));
    default:
      return [{ text: String(display) }];
  }
}
