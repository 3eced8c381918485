import { EqualityFilter, SubstringFilter } from 'ldapts';
import { parseFilter, validateFilter } from './filter';

describe('validateFilter', () => {
  it.each([
    '(objectClass=inetOrgPerson)',
    '(&(objectClass=person)(!(employeeType=contractor))(|(mail=*@example.com)(uid=j*)))',
    '( & (objectClass=person) (mail=*) )',
    'objectClass=person',
    '(cn=Doe\\2c Jane)',
    '(cn=Zoë*)',
    '(cn;lang-de=Jörg)',
    '(2.5.4.3=Jane)',
    '(memberOf:1.2.840.113556.1.4.1941:=cn=Staff,dc=example,dc=com)',
    '(:dn:caseExactMatch:=People)',
    '(modifyTimestamp>=20260101000000Z)',
    '(objectGUID=\\01\\02\\ff)',
  ])('accepts %s', (filter) => {
    expect(validateFilter(filter)).toBeUndefined();
  });

  it.each([
    ['', /the filter is empty/],
    ['   ', /the filter is empty/],
    ['(&(objectClass=person)', /unbalanced parenthesis: the '\(' at column 1 is never closed/],
    ['(&(objectClass=person)(mail=*)))', /unbalanced parenthesis: the '\)' at column 32 has no matching '\('/],
    ['(|(cn=a)(cn=b)', /the '\(' at column 1 is never closed/],
    ['(cn)', /"cn" at column 2 has no operator/],
    ['(&(objectClass=person)(mail))', /"mail" at column 24 has no operator/],
    ['()', /empty parentheses at column 1/],
    ['(&)', /'&' at column 2 needs at least one filter/],
    ['(cn=a(b)', /unescaped '\(' at column 6/],
    ['(cn=a\\zz)', /invalid escape at column 6/],
    ['(cn=a**b)', /two '\*' in a row at column 7/],
    ['(uidNumber>=1*)', /'\*' at column 14 is a wildcard only after '='/],
    ['(cn=a)(cn=b)', /unexpected text at column 7/],
    ['(!cn=a)', /'!' at column 2 must be followed by one filter/],
    ['(cn=*\\ff*)', /not UTF-8/],
  ])('refuses %j and says where: %s', (filter, message) => {
    expect(validateFilter(filter)).toMatch(message);
  });
});

describe('parseFilter', () => {
  it('decodes escaped UTF-8 as one character (ldapts decodes it byte by byte)', () => {
    const filter = parseFilter('(cn=Zo\\c3\\ab)') as EqualityFilter;
    expect(filter).toBeInstanceOf(EqualityFilter);
    expect(filter.value).toBe('Zoë');
  });

  it('sends an equality value that is not UTF-8 as raw bytes', () => {
    const filter = parseFilter('(objectGUID=\\01\\ff\\00)') as EqualityFilter;
    expect(filter.value).toEqual(Buffer.from([0x01, 0xff, 0x00]));
  });

  it('reads substrings and presence', () => {
    expect(parseFilter('(cn=*)').toString()).toBe('(cn=*)');
    const substring = parseFilter('(cn=Ja*n*e)') as SubstringFilter;
    expect({ initial: substring.initial, any: substring.any, final: substring.final }).toEqual({ initial: 'Ja', any: ['n'], final: 'e' });
  });

  it('prints back what it read', () => {
    for (const text of ['(&(objectClass=person)(!(uid=p3)))', '(|(cn=a)(sn=b))', '(cn:caseExactMatch:=Foo)']) {
      expect(parseFilter(text).toString()).toBe(text);
    }
  });
});
