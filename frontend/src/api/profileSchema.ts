/**
 * The profile schema: `/rest/v1/fields`, `/rest/v1/categories`, `/rest/v1/field-types` and the
 * group picker's `/rest/v1/groups`. Types from the server's schema and presenters (type-only
 * imports: nothing of the server reaches the bundle).
 */
import type { z } from 'zod';
import type { presentCategory, presentField, presentFieldType, presentGroup } from '../../../src/http/api/profileSchema/presenters';
import type { CategoryCreate, CategoryUpdate, FieldCreate, FieldUpdate } from '../../../src/http/api/profileSchema/schema';
import type { Call } from './call';
import type { Json } from './json';

export type Field = Json<ReturnType<typeof presentField>>;
export type FieldOption = Field['options'][number];
export type FieldTypeInfo = Json<ReturnType<typeof presentFieldType>>;
/** A field type's name (`text`, `select`, …; a field's `type` is one, typed as a string by the model). */
export type FieldTypeName = FieldTypeInfo['type'];
export type Category = Json<ReturnType<typeof presentCategory>>;
export type Group = Json<ReturnType<typeof presentGroup>>;
export type CategoryCreateInput = z.input<typeof CategoryCreate.body>;
export type CategoryUpdateInput = z.input<typeof CategoryUpdate.body>;
export type FieldCreateInput = z.input<typeof FieldCreate.body>;
export type FieldUpdateInput = z.input<typeof FieldUpdate.body>;

const fieldPath = (key: string) => `/rest/v1/fields/${encodeURIComponent(key)}`;
const categoryPath = (id: string) => `/rest/v1/categories/${encodeURIComponent(id)}`;

export function fieldsApi(call: Call) {
  return {
    /** Every field of the site's profile schema, in order. */
    list: async () => (await call<{ fields: Field[] }>({ method: 'GET', path: '/rest/v1/fields' })).fields,
    create: (input: FieldCreateInput) => call<Field>({ method: 'POST', path: '/rest/v1/fields', body: { json: input } }),
    /** Changes a field (label, type, category, position, help, flags, options); the key never changes. */
    update: (key: string, input: FieldUpdateInput) => call<Field>({ method: 'PATCH', path: fieldPath(key), body: { json: input } }),
    /** Deletes a field and its values (default fields are refused). */
    remove: (key: string) => call<null>({ method: 'DELETE', path: fieldPath(key) }),
    /** The field types: label, whether they have options, what a field of each may change to. */
    types: async () => (await call<{ types: FieldTypeInfo[] }>({ method: 'GET', path: '/rest/v1/field-types' })).types,
  };
}

export function categoriesApi(call: Call) {
  return {
    /** The categories in order, each with its groups and field count. */
    list: async () => (await call<{ categories: Category[] }>({ method: 'GET', path: '/rest/v1/categories' })).categories,
    create: (input: CategoryCreateInput) => call<Category>({ method: 'POST', path: '/rest/v1/categories', body: { json: input } }),
    /** Renames, moves, or restricts a category to groups (an empty list: everyone sees it). */
    update: (id: string, input: CategoryUpdateInput) => call<Category>({ method: 'PATCH', path: categoryPath(id), body: { json: input } }),
    /** Deletes an empty category (one that holds fields is refused: `category_not_empty`). */
    remove: (id: string) => call<null>({ method: 'DELETE', path: categoryPath(id) }),
    /** Confluence's groups whose name contains `query` (the group picker). */
    searchGroups: async (query: string) => (await call<{ groups: Group[] }>({ method: 'GET', path: '/rest/v1/groups', query: { query } })).groups,
  };
}
