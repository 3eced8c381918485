import { Router } from 'express';
import type { Addon } from '../../../connect/addon';
import { authenticateRest } from '../../../connect/auth';
import { siteDirectory } from '../../../connect/connectConfluenceDirectory';
import type { ViewerResolver } from '../../../connect/viewer';
import { ACCOUNT_ID_PATTERN } from '../../../directory/accountId';
import { requireAccount } from '../../../directory/accounts';
import type { LdapConnectOptions } from '../../../directory/ldap';
import { unsupportedMediaType } from '../../../errors';
import type { Logger } from '../../../logger';
import { deletePicture, getRendition, savePicture } from '../../../profiles/pictureStore';
import { profileUpdater } from '../../../profiles/profileUpdater';
import { getProfileView } from '../../../profiles/profiles';
import type { SecretBox } from '../../../secrets';
import { directoryPort, pictureWriteBack } from '../../../sync/writeBack/writeBack';
import type { RateLimits } from '../../rateLimit';
import { bufferedUpload } from '../../uploads';
import { handle } from '../../validate';
import { presentProfile, presentProfileForEdit } from './presenters';
import * as T from './schema';

export interface ProfilesRouterOptions {
  viewers: ViewerResolver;
  secrets: SecretBox;
  /** How write-back connects to LDAP sources. */
  ldap: LdapConnectOptions;
  /** Largest picture upload in bytes (413 above). */
  pictureMaxBytes: number;
  /** Where a picture that cannot be rendered is reported. */
  logger: Logger;
  /** Limits on picture uploads. */
  rateLimits: RateLimits;
}

const PROFILE = `/rest/v1/profiles/:accountId(${ACCOUNT_ID_PATTERN})`;
const PICTURE = `${PROFILE}/picture`;

/**
 * Profiles as people see and edit them, and their pictures. A person Rollcall has not cached yet
 * is asked of Confluence first (404 when it knows no such person), so a site that never synced works.
 */
export function profilesRouter(addon: Addon, options: ProfilesRouterOptions): Router {
  const router = Router();
  const user = authenticateRest(addon);
  // The LDAP directories that fill fields: their live values for the edit form, and write-back.
  const ldapDirectories = directoryPort(options.secrets, options.ldap);

  router.get(
    PROFILE,
    ...user,
    ...handle(T.ProfileGet, async (req, res) => {
      const { tenantId } = req.auth;
      const { accountId } = req.input.params;
      const viewer = await options.viewers.viewerOf(req.auth);
      await requireAccount(tenantId, accountId, siteDirectory(addon, req.auth));
      const forEdit = req.input.query.for === 'edit';
      const { view, baseline } = await getProfileView(tenantId, viewer, accountId, { forEdit, directory: ldapDirectories });
      res.set('Cache-Control', 'no-store');
      res.json(forEdit ? presentProfileForEdit(view, baseline) : presentProfile(view));
    }),
  );

  router.put(
    PROFILE,
    ...user,
    ...handle(T.ProfileUpdate, async (req, res) => {
      const view = await profileUpdater({
        tenantId: req.auth.tenantId,
        viewer: await options.viewers.viewerOf(req.auth),
        accountId: req.input.params.accountId,
        update: req.input.body,
        confluence: siteDirectory(addon, req.auth),
        directory: ldapDirectories,
      });
      res.json(presentProfile(view));
    }),
  );

  router.get(
    PICTURE,
    ...user,
    ...handle(T.PictureGet, async (req, res) => {
      const rendition = await getRendition(req.auth.tenantId, req.input.params.accountId, req.input.query.size, options.logger);
      res.set({ ETag: rendition.etag, 'Cache-Control': 'private, max-age=300', 'Last-Modified': rendition.updatedAt.toUTCString() });
      if (req.fresh) {
        res.status(304).end();
        return;
      }
      res.type(rendition.contentType).send(rendition.bytes);
    }),
  );

  router.put(
    PICTURE,
    ...user,
    options.rateLimits.limit('pictureUpload'),
    (req, _res, next) => {
      // The content decides (not the name or the header), but a non-binary body is refused early.
      if (!req.is(['image/*', 'application/octet-stream', 'multipart/form-data'])) {
        return next(unsupportedMediaType('Send the picture as the request body (image/jpeg, image/png, image/gif or image/webp), or as the part "file" of a multipart form.'));
      }
      next();
    },
    bufferedUpload(options.pictureMaxBytes),
    ...handle(T.PictureUpload, async (req, res) => {
      const { tenantId } = req.auth;
      const { accountId } = req.input.params;
      const viewer = await options.viewers.viewerOf(req.auth);
      await requireAccount(tenantId, accountId, siteDirectory(addon, req.auth));
      await savePicture(tenantId, viewer, accountId, req.input.body, pictureWriteBack(options.secrets, options.ldap));
      res.status(204).end();
    }),
  );

  router.delete(
    PICTURE,
    ...user,
    ...handle(T.PictureDelete, async (req, res) => {
      await deletePicture(req.auth.tenantId, await options.viewers.viewerOf(req.auth), req.input.params.accountId);
      res.status(204).end();
    }),
  );
  return router;
}
