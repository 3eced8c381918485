import { Router, type Response } from 'express';
import type { Addon } from '../../connect/addon';
import { authenticatePage, type AuthContext } from '../../connect/auth';
import { ConfluenceError } from '../../connect/confluenceClient';
import { siteDirectory } from '../../connect/connectConfluenceDirectory';
import type { ViewerResolver } from '../../connect/viewer';
import { isAccountId } from '../../directory/accountId';
import { rememberAccount } from '../../directory/accounts';
import { AppError } from '../../errors';
import type { Logger } from '../../logger';
import type { FrontendBuild } from '../frontend/manifest';
import { profileLinkOf, shellConfig } from '../pages';
import { getRendition } from '../../profiles/pictureStore';
import { getProfileView, type ProfileView } from '../../profiles/profiles';
import { handle } from '../validate';
import { presentCard } from './presenters';
import * as T from './schema';

/**
 * Confluence-side views of a profile, rendered on the server (no REST calls from the iframe), and
 * the org chart macro (the front-end's chart, in the macro's frame):
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
  orgChart: '/macros/org-chart',
} as const;

export interface MacrosRouterOptions {
  viewers: ViewerResolver;
  /** Where a picture that cannot be rendered is reported. */
  logger: Logger;
  /** The front-end's build: the card's small `profile-card` entry (theme, resize, profile links) and its styles. */
  frontend: FrontendBuild;
}

/** Confluence's content ids: digits (a wrong one would otherwise reach Confluence's URL). */
const CONTENT_ID = /^[0-9]{1,20}$/;

/**
 * The two card routes. Their parameters never fail validation (see `moduleParameter`): an empty or
 * wrong one renders a card that says what to fix, with the status a REST call would get.
 */
