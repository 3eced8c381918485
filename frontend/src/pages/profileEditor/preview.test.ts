import { fieldCount, hiddenNote, sampleKind, sampleValue } from './preview';
import { buildField } from './testBuilders';

describe('the preview', () => {
  it('shows a made-up value of the type, for a select the first choice still offered', () => {
    expect(sampleValue(buildField({ type: 'email' }))).toBe('alex@example.com');
    const options = [{ id: '1', label: 'Ground', retired: true }, { id: '2', label: 'Second floor', retired: false }, { id: '3', label: 'First', retired: false }];
    expect(sampleValue(buildField({ type: 'select', options }))).toBe('Second floor');
    expect(sampleValue(buildField({ type: 'multiselect', options }))).toBe('Second floor, First');
    expect(sampleValue(buildField({ type: 'select' }))).toBe('One of the choices');
    expect(sampleValue(buildField({ type: 'unknown' }))).toBe('A value');
  });

  it('draws people as people and addresses as links', () => {
    expect([sampleKind('multiuser'), sampleKind('url'), sampleKind('number')]).toEqual(['person', 'link', 'text']);
  });

  it('counts fields and hidden fields in words', () => {
    expect([fieldCount(1), fieldCount(0), fieldCount(3)]).toEqual(['1 field', '0 fields', '3 fields']);
    expect([hiddenNote(0), hiddenNote(1), hiddenNote(2)]).toEqual(['', '1 hidden field is not shown.', '2 hidden fields are not shown.']);
  });
});
