import { Router } from 'express';
import type { AdminCheck } from '../../../connect/adminCheck';
import type { Addon } from '../../../connect/addon';
import { authenticateRest, requireAdmin } from '../../../connect/auth';
import { siteDirectory } from '../../../connect/connectConfluenceDirectory';
import { createCategory, deleteCategory, getCategory, listCategories, updateCategory } from '../../../profiles/categories';
import { createField, deleteField, getField, listFields, updateField } from '../../../profiles/fields';
import { FIELD_TYPES } from '../../../profiles/fieldTypes';
import { FIELD_KEY_PATTERN } from '../../../profiles/schemas';
import { actorOf, handle, ID_PATTERN } from '../../validate';
import { presentCategory, presentField, presentFieldType, presentGroup } from './presenters';
import * as T from './schema';

/** Groups the picker offers at most. */
const GROUP_PICKER_LIMIT = 20;

/**
 * The Profile Editor's REST calls: categories, fields, field types and the group picker.
 * Reading the structure is open to every user of the site; changing it needs a Confluence admin.
 */
export function profileSchemaRouter(addon: Addon, adminCheck: AdminCheck): Router {
  const router = Router();
  const user = authenticateRest(addon);
  const admin = [...user, requireAdmin(addon, adminCheck)];
  const category = `/rest/v1/categories/:id(${ID_PATTERN})`;
  const field = `/rest/v1/fields/:key(${FIELD_KEY_PATTERN})`;

  router.get(
    '/rest/v1/categories',
    ...user,
    ...handle(T.List, async (req, res) => {
      const categories = await listCategories(req.auth.tenantId);
      res.json({ categories: categories.map((c) => presentCategory(c.category, c.fieldCount)) });
    }),
  );
  router.post(
    '/rest/v1/categories',
    ...admin,
    ...handle(T.CategoryCreate, async (req, res) => {
      const { category, fieldCount } = await createCategory(actorOf(req.auth), req.input.body);
      res.status(201).json(presentCategory(category, fieldCount));
    }),
  );
  router.get(
    category,
    ...user,
    ...handle(T.CategoryGet, async (req, res) => {
      const { category, fieldCount } = await getCategory(req.auth.tenantId, req.input.params.id);
      res.json(presentCategory(category, fieldCount));
    }),
  );
  router.patch(
    category,
    ...admin,
    ...handle(T.CategoryUpdate, async (req, res) => {
      const { category, fieldCount } = await updateCategory(actorOf(req.auth), req.input.params.id, req.input.body);
      res.json(presentCategory(category, fieldCount));
    }),
  );
  router.delete(
    category,
    ...admin,
    ...handle(T.CategoryDelete, async (req, res) => {
      await deleteCategory(actorOf(req.auth), req.input.params.id);
      res.status(204).end();
    }),
  );

  router.get(
    '/rest/v1/fields',
    ...user,
    ...handle(T.List, async (req, res) => {
      res.json({ fields: (await listFields(req.auth.tenantId)).map(presentField) });
    }),
  );
  router.post(
    '/rest/v1/fields',
    ...admin,
    ...handle(T.FieldCreate, async (req, res) => {
      res.status(201).json(presentField(await createField(actorOf(req.auth), req.input.body)));
    }),
  );
  router.get(
    field,
    ...user,
    ...handle(T.FieldGet, async (req, res) => {
      res.json(presentField(await getField(req.auth.tenantId, req.input.params.key)));
    }),
  );
  router.patch(
    field,
    ...admin,
    ...handle(T.FieldUpdate, async (req, res) => {
      res.json(presentField(await updateField(actorOf(req.auth), req.input.params.key, req.input.body)));
    }),
  );
  router.delete(
    field,
    ...admin,
    ...handle(T.FieldDelete, async (req, res) => {
      await deleteField(actorOf(req.auth), req.input.params.key);
      res.status(204).end();
    }),
  );

  router.get(
    '/rest/v1/field-types',
    ...user,
    ...handle(T.List, async (_req, res) => {
      res.json({ types: FIELD_TYPES.map(presentFieldType) });
    }),
  );

  router.get(
    '/rest/v1/groups',
    ...admin,
    ...handle(T.GroupSearch, async (req, res) => {
      const groups = await siteDirectory(addon, req.auth).pickGroups(req.input.query.query, GROUP_PICKER_LIMIT);
      res.json({ groups: groups.map(presentGroup) });
    }),
  );
  return router;
}