export function macrosRouter(addon: Addon, options: MacrosRouterOptions): Router {
  const router = Router();
  const page = authenticatePage(addon);

  router.get(
    MACROS.profileCard,
    ...page,
    ...handle(T.ProfileCard, async (req, res) => {
      const { accountId, fields } = req.input.query;
      if (!accountId) return renderProblem(res, 400, 'Choose a person', 'Edit this macro and enter the person’s Atlassian account id.', req.auth);
      if (!isAccountId(accountId)) return renderProblem(res, 400, 'This is not an account id', 'Edit this macro and enter the person’s Atlassian account id.', req.auth);
      await renderCard(req.auth, res, accountId, fields);
    }),
  );

  router.get(
    MACROS.authorCard,
    ...page,
    ...handle(T.AuthorCard, async (req, res) => {
      let { accountId } = req.input.query;
      if (!accountId) {
        const { contentId } = req.input.query;
        if (!CONTENT_ID.test(contentId)) return renderProblem(res, 400, 'No page to show the author of', 'This card opens from a page’s byline.', req.auth);
        let author: string | null;
        try {
          author = await siteDirectory(addon, req.auth).contentAuthor(contentId);
        } catch (err) {
          if (!(err instanceof ConfluenceError)) throw err;
          return renderProblem(res, 502, 'Confluence did not answer', 'The author of this page could not be looked up. Try again in a moment.', req.auth);
        }
        if (!author) return renderProblem(res, 404, 'Author not found', 'Confluence did not say who wrote this page.', req.auth);
        accountId = author;
      }
      if (!isAccountId(accountId)) return renderProblem(res, 400, 'This is not an account id', 'The author card needs an Atlassian account id.', req.auth);
      await renderCard(req.auth, res, accountId, null);
    }),
  );

  /**
   * The org chart macro: the front-end's `org-chart` entry in its macro mode (a compact chart from
   * the root person down `depth` levels, drawn from the org chart's REST API as the viewer may see
   * it). An empty person is the page's author, asked of Confluence like the author card's.
   */
  router.get(
    MACROS.orgChart,
    ...page,
    ...handle(T.OrgChartMacro, async (req, res) => {
      let { accountId } = req.input.query;
      const { contentId, depth, fields } = req.input.query;
      if (!accountId) {
        if (!CONTENT_ID.test(contentId)) return renderProblem(res, 400, 'Choose a person', 'Edit this macro and enter the account id of the person at the top of the chart.', req.auth);
        let author: string | null;
        try {
          author = await siteDirectory(addon, req.auth).contentAuthor(contentId);
        } catch (err) {
          if (!(err instanceof ConfluenceError)) throw err;
          return renderProblem(res, 502, 'Confluence did not answer', 'The author of this page could not be looked up. Try again in a moment.', req.auth);
        }
        if (!author) return renderProblem(res, 404, 'Author not found', 'Confluence did not say who wrote this page: edit this macro and choose a person.', req.auth);
        accountId = author;
      }
      if (!isAccountId(accountId)) return renderProblem(res, 400, 'This is not an account id', 'Edit this macro and enter the account id of the person at the top of the chart.', req.auth);
      const parameters = {
        macro: 'true',
        accountId,
        depth: String(depth),
        ...(fields ? { fields: fields.join(',') } : {}),
        profileLink: profileLinkOf(req.auth, addon),
        siteUrl: req.auth.hostBaseUrl,
      };
      res.set('Cache-Control', 'no-store');
      res.render('shell', {
        layout: false,
        title: 'Org chart',
        nonce: res.locals.cspNonce,
        assets: options.frontend.assets('org-chart'),
        shell: shellConfig('org-chart', req.auth, addon, parameters),
        hostScriptUrl: addon.config.hostScriptUrl(),
      });
    }),
  );

  async function renderCard(auth: AuthContext, res: Response, accountId: string, fields: string[] | null): Promise<void> {
    if (!(await rememberAccount(auth.tenantId, accountId, siteDirectory(addon, auth)))) {
      return renderProblem(res, 404, 'Person not found', 'No one on this Confluence site has this account: they may have been removed, or the macro names a wrong account id.', auth);
    }
    const viewer = await options.viewers.viewerOf(auth);
    let view: ProfileView;
    try {
      ({ view } = await getProfileView(auth.tenantId, viewer, accountId));
    } catch (err) {
      if (err instanceof AppError && err.id === 'not_found') return renderProblem(res, 404, 'Person not found', 'Rollcall has no profile for this account.', auth);
      throw err;
    }
    const picture = view.hasPicture ? await pictureDataUri(auth.tenantId, accountId, options.logger) : null;
    const links = { hostBaseUrl: auth.hostBaseUrl, addonKey: addon.descriptor.key };
    res.set('Cache-Control', 'no-store'); // per viewer: restricted categories differ
    res.render('macros/profile-card', { ...frame(res, auth), card: presentCard(view, fields, picture, links) });
  }

  function renderProblem(res: Response, status: number, title: string, message: string, auth: AuthContext): void {
    res.set('Cache-Control', 'no-store');
    res.status(status).render('macros/profile-card', { ...frame(res, auth), problem: { status, title, message } });
  }

  /**
   * What every card's page needs around the card: the host's script, the `profile-card` entry and
   * its styles (like the page shell: views/shell.hbs), the response's CSP nonce for the theme's
   * style elements, and the shell's configuration for the entry's host adapter.
   */
  function frame(res: Response, auth: AuthContext) {
    return {
      layout: false,
      hostScriptUrl: addon.config.hostScriptUrl(),
      nonce: res.locals.cspNonce,
      assets: options.frontend.assets('profile-card'),
      shell: shellConfig('profile-card', auth, addon),
    };
  }

  return router;
}

/** The person's picture inline (the card makes no further request), or null when they have none. */
async function pictureDataUri(tenantId: string, accountId: string, logger: Logger): Promise<string | null> {
  try {
    const rendition = await getRendition(tenantId, accountId, 128, logger);
    return `data:${rendition.contentType};base64,${rendition.bytes.toString('base64')}`;
  } catch (err) {
    if (err instanceof AppError && err.id === 'not_found') return null;
    throw err;
  }
}
