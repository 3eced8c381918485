import { ApiError } from '../../api/errors';
import { allowedTypes, draftOf, fallbackTypes, fieldRequest, formErrors, helpCount, typeInfo, type FieldDraft } from './fieldForm';
import { optionItems, removeOption } from './options';
import { buildField } from './testBuilders';

const types = [
  { type: 'text' as const, label: 'Text', hasOptions: false, convertsTo: ['multiline' as const] },
  { type: 'select' as const, label: 'Single select', hasOptions: true, convertsTo: [] },
  { type: 'user' as const, label: 'User', hasOptions: false, convertsTo: ['multiuser' as const] },
];
const draft = (change: Partial<FieldDraft> = {}): FieldDraft => ({ ...draftOf(null, '7'), label: 'Floor', ...change });
const everywhere = () => true;

describe('the field form', () => {
  it('starts a new field as a shown text field in its category, an existing one with its values', () => {
    expect(draftOf(null, '7')).toMatchObject({ label: '', type: 'text', categoryId: '7', shownInProfile: true, required: false, options: [] });
    expect(draftOf(buildField({ label: 'Manager', type: 'user', orgChartSuperior: true }), '7')).toMatchObject({ label: 'Manager', type: 'user', categoryId: '1', orgChartSuperior: true });
  });

  it('offers every type for a new field, and only what the values convert to for an existing one', () => {
    expect(allowedTypes(null, types)).toEqual(['text', 'select', 'user']);
    expect(allowedTypes(buildField({ type: 'user' }), types)).toEqual(['user', 'multiuser']);
    // Without the server's list: the field's own type only, labelled all the same.
    expect(allowedTypes(buildField({ type: 'select' }), fallbackTypes())).toEqual(['select']);
    expect(typeInfo([], 'multiselect')).toMatchObject({ label: 'Multi select', hasOptions: true });
  });

  it('counts the help text against its 10,000 characters', () => {
    expect(helpCount('x'.repeat(1234))).toBe('1,234 / 10,000');
  });

  it('refuses an empty label before sending anything', () => {
    expect(fieldRequest(draft({ label: '  ' }), null, types)).toEqual({ kind: 'invalid', errors: { inputs: { label: 'Give the field a label.' }, options: {} } });
  });

  it('creates a field with its type, category and, for a select, its choices by label', () => {
    const request = fieldRequest(draft({ type: 'select', options: optionItems([{ id: 'x', label: 'Ground', retired: false }]) }), null, types);
    expect(request).toEqual({ kind: 'create', body: { label: 'Floor', helpText: '', required: false, shownInProfile: true, options: [{ label: 'Ground' }], type: 'select', categoryId: '7' } });
  });

  it('sends type, category and the superior flag of an edit only when they changed', () => {
    const manager = buildField({ key: 'manager', label: 'Manager', type: 'user' });
    expect(fieldRequest(draftOf(manager, '1'), manager, types)).toEqual({ kind: 'update', body: { label: 'Manager', helpText: '', required: false, shownInProfile: true } });
    const changed = fieldRequest({ ...draftOf(manager, '1'), type: 'user', categoryId: '2', orgChartSuperior: true }, manager, types);
    expect(changed).toEqual({ kind: 'update', body: expect.objectContaining({ categoryId: '2', orgChartSuperior: true }) });
    expect(changed.kind === 'update' && 'type' in changed.body).toBe(false);
  });

  it("puts the server's problems next to their inputs, choices by their index as sent, the rest at the form", () => {
    const options = removeOption(optionItems([{ id: 'a', label: 'A', retired: false }, { id: 'b', label: 'B', retired: false }, { id: 'c', label: 'B', retired: false }]), 0);
    const error = new ApiError(400, 'validation_failed', 'x', [
      { path: 'helpText', message: 'The help text is plain text: remove the markup "<b>"' },
      { path: 'options.1.label', message: 'The option "B" is listed twice' },
      { path: 'key', message: 'The key never changes' },
    ]);
    expect(formErrors(error, options, everywhere)).toEqual({ inputs: { helpText: 'The help text is plain text: remove the markup "<b>"', form: 'The key never changes' }, options: { 2: 'The option "B" is listed twice' } });
  });

  it('puts a conflict next to what it is about, or at the form when that input is not shown', () => {
    const taken = new ApiError(409, 'superior_field_taken', 'Manager is already the superior field');
    expect(formErrors(taken, [], everywhere).inputs).toEqual({ orgChartSuperior: 'Manager is already the superior field' });
    expect(formErrors(taken, [], (target) => target !== 'orgChartSuperior').inputs).toEqual({ form: 'Manager is already the superior field' });
    expect(formErrors(new ApiError(500, 'internal', 'Broken'), [], everywhere).inputs).toEqual({ form: 'Broken' });
  });
});
