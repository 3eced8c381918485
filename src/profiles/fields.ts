import crypto from 'node:crypto';
import { Op, QueryTypes, type Transaction } from 'sequelize';
import { badRequest, builtinField, duplicateKey, notFound, optionInUse, superiorFieldTaken, typeChangeRefused } from '../errors';
import { FieldCategory, Profile, ProfileField, type FieldOption } from '../db/models';
import { convertValue, convertibleTypes, FIELD_TYPE_LABELS, OPTION_TYPES, type FieldType } from './fieldTypes';
import type { FieldCreateInput, FieldUpdateInput } from './schemas';
import { inStructureTransaction, placeAt, recordAudit, renumber, type Actor } from './structure';
import { keyFromLabel } from './text';

const byPosition: [string, string][] = [
  ['position', 'ASC'],
  ['id', 'ASC'],
];

/** The tenant's fields, ordered by their category's position, then their own. */
export async function listFields(tenantId: string): Promise<ProfileField[]> {
  const [categories, fields] = await Promise.all([
    FieldCategory.findAll({ attributes: ['id', 'position'], where: { tenantId } }),
    ProfileField.findAll({ where: { tenantId }, order: byPosition }),
  ]);
  const categoryPosition = new Map(categories.map((c) => [String(c.id), c.position]));
  return fields.sort((a, b) => (categoryPosition.get(String(a.categoryId)) ?? 0) - (categoryPosition.get(String(b.categoryId)) ?? 0) || a.position - b.position);
}

/** One of the tenant's fields by key; 404 for an unknown key. */
export async function getField(tenantId: string, key: string, transaction?: Transaction): Promise<ProfileField> {
  const field = await ProfileField.findOne({ where: { tenantId, key }, transaction });
  if (!field) throw notFound(`Field "${key}"`);
  return field;
}

async function getCategoryIn(tenantId: string, id: string, transaction: Transaction): Promise<FieldCategory> {
  const category = await FieldCategory.findOne({ where: { tenantId, id }, transaction });
  if (!category) throw notFound(`Category ${id}`);
  return category;
}

const newOptionId = () => `o${crypto.randomBytes(5).toString('hex')}`;

/** Creates a field at the end of its category; the key comes from the label unless given. */
export async function createField(actor: Actor, input: FieldCreateInput): Promise<ProfileField> {
  const type = input.type as FieldType;
  if (input.options?.length && !OPTION_TYPES.has(type)) throw badRequest(`A ${FIELD_TYPE_LABELS[type]} field has no options.`, [{ path: 'options', message: 'Only select fields have options' }]);
  return inStructureTransaction(actor.tenantId, async (transaction) => {
    await getCategoryIn(actor.tenantId, input.categoryId, transaction);
    const taken = new Set((await ProfileField.findAll({ attributes: ['key'], where: { tenantId: actor.tenantId }, transaction })).map((f) => f.key));
    if (input.key && taken.has(input.key)) throw duplicateKey(`A field with the key "${input.key}" already exists.`, [{ path: 'key', message: 'This key is taken' }]);
    const key = input.key ?? keyFromLabel(input.label, taken);
    const position = await ProfileField.count({ where: { tenantId: actor.tenantId, categoryId: input.categoryId }, transaction });
    const field = await ProfileField.create(
      {
        tenantId: actor.tenantId,
        key,
        label: input.label,
        type,
        categoryId: input.categoryId,
        helpText: input.helpText ?? '',
        position,
        required: input.required ?? false,
        shownInProfile: input.shownInProfile ?? true,
        options: (input.options ?? []).map((o) => ({ id: newOptionId(), label: o.label, retired: false })),
      },
      { transaction },
    );
    await recordAudit(actor, { action: 'field.created', subjectType: 'field', subjectId: key, details: { label: field.label, type } }, transaction);
    return field;
  });
}

