import express, { Router } from 'express';
import { z } from 'zod';
import type { Addon } from '../../connect/addon';
import { authenticateRest } from '../../connect/auth';
import { rememberAccount, type ViewerResolver } from '../../connect/viewer';
import type { LdapConnectOptions } from '../../directory/ldap';
import { notFound, unprocessable, unsupportedMediaType } from '../../errors';
import { MAX_MULTILINE_LENGTH } from '../../profiles/fieldTypes';
import { boundedRecord, safeString } from '../../safeText';
import type { Logger } from '../../logger';
import { deletePicture, getRendition, savePicture, type RenditionSize } from '../../profiles/pictureStore';
import { getProfileView, referencedAccountIds, updateProfile } from '../../profiles/profiles';
import type { SecretBox } from '../../secrets';
import type { RateLimits } from '../rateLimit';
import { directoryPort, pictureWriteBack } from '../../sync/writeBack/writeBack';
import { asyncHandler } from '../../asyncHandler';
import { validateBody } from '../validate';

const ACCOUNT_ID = '[A-Za-z0-9:_-]{1,128}';

/** One value as a form sends it: text, a number, a list (option or account ids), or null to clear. The field's type decides the rest. */
const formValue = z.union([
  z.null(),
  z.boolean(),
  z.number(),
  safeString().max(MAX_MULTILINE_LENGTH * 2, `must be at most ${MAX_MULTILINE_LENGTH} characters`),
  z.array(z.union([safeString().max(2000), z.number(), z.null()])).max(500, 'must be a list of at most 500 items'),
]);

/** The directory values the form was built from (a flat map of field key → text or list of text), sent back for the conflict check. */
const directoryValue = z.union([z.null(), z.number(), safeString().max(MAX_MULTILINE_LENGTH * 2), z.array(safeString().max(MAX_MULTILINE_LENGTH)).max(500)]);

const profileUpdateSchema = z
  .object({
    values: boundedRecord(formValue, 500),
    version: z.number().int().min(0).max(2_147_483_647),
    ldapValues: boundedRecord(directoryValue, 500).optional(),
  })
  .strict();

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

/** Profiles as people see and edit them, and their pictures. */
export function profilesRouter(addon: Addon, options: ProfilesRouterOptions): Router {
  const router = Router();
  const user = authenticateRest(addon);
  const directory = directoryPort(options.secrets, options.ldap);

  router.get(
    `/rest/v1/profiles/:accountId(${ACCOUNT_ID})`,
    ...user,
    asyncHandler(async (req, res) => {
      const viewer = await options.viewers.viewerOf(req.auth!);
      if (!(await rememberAccount(addon, req.auth!, req.params.accountId))) throw notFound(`Person ${req.params.accountId}`);
      const forEdit = req.query.for === 'edit';
      const { view, baseline } = await getProfileView(req.auth!.tenantId, viewer, req.params.accountId, { forEdit, directory });
      res.set('Cache-Control', 'no-store');
      res.json(forEdit ? { ...view, ldapValues: baseline } : view);
    }),
  );

  router.put(
    `/rest/v1/profiles/:accountId(${ACCOUNT_ID})`,
    ...user,
    validateBody(profileUpdateSchema),
    asyncHandler(async (req, res) => {
      const viewer = await options.viewers.viewerOf(req.auth!);
      if (!(await rememberAccount(addon, req.auth!, req.params.accountId))) throw notFound(`Person ${req.params.accountId}`);
      // People named in user fields must be people of this site (and get a name to show).
      const referenced = await referencedAccountIds(req.auth!.tenantId, req.body.values);
      if (referenced.length > 100) throw unprocessable('At most 100 people may be named in one edit.');
      const unknown: typeof referenced = [];
      for (const ref of referenced) {
        if (typeof ref.accountId === 'string' && /^[A-Za-z0-9:_-]{1,128}$/.test(ref.accountId) && !(await rememberAccount(addon, req.auth!, ref.accountId))) unknown.push(ref);
      }
      if (unknown.length > 0) {
        throw unprocessable(
          `Confluence knows no person ${unknown.map((u) => u.accountId).join(', ')}.`,
          unknown.map((u) => ({ path: `values.${u.fieldKey}`, message: `Confluence knows no person ${u.accountId}` })),
        );
      }
      await updateProfile(req.auth!.tenantId, viewer, req.params.accountId, req.body, directory);
      const { view } = await getProfileView(req.auth!.tenantId, viewer, req.params.accountId);
      res.json(view);
    }),
  );

  router.get(
    `/rest/v1/profiles/:accountId(${ACCOUNT_ID})/picture`,
    ...user,
    asyncHandler(async (req, res) => {
      const size = Number(req.query.size ?? 128);
      const rendition = await getRendition(req.auth!.tenantId, req.params.accountId, ([512, 128, 48].includes(size) ? size : 128) as RenditionSize, options.logger);
      res.set({ ETag: rendition.etag, 'Cache-Control': 'private, max-age=300', 'Last-Modified': rendition.updatedAt.toUTCString() });
      if (req.fresh) {
        res.status(304).end();
        return;
      }
      res.type(rendition.contentType).send(rendition.bytes);
    }),
  );

  router.put(
    `/rest/v1/profiles/:accountId(${ACCOUNT_ID})/picture`,
    ...user,
    options.rateLimits.limit('pictureUpload'),
    (req, _res, next) => {
      // The content decides (not the name or the header), but a non-binary body is refused early.
      if (!req.is(['image/*', 'application/octet-stream'])) return next(unsupportedMediaType('Send the picture as the request body (image/jpeg, image/png, image/gif or image/webp).'));
      next();
    },
    express.raw({ type: () => true, limit: options.pictureMaxBytes }),
    asyncHandler(async (req, res) => {
      const viewer = await options.viewers.viewerOf(req.auth!);
      if (!(await rememberAccount(addon, req.auth!, req.params.accountId))) throw notFound(`Person ${req.params.accountId}`);
      await savePicture(req.auth!.tenantId, viewer, req.params.accountId, req.body as Buffer, pictureWriteBack(options.secrets, options.ldap));
      res.status(204).end();
    }),
  );

  router.delete(
    `/rest/v1/profiles/:accountId(${ACCOUNT_ID})/picture`,
    ...user,
    asyncHandler(async (req, res) => {
      await deletePicture(req.auth!.tenantId, await options.viewers.viewerOf(req.auth!), req.params.accountId);
      res.status(204).end();
    }),
  );
  return router;
}
