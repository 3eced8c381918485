import { col, fn, Op, where, type Transaction } from 'sequelize';
import { categoryNotEmpty, duplicateCategory, notFound } from '../errors';
import { FieldCategory, ProfileField } from '../db/models';
import type { CategoryCreateInput, CategoryUpdateInput } from './schemas';
import { inStructureTransaction, placeAt, recordAudit, renumber, type Actor } from './structure';

export interface CategoryWithCount {
  category: FieldCategory;
  fieldCount: number;
}

async function fieldCounts(tenantId: string): Promise<Map<string, number>> {
  const rows = (await ProfileField.findAll({
    attributes: ['categoryId', [fn('COUNT', col('id')), 'count']],
    where: { tenantId },
    group: ['categoryId'],
    raw: true,
  })) as unknown as Array<{ categoryId: string; count: string }>;
  return new Map(rows.map((r) => [String(r.categoryId), Number(r.count)]));
}

/** The tenant's categories in order, with how many fields each holds. */
export async function listCategories(tenantId: string): Promise<CategoryWithCount[]> {
  const [categories, counts] = await Promise.all([FieldCategory.findAll({ where: { tenantId }, order: [['position', 'ASC'], ['id', 'ASC']] }), fieldCounts(tenantId)]);
  return categories.map((category) => ({ category, fieldCount: counts.get(String(category.id)) ?? 0 }));
}

/** One of the tenant's categories with its field count; 404 for an unknown or another tenant's id. */
export async function getCategory(tenantId: string, id: string): Promise<CategoryWithCount> {
  const category = await FieldCategory.findOne({ where: { tenantId, id } });
  if (!category) throw notFound(`Category ${id}`);
  return { category, fieldCount: await ProfileField.count({ where: { tenantId, categoryId: id } }) };
}

async function assertNameFree(tenantId: string, name: string, exceptId: string | undefined, transaction: Transaction): Promise<void> {
  const clash = await FieldCategory.findOne({
    where: {
      tenantId,
      ...(exceptId ? { id: { [Op.ne]: exceptId } } : {}),
      [Op.and]: [where(fn('lower', col('name')), name.toLowerCase())],
    },
    transaction,
  });
  if (clash) throw duplicateCategory(`A category named "${clash.name}" already exists.`);
}

/** Adds a category at the end. */
export async function createCategory(actor: Actor, input: CategoryCreateInput): Promise<CategoryWithCount> {
  return inStructureTransaction(actor.tenantId, async (transaction) => {
    await assertNameFree(actor.tenantId, input.name, undefined, transaction);
    const position = await FieldCategory.count({ where: { tenantId: actor.tenantId }, transaction });
    const category = await FieldCategory.create(
      { tenantId: actor.tenantId, name: input.name, position, restrictedToGroups: input.restrictedToGroups ?? [] },
      { transaction },
    );
    await recordAudit(actor, { action: 'category.created', subjectType: 'category', subjectId: String(category.id), details: { name: category.name } }, transaction);
    return { category, fieldCount: 0 };
  });
}

/** Renames, moves (0-based `position`) or re-restricts a category. */
export async function updateCategory(actor: Actor, id: string, input: CategoryUpdateInput): Promise<CategoryWithCount> {
  await inStructureTransaction(actor.tenantId, async (transaction) => {
    const categories = await FieldCategory.findAll({ where: { tenantId: actor.tenantId }, order: [['position', 'ASC'], ['id', 'ASC']], transaction });
    const category = categories.find((c) => String(c.id) === id);
    if (!category) throw notFound(`Category ${id}`);
    const before = { name: category.name, position: category.position, restrictedToGroups: category.restrictedToGroups };
    if (input.name !== undefined && input.name !== category.name) {
      await assertNameFree(actor.tenantId, input.name, id, transaction);
      category.name = input.name;
    }
    if (input.restrictedToGroups !== undefined) category.restrictedToGroups = input.restrictedToGroups;
    if (input.position !== undefined) await placeAt(categories, category, input.position, transaction);
    else if (category.changed()) await category.save({ transaction });
    await recordAudit(
      actor,
      { action: 'category.updated', subjectType: 'category', subjectId: id, details: { before, after: { name: category.name, position: category.position, restrictedToGroups: category.restrictedToGroups } } },
      transaction,
    );
  });
  return getCategory(actor.tenantId, id);
}

/** Deletes an empty category; refused while it holds fields. */
export async function deleteCategory(actor: Actor, id: string): Promise<void> {
  await inStructureTransaction(actor.tenantId, async (transaction) => {
    const category = await FieldCategory.findOne({ where: { tenantId: actor.tenantId, id }, transaction });
    if (!category) throw notFound(`Category ${id}`);
    const fieldCount = await ProfileField.count({ where: { tenantId: actor.tenantId, categoryId: id }, transaction });
    if (fieldCount > 0) {
      throw categoryNotEmpty(`The category "${category.name}" still holds ${fieldCount} field${fieldCount === 1 ? '' : 's'}: move or delete them first.`);
    }
    await category.destroy({ transaction });
    const rest = await FieldCategory.findAll({ where: { tenantId: actor.tenantId }, order: [['position', 'ASC'], ['id', 'ASC']], transaction });
    await renumber(rest, transaction);
    await recordAudit(actor, { action: 'category.deleted', subjectType: 'category', subjectId: id, details: { name: category.name } }, transaction);
  });
}