/** Profiles of the tenant that hold a value for `key`, as (id, value) rows. */
async function storedValues(tenantId: string, key: string, transaction: Transaction): Promise<Array<{ id: string; value: unknown }>> {
  return ProfileField.sequelize!.query<{ id: string; value: unknown }>(`SELECT id, "values" -> :key AS value FROM profiles WHERE tenant_id = :tenantId AND jsonb_exists("values", :key)`, {
    replacements: { tenantId, key },
    type: QueryTypes.SELECT,
    transaction,
  });
}

/** Converts every stored value of the field to the new type, or refuses the change naming why. */
async function changeType(field: ProfileField, to: FieldType, transaction: Transaction): Promise<void> {
  const from = field.type as FieldType;
  if (field.builtin) throw typeChangeRefused(`"${field.label}" is a default field: its type cannot change.`);
  if (!convertibleTypes(from).includes(to)) {
    throw typeChangeRefused(`A ${FIELD_TYPE_LABELS[from]} field cannot become a ${FIELD_TYPE_LABELS[to]} field.`, { convertsTo: convertibleTypes(from) });
  }
  const rows = await storedValues(field.tenantId, field.key, transaction);
  const converted: Array<{ id: string; value: unknown }> = [];
  const failures: Array<{ value: unknown; reason: string }> = [];
  for (const row of rows) {
    const result = convertValue(from, to, row.value, field.options);
    if (result.ok) converted.push({ id: row.id, value: result.value });
    else failures.push({ value: row.value, reason: result.message });
  }
  if (failures.length > 0) {
    const example = failures[0];
    throw typeChangeRefused(
      `${failures.length} stored value${failures.length === 1 ? '' : 's'} of "${field.label}" cannot become ${FIELD_TYPE_LABELS[to]}: for example ${JSON.stringify(example.value)} ${example.reason}.`,
      { failures: failures.length, examples: failures.slice(0, 5) },
    );
  }
  for (const row of converted) {
    await Profile.sequelize!.query(
      `UPDATE profiles SET "values" = CASE WHEN jsonb_typeof(CAST(:value AS jsonb)) = 'null' THEN "values" - :key ELSE jsonb_set("values", ARRAY[:key], CAST(:value AS jsonb)) END, updated_at = now() WHERE id = :id`,
      { replacements: { key: field.key, value: JSON.stringify(row.value), id: row.id }, transaction },
    );
  }
  field.type = to;
}

/** Applies a new option list: renames, reorders, retires, adds; refuses removing an option in use. */
async function changeOptions(field: ProfileField, next: NonNullable<FieldUpdateInput['options']>, transaction: Transaction): Promise<void> {
  if (!OPTION_TYPES.has(field.type as FieldType)) throw badRequest(`A ${FIELD_TYPE_LABELS[field.type as FieldType]} field has no options.`, [{ path: 'options', message: 'Only select fields have options' }]);
  const current = new Map(field.options.map((o) => [o.id, o]));
  for (const [i, o] of next.entries()) {
    if (o.id && !current.has(o.id)) throw badRequest(`The field has no option "${o.id}".`, [{ path: `options.${i}.id`, message: 'Unknown option' }]);
  }
  const kept = new Set(next.filter((o) => o.id).map((o) => o.id));
  const removed = field.options.filter((o) => !kept.has(o.id));
  if (removed.length > 0) {
    const rows = await storedValues(field.tenantId, field.key, transaction);
    for (const option of removed) {
      const users = rows.filter((r) => r.value === option.id || (Array.isArray(r.value) && r.value.includes(option.id))).length;
      if (users > 0) {
        throw optionInUse(`The option "${option.label}" is used by ${users} profile${users === 1 ? '' : 's'}: retire it instead of removing it.`, {
          optionId: option.id,
          profiles: users,
        });
      }
    }
  }
  field.options = next.map((o): FieldOption => ({ id: o.id ?? newOptionId(), label: o.label, retired: o.retired ?? (o.id ? current.get(o.id)!.retired : false) }));
}

