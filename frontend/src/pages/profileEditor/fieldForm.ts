/**
 * The field form's rules: what it starts with, the types it offers, the request it sends, and
 * where each of the server's problems shows. Pure, unit-tested in fieldForm.test.ts.
 */
import type { ApiError } from '../../api/errors';
import type { Field, FieldCreateInput, FieldTypeInfo, FieldTypeName, FieldUpdateInput } from '../../api/profileSchema';
import { FIELD_TYPE_LABELS, isFieldType } from '../../components/fieldTypes';
import { collectOptions, optionItems, sentIndexes, type OptionItem } from './options';

/** The server's limit of a help text (MAX_HELP_TEXT_LENGTH in src/profiles/schemas.ts). */
export const HELP_MAX = 10_000;


/** A field's type by name (the model types it as a string): one of the known ones, else text. */
export function asFieldType(type: string): FieldTypeName {
  return isFieldType(type) ? type : 'text';
}

/** A type's description: the server's, or (without it) a stand-in that converts to nothing. */
export function typeInfo(types: FieldTypeInfo[], type: string): FieldTypeInfo {
  const name = asFieldType(type);
  return types.find((t) => t.type === type) ?? { type: name, label: FIELD_TYPE_LABELS[name], hasOptions: name === 'select' || name === 'multiselect', convertsTo: [] };
}

/** The stand-in list of types when the server's could not be loaded. */
export function fallbackTypes(): FieldTypeInfo[] {
  return (Object.keys(FIELD_TYPE_LABELS) as FieldTypeName[]).map((type) => typeInfo([], type));
}

/** What the form holds while open. */
export interface FieldDraft {
  label: string;
  type: FieldTypeName;
  categoryId: string;
  helpText: string;
  required: boolean;
  shownInProfile: boolean;
  orgChartSuperior: boolean;
  options: OptionItem[];
}

/** The form's start: the field's values when editing, a text field in `categoryId` when adding. */
export function draftOf(field: Field | null, categoryId: string): FieldDraft {
  return {
    label: field?.label ?? '',
    type: asFieldType(field?.type ?? 'text'),
    categoryId: field?.categoryId ?? categoryId,
    helpText: field?.helpText ?? '',
    required: field?.required ?? false,
    shownInProfile: field?.shownInProfile ?? true,
    orgChartSuperior: field?.orgChartSuperior ?? false,
    options: optionItems(field?.options ?? []),
  };
}

/** The types offered: every type for a new field; an existing one's own and what its values convert to. */
export function allowedTypes(field: Field | null, types: FieldTypeInfo[]): FieldTypeName[] {
  return field ? [asFieldType(field.type), ...typeInfo(types, field.type).convertsTo] : types.map((t) => t.type);
}

/** "1,234 / 10,000": the help text's length against the limit. */
export function helpCount(text: string): string {
  return `${text.length.toLocaleString('en')} / ${HELP_MAX.toLocaleString('en')}`;
}

/** The inputs a problem can show at; `form` is the form-level message. */
export type ErrorTarget = 'label' | 'type' | 'categoryId' | 'helpText' | 'required' | 'shownInProfile' | 'orgChartSuperior' | 'options' | 'form';

export interface FormErrors {
  /** By input. */
  inputs: Partial<Record<ErrorTarget, string>>;
  /** By the index of an option in the form's list. */
  options: Record<number, string>;
}

export const NO_ERRORS: FormErrors = { inputs: {}, options: {} };

/** The request of a filled-in form, or the problems that keep it from being sent. */
export type FieldRequest = { kind: 'create'; body: FieldCreateInput } | { kind: 'update'; body: FieldUpdateInput } | { kind: 'invalid'; errors: FormErrors };

/**
 * Builds the create or update request. An update sends the type and category only when they
 * changed, the superior flag only for a user field and when it changed.
 */
export function fieldRequest(draft: FieldDraft, field: Field | null, types: FieldTypeInfo[]): FieldRequest {
  const label = draft.label.trim();
  if (!label) return { kind: 'invalid', errors: { inputs: { label: 'Give the field a label.' }, options: {} } };
  let options: FieldCreateInput['options'];
  if (typeInfo(types, draft.type).hasOptions) {
    const collected = collectOptions(draft.options, !!field);
    if (collected.problem !== null) return { kind: 'invalid', errors: { inputs: { options: collected.problem }, options: {} } };
    options = collected.options;
  }
  const common = { label, helpText: draft.helpText, required: draft.required, shownInProfile: draft.shownInProfile, ...(options ? { options } : {}) };
  if (!field) return { kind: 'create', body: { ...common, type: draft.type, categoryId: draft.categoryId } };
  const body: FieldUpdateInput = { ...common };
  if (draft.type !== field.type) body.type = draft.type;
  if (draft.categoryId !== field.categoryId) body.categoryId = draft.categoryId;
  if (draft.type === 'user' && draft.orgChartSuperior !== field.orgChartSuperior) body.orgChartSuperior = draft.orgChartSuperior;
  return { kind: 'update', body };
}

/** Where a 409 belongs when the server names no input. */
const CONFLICT_TARGETS: Record<string, ErrorTarget> = {
  option_in_use: 'options',
  type_change_refused: 'type',
  superior_field_taken: 'orgChartSuperior',
};

const TARGETS = new Set<string>(['label', 'type', 'categoryId', 'helpText', 'required', 'shownInProfile', 'orgChartSuperior', 'options']);

/**
 * Puts a refused save's problems next to their inputs: each `details[].path` at the input it names
 * (`options.N…` at choice N as sent), a conflict at what it is about, the rest at the form.
 * `shown` says which inputs the form shows now (a problem of a hidden one goes to the form).
 */
export function formErrors(error: ApiError, options: OptionItem[], shown: (target: ErrorTarget) => boolean): FormErrors {
  const result: FormErrors = { inputs: {}, options: {} };
  const add = (target: ErrorTarget, message: string) => {
    const at = target === 'form' || shown(target) ? target : 'form';
    result.inputs[at] = result.inputs[at] ? `${result.inputs[at]} ${message}` : message;
  };
  const problems = error.fieldProblems;
  if (!problems.length) {
    add(CONFLICT_TARGETS[error.code] ?? 'form', error.message);
    return result;
  }
  const indexes = sentIndexes(options);
  for (const problem of problems) {
    const [first, second] = problem.path.split('.');
    const option = first === 'options' && second !== undefined ? indexes.indexOf(Number(second)) : -1;
    if (option >= 0 && /^\d+$/.test(second)) result.options[option] = result.options[option] ? `${result.options[option]} ${problem.message}` : problem.message;
    else add(TARGETS.has(first) ? (first as ErrorTarget) : 'form', problem.message);
  }
  return result;
}
