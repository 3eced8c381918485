import { z } from 'zod';
import { categoryCreateSchema, categoryUpdateSchema, FIELD_KEY_PATTERN, fieldCreateSchema, fieldUpdateSchema } from '../../../profiles/schemas';
import { safeString } from '../../../safeText';
import { ID_PATTERN } from '../../validate';

/** A category by id (the route's path pattern already holds it to digits). */
const category = z.object({ id: safeString().regex(new RegExp(`^${ID_PATTERN}$`), 'must be an id') });
/** A field by key (the route's path pattern already holds it to a key). */
const field = z.object({ key: safeString().regex(new RegExp(`^${FIELD_KEY_PATTERN}$`), 'must be a field key') });

/** `GET /rest/v1/categories`, `GET /rest/v1/fields`, `GET /rest/v1/field-types`: no input. */
export const List = {};

export const CategoryCreate = { body: categoryCreateSchema };
export const CategoryGet = { params: category };
export const CategoryUpdate = { params: category, body: categoryUpdateSchema };
export const CategoryDelete = { params: category };

export const FieldCreate = { body: fieldCreateSchema };
export const FieldGet = { params: field };
export const FieldUpdate = { params: field, body: fieldUpdateSchema };
export const FieldDelete = { params: field };

/** `GET /rest/v1/groups?query=`: the group picker's search text, cut to 100 characters. */
export const GroupSearch = {
  query: z.object({ query: safeString().max(1000).default('').transform((q) => q.slice(0, 100)) }),
};
