import { attributeOptionText, causeText, chosenAttribute, testAttributes, testProblems } from './writeTest';

const FIELDS = [
  { key: 'phone', label: 'Phone' },
  { key: 'im', label: 'IM' },
  { key: 'position', label: 'Position' },
  { key: 'office', label: 'Office' },
];

describe('the attributes the write-access test offers', () => {
  const edits = {
    phone: { attribute: 'telephoneNumber', writeBack: true },
    im: { attribute: '', writeBack: true },
    position: { attribute: 'title', writeBack: false },
    office: { attribute: 'TelephoneNumber', writeBack: false },
  };
  const writable = (key: string) => key !== 'office';

  it('offers what the form maps, in the fields’ order, each attribute once, then the picture', () => {
    const list = testAttributes(FIELDS, edits, writable, { attribute: 'jpegPhoto', writeBack: true });
    expect(list.map(attributeOptionText)).toEqual(['telephoneNumber (Phone, written back)', 'title (Position)', 'jpegPhoto (Picture, written back)']);
  });

  it('counts a tick only where the field can be written back', () => {
    expect(testAttributes([FIELDS[3]], { office: { attribute: 'l', writeBack: true } }, writable, null)).toEqual([{ attribute: 'l', label: 'Office', writeBack: false }]);
  });

  it('picks the first attribute written back, keeps the admin’s choice while it is offered, and falls back to typing one', () => {
    const list = testAttributes(FIELDS, { ...edits, phone: { attribute: 'telephoneNumber', writeBack: false } }, writable, { attribute: 'jpegPhoto', writeBack: true });
    expect(chosenAttribute(list, null)).toBe('jpegPhoto');
    expect(chosenAttribute(list, 'title')).toBe('title');
    expect(chosenAttribute(list, '')).toBe('');
    expect(chosenAttribute(list, 'gone')).toBe('jpegPhoto');
    expect(chosenAttribute(testAttributes(FIELDS, { position: { attribute: 'title', writeBack: false } }, writable, null), null)).toBe('title');
    expect(chosenAttribute([], null)).toBe('');
  });
});

describe('the write-access test’s checks', () => {
  it('asks for a person from the list and an attribute name', () => {
    expect(testProblems(null, '')).toEqual({ person: 'Choose a Confluence user from the list.', attribute: 'Choose a mapped attribute, or enter one.' });
    expect(testProblems({ accountId: 'a' }, 'tele phone')).toEqual({ attribute: '"tele phone" must be an LDAP attribute name like mail or telephoneNumber' });
    expect(testProblems({ accountId: 'a' }, 'mail')).toEqual({});
  });

  it('writes the usual causes as sentences', () => {
    expect(causeText('a local user with no directory entry')).toBe('A local user with no directory entry');
  });
});
