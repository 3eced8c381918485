import { Router } from 'express';
import type { AdminCheck } from '../../connect/adminCheck';
import type { Addon } from '../../connect/addon';
import { authenticateRest, confluenceFor, requireAdmin, type AuthContext } from '../../connect/auth';
import { createCategory, deleteCategory, getCategory, listCategories, updateCategory } from '../../profiles/categories';
import { createField, deleteField, getField, listFields, updateField } from '../../profiles/fields';
import { convertibleTypes, FIELD_TYPE_LABELS, FIELD_TYPES, OPTION_TYPES } from '../../profiles/fieldTypes';
import { categoryCreateSchema, categoryUpdateSchema, fieldCreateSchema, fieldUpdateSchema } from '../../profiles/schemas';
import { asyncHandler } from '../../asyncHandler';
import { presentCategory, presentField } from '../presenters';
import { ID_PATTERN, validateBody, validateQuery } from '../validate';
import { FIELD_KEY_PATTERN } from '../../profiles/schemas';
import { safeString } from '../../safeText';
import { z } from 'zod';

/** The group picker's search text, cut to 100 characters. */
const groupsQuerySchema = z.object({ query: safeString().max(1000).default('').transform((q) => q.slice(0, 100)) });

const actorOf = (auth: AuthContext) => ({ tenantId: auth.tenantId, accountId: auth.accountId });

/**
 * The Profile Editor's REST calls: categories, fields, field types and the group picker.
 * Reading the structure is open to every user of the site; changing it needs a Confluence admin.
 */
export function profileSchemaRouter(addon: Addon, adminCheck: AdminCheck): Router {
  const router = Router();
  const user = authenticateRest(addon);
  const admin = [...user, requireAdmin(addon, adminCheck)];

  router.get(
    '/rest/v1/categories',
    ...user,
    asyncHandler(async (req, res) => {
      const categories = await listCategories(req.auth!.tenantId);
      res.json({ categories: categories.map((c) => presentCategory(c.category, c.fieldCount)) });
    }),
  );
  router.post(
    '/rest/v1/categories',
    ...admin,
    validateBody(categoryCreateSchema),
    asyncHandler(async (req, res) => {
      const { category, fieldCount } = await createCategory(actorOf(req.auth!), req.body);
      res.status(201).json(presentCategory(category, fieldCount));
    }),
  );
  router.get(
    `/rest/v1/categories/:id(${ID_PATTERN})`,
    ...user,
    asyncHandler(async (req, res) => {
      const { category, fieldCount } = await getCategory(req.auth!.tenantId, req.params.id);
      res.json(presentCategory(category, fieldCount));
    }),
  );
  router.patch(
    `/rest/v1/categories/:id(${ID_PATTERN})`,
    ...admin,
    validateBody(categoryUpdateSchema),
    asyncHandler(async (req, res) => {
      const { category, fieldCount } = await updateCategory(actorOf(req.auth!), req.params.id, req.body);
      res.json(presentCategory(category, fieldCount));
    }),
  );
  router.delete(
    `/rest/v1/categories/:id(${ID_PATTERN})`,
    ...admin,
    asyncHandler(async (req, res) => {
      await deleteCategory(actorOf(req.auth!), req.params.id);
      res.status(204).end();
    }),
  );

  router.get(
    '/rest/v1/fields',
    ...user,
    asyncHandler(async (req, res) => {
      res.json({ fields: (await listFields(req.auth!.tenantId)).map(presentField) });
    }),
  );
  router.post(
    '/rest/v1/fields',
    ...admin,
    validateBody(fieldCreateSchema),
    asyncHandler(async (req, res) => {
      res.status(201).json(presentField(await createField(actorOf(req.auth!), req.body)));
    }),
  );
  router.get(
    `/rest/v1/fields/:key(${FIELD_KEY_PATTERN})`,
    ...user,
    asyncHandler(async (req, res) => {
      res.json(presentField(await getField(req.auth!.tenantId, req.params.key)));
    }),
  );
  router.patch(
    `/rest/v1/fields/:key(${FIELD_KEY_PATTERN})`,
    ...admin,
    validateBody(fieldUpdateSchema),
    asyncHandler(async (req, res) => {
      res.json(presentField(await updateField(actorOf(req.auth!), req.params.key, req.body)));
    }),
  );
  router.delete(
    `/rest/v1/fields/:key(${FIELD_KEY_PATTERN})`,
    ...admin,
    asyncHandler(async (req, res) => {
      await deleteField(actorOf(req.auth!), req.params.key);
      res.status(204).end();
    }),
  );

  router.get('/rest/v1/field-types', ...user, (_req, res) => {
    res.json({
      types: FIELD_TYPES.map((type) => ({ type, label: FIELD_TYPE_LABELS[type], hasOptions: OPTION_TYPES.has(type), convertsTo: convertibleTypes(type) })),
    });
  });

  router.get(
    '/rest/v1/groups',
    ...admin,
    validateQuery(groupsQuerySchema),
    asyncHandler(async (req, res) => {
      const { query } = res.locals.query as z.infer<typeof groupsQuerySchema>;
      const found = await confluenceFor(addon, req.auth!).getJson<{ results: Array<{ id?: string; name: string }> }>('/rest/api/group/picker', {
        query,
        limit: '20',
      });
      res.json({ groups: (found?.results ?? []).map((g) => ({ id: g.id ?? g.name, name: g.name })) });
    }),
  );
  return router;
}