/** Changes a field's definition; every rule of the Profile Editor is enforced here. */
export async function updateField(actor: Actor, key: string, input: FieldUpdateInput): Promise<ProfileField> {
  return inStructureTransaction(actor.tenantId, async (transaction) => {
    const field = await getField(actor.tenantId, key, transaction);
    const before = field.get({ plain: true });

    if (input.type !== undefined && input.type !== field.type) await changeType(field, input.type, transaction);
    if (input.options !== undefined) await changeOptions(field, input.options, transaction);
    if (input.label !== undefined) field.label = input.label;
    if (input.helpText !== undefined) field.helpText = input.helpText;
    if (input.required !== undefined) field.required = input.required;
    if (input.shownInProfile !== undefined) field.shownInProfile = input.shownInProfile;

    const superior = input.orgChartSuperior ?? field.orgChartSuperior;
    if (superior && field.type !== 'user') {
      throw badRequest('Only a User field can be the org chart\'s superior field.', [{ path: 'orgChartSuperior', message: 'Only a User field can be the superior field' }]);
    }
    if (input.orgChartSuperior === true && !field.orgChartSuperior) {
      const current = await ProfileField.findOne({ where: { tenantId: actor.tenantId, orgChartSuperior: true, id: { [Op.ne]: field.id } }, transaction });
      if (current) throw superiorFieldTaken(`"${current.label}" is already the org chart's superior field: unmark it first.`, { key: current.key });
    }
    field.orgChartSuperior = superior;

    const targetCategory = input.categoryId ?? String(field.categoryId);
    if (targetCategory !== String(field.categoryId) || input.position !== undefined) {
      await getCategoryIn(actor.tenantId, targetCategory, transaction);
      const sourceCategory = String(field.categoryId);
      field.categoryId = targetCategory;
      const siblings = await ProfileField.findAll({ where: { tenantId: actor.tenantId, categoryId: targetCategory }, order: byPosition, transaction });
      await placeAt(siblings, field, input.position ?? siblings.length, transaction);
      if (sourceCategory !== targetCategory) {
        const left = await ProfileField.findAll({ where: { tenantId: actor.tenantId, categoryId: sourceCategory }, order: byPosition, transaction });
        await renumber(left, transaction);
      }
    } else if (field.changed()) {
      await field.save({ transaction });
    }

    const after = field.get({ plain: true });
    const changes = Object.fromEntries(
      Object.keys(after)
        .filter((k) => !['updatedAt', 'createdAt'].includes(k) && JSON.stringify(after[k as keyof typeof after]) !== JSON.stringify(before[k as keyof typeof before]))
        .map((k) => [k, { before: before[k as keyof typeof before], after: after[k as keyof typeof after] }]),
    );
    if (Object.keys(changes).length > 0) await recordAudit(actor, { action: 'field.updated', subjectType: 'field', subjectId: key, details: changes }, transaction);
    return field;
  });
}

/** Deletes a field and its stored values from every profile; the six default fields are refused. */
export async function deleteField(actor: Actor, key: string): Promise<{ profilesCleared: number }> {
  return inStructureTransaction(actor.tenantId, async (transaction) => {
    const field = await getField(actor.tenantId, key, transaction);
    if (field.builtin) throw builtinField(`"${field.label}" is one of the six default fields: it can be renamed, moved or hidden, never deleted.`);
    const [, cleared] = (await Profile.sequelize!.query(
      `UPDATE profiles SET "values" = "values" - :key, value_sources = value_sources - :key, updated_at = now() WHERE tenant_id = :tenantId AND (jsonb_exists("values", :key) OR jsonb_exists(value_sources, :key))`,
      { replacements: { key, tenantId: actor.tenantId }, transaction, type: QueryTypes.UPDATE },
    )) as unknown as [unknown, number];
    await field.destroy({ transaction });
    const siblings = await ProfileField.findAll({ where: { tenantId: actor.tenantId, categoryId: field.categoryId }, order: byPosition, transaction });
    await renumber(siblings, transaction);
    await recordAudit(
      actor,
      { action: 'field.deleted', subjectType: 'field', subjectId: key, details: { definition: field.get({ plain: true }), profilesCleared: cleared } },
      transaction,
    );
    return { profilesCleared: cleared };
  });
}

