import { attributeProblem, canWriteBack, fieldList, rowHint, suggestionsFor, XML_PATH_SUGGESTIONS } from './rules';

describe('which fields a source may write back', () => {
  it('writes back text-like fields only, as the server allows', () => {
    for (const type of ['text', 'multiline', 'email', 'phone', 'url', 'number', 'date']) expect(canWriteBack({ type })).toBe(true);
    for (const type of ['select', 'multiselect', 'user', 'multiuser']) expect(canWriteBack({ type })).toBe(false);
    expect(canWriteBack(null)).toBe(false);
  });
});

describe('attribute names and record paths are checked before they are sent', () => {
  it('takes LDAP attribute names and numeric OIDs', () => {
    for (const name of ['mail', 'telephoneNumber', 'x-custom-1', '2.5.4.12', ' title ']) expect(attributeProblem('ldap', name)).toBeNull();
  });

  it("refuses what LDAP would not, in the server's words", () => {
    expect(attributeProblem('ldap', 'address/city')).toBe('"address/city" must be an LDAP attribute name like mail or telephoneNumber');
    for (const name of ['1mail', 'mail;binary', 'tele phone', '2.', 'x'.repeat(129)]) expect(attributeProblem('ldap', name)).not.toBeNull();
  });

  it('takes record paths: child elements, nested ones, an attribute of the record or of an element', () => {
    for (const path of ['mail', 'address/city', '@id', 'address/@type', 'ns:name', 'first.name']) expect(attributeProblem('xml', path)).toBeNull();
  });

  it('refuses paths that are not, and anything too long', () => {
    expect(attributeProblem('xml', '/root/mail')).toBe('"/root/mail" must be an element path like mail, address/city or @id');
    for (const path of ['address//city', '@id/child', 'a/@b/c', '9lives']) expect(attributeProblem('xml', path)).not.toBeNull();
    expect(attributeProblem('ldap', `a${'b'.repeat(300)}`)).toMatch(/longer than 300 characters/);
  });

  it('leaves an empty input alone: it means "not mapped"', () => {
    expect([attributeProblem('ldap', ''), attributeProblem('xml', '   ')]).toEqual([null, null]);
  });
});

describe('suggestions', () => {
  it("offers LDAP attributes for a directory and record paths for a file, leaving out what other rows map (any case) but not the row's own", () => {
    expect(suggestionsFor('ldap')).toContain('telephoneNumber');
    expect(suggestionsFor('ldap')).not.toContain('address/city');
    expect(suggestionsFor('xml')).toEqual(XML_PATH_SUGGESTIONS);
    const offered = suggestionsFor('ldap', ['TITLE', 'mail', ''], 'mail');
    expect(offered).not.toContain('title');
    expect(offered).toContain('mail');
  });

  it('says how user and select fields take their values', () => {
    expect(rowHint({ type: 'user' }, 'ldap', 'email')).toBe('A DN-valued attribute, e.g. manager');
    expect(rowHint({ type: 'multiuser' }, 'xml', 'email')).toBe('An element holding an email address, e.g. manager');
    expect(rowHint({ type: 'user' }, 'xml', 'accountId')).toBe('An element holding an Atlassian account id, e.g. manager');
    expect(rowHint({ type: 'select' }, 'ldap', 'email')).toBe('Values match the option labels');
    expect(rowHint({ type: 'text' }, 'ldap', 'email')).toBeNull();
  });

  it('lists field labels for people', () => {
    expect([fieldList([]), fieldList(['Phone']), fieldList(['Phone', 'IM']), fieldList(['Phone', 'IM', 'Department'])]).toEqual(['', 'Phone', 'Phone and IM', 'Phone, IM and Department']);
  });
});
