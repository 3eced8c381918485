import { changedValues, comparable, conflictsOf, draftOf, fieldOfPath, listText, refreshedNoteText, refreshNotice, savedText, valueLabel, valueOf, type Draft, type FormField } from './formValues';

const field = (key: string, type: string, value: unknown, extra: Partial<FormField> = {}): FormField => ({ key, label: key, type, value, editable: true, writesBack: false, origin: null, ...extra }) as FormField;

describe("the edit form's values", () => {
  it('puts a value into its control and reads it back, empty as null', () => {
    const text = field('position', 'text', 'Engineer');
    expect(valueOf(text, draftOf(text, text.value))).toBe('Engineer');
    expect(valueOf(text, { kind: 'text', text: '  ' })).toBeNull();
    expect(valueOf(field('bio', 'multiline', null), { kind: 'text', text: ' two\nlines ' })).toBe(' two\nlines ');
    const colours = field('colours', 'multiselect', ['o1']);
    expect(draftOf(colours, colours.value)).toEqual({ kind: 'options', ids: ['o1'] });
    expect(valueOf(colours, { kind: 'options', ids: [] })).toBeNull();
  });

  it('names the people of a user field, and sends one id for a user field, a list for a multi-user one', () => {
    const buddy = field('buddy', 'user', 'u1', { people: [{ accountId: 'u1', displayName: 'Bo User' }] });
    expect(draftOf(buddy, buddy.value)).toEqual({ kind: 'people', people: [{ accountId: 'u1', displayName: 'Bo User' }] });
    expect(draftOf(buddy, 'u2')).toEqual({ kind: 'people', people: [{ accountId: 'u2', displayName: 'u2' }] });
    expect(valueOf(buddy, { kind: 'people', people: [] })).toBeNull();
    expect(valueOf(field('team', 'multiuser', null), { kind: 'people', people: [{ accountId: 'a', displayName: 'A' }] })).toEqual(['a']);
  });

  it('sends only what changed (a list in another order, a number as text and CRLF line ends are no change), never a read-only field', () => {
    const fields = [field('a', 'text', 'x'), field('b', 'multiselect', ['o1', 'o2']), field('c', 'number', 5), field('d', 'multiline', 'a\r\nb'), field('e', 'text', 'old', { editable: false }), field('f', 'user', null)];
    const drafts = { a: draftOf(fields[0], 'x'), b: draftOf(fields[1], ['o2', 'o1']), c: { kind: 'text', text: '5' }, d: { kind: 'text', text: 'a\nb' }, e: { kind: 'text', text: 'new' }, f: { kind: 'people', people: [{ accountId: 'u1', displayName: 'U' }] } } satisfies Record<string, Draft>;
    expect(changedValues(fields, { ...drafts })).toEqual({ f: 'u1' });
    expect(changedValues(fields, { ...drafts, a: { kind: 'text', text: '' } })).toEqual({ a: null, f: 'u1' });
    expect(comparable([], 'multiselect')).toBe('null');
  });

  it('shows a value in a conflict by its option labels, or as text', () => {
    const colour = field('colour', 'select', 'o2', { options: [{ id: 'o1', label: 'Red', retired: false }, { id: 'o2', label: 'Blue', retired: false }] });
    expect([valueLabel(colour, 'o2'), valueLabel(colour, 'gone'), valueLabel(colour, null), valueLabel(field('p', 'phone', null), '+41')]).toEqual(['Blue', 'gone', '(empty)', '+41']);
  });

  it("reads a directory conflict's details and a problem's field", () => {
    expect(conflictsOf([{ field: 'phone', label: 'Phone', yours: '1', directory: '2', whenOpened: '0' }, 'x', null])).toHaveLength(1);
    expect(conflictsOf({ field: 'phone' })).toEqual([]);
    expect([fieldOfPath('values.phone'), fieldOfPath('version')]).toEqual(['phone', null]);
  });
});

describe('what the form says about the directory', () => {
  it("names the directory's newer values above the form, and under each field what it was", () => {
    const refreshed = { previous: 'Engineer', sourceName: 'Corp LDAP' };
    expect(refreshNotice([field('phone', 'phone', '2', { label: 'Phone', refreshed: { previous: '1', sourceName: 'Corp LDAP' } }), field('position', 'text', 'Staff', { label: 'Position', refreshed })])).toEqual({
      title: 'Corp LDAP has newer values',
      text: 'Phone and Position changed in Corp LDAP since the last sync. The form shows the new values: click Save to accept these changes.',
    });
    expect(refreshNotice([field('a', 'text', 'x')])).toBeNull();
    expect(refreshedNoteText(refreshed)).toBe('Changed in Corp LDAP since the last sync; was “Engineer”.');
    expect(refreshedNoteText({ previous: null, sourceName: null })).toBe('Changed in the directory since the last sync; was empty.');
    expect(listText(['a', 'b', 'c'])).toBe('a, b and c');
  });

  it('says what a save stored and where it wrote', () => {
    expect(savedText({ own: true, writtenTo: [], refreshedFrom: [] })).toBe('Your changes are saved.');
    expect(savedText({ own: true, writtenTo: ['Corp LDAP', 'Corp LDAP'], refreshedFrom: [] })).toBe('Your changes are saved, and written to Corp LDAP.');
    expect(savedText({ own: false, writtenTo: [], refreshedFrom: ['Corp LDAP'] })).toBe('The new values from Corp LDAP are saved.');
    expect(savedText({ own: true, writtenTo: [], refreshedFrom: ['Corp LDAP'] })).toBe('Your changes are saved. The new values from Corp LDAP are saved too.');
  });
});
