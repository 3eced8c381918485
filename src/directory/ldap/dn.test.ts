import { DnSyntaxError, escapeDnValue, normalizeDn, normalizeDnByParsing, parseDn, sameDn, validateDn } from './dn';

describe('normalizeDn', () => {
  it('gives what the parser gives, for the DNs its fast path takes and the ones it leaves to the parser', () => {
    for (const dn of [
      'uid=ada,ou=People,dc=example,dc=com',
      '  UID = Ada  Lovelace ,  OU=People ,DC=Example',
      'cn=Zoë Åström,ou=Zürich,dc=example',
      'cn=Ｚｏｅ,dc=example', // full-width letters: NFC keeps them
      'cn=A\u0308nne,dc=example', // a combining diaeresis: NFC composes it
      'cn=a\tb,dc=x',
      'cn=Doe\\, Jane,ou=People',
      'cn=a+sn=b,dc=x',
      'cn=#04024869,dc=x',
      'OID.2.5.4.3=ada,dc=x',
      '2.5.4.3=ada,dc=x',
      'cn="Doe, Jane",dc=x',
      'cn=a;dc=x',
      'cn=a=b,dc=x',
      'cn=x-y_z.w,dc=x',
      'cn=,dc=x',
      'cn=a\0b,dc=x', // NUL must be escaped: the parser refuses it
      'cn=\ud800x,dc=x', // a lone surrogate
      'cn=\ud83d\ude00 smile,dc=x', // a surrogate pair (an emoji) stays on the parser's path too
    ]) {
      let expected: string;
      try {
        expected = normalizeDnByParsing(dn);
      } catch (err) {
        expect(() => normalizeDn(dn)).toThrow((err as Error).message);
        continue;
      }
      expect(normalizeDn(dn)).toBe(expected);
    }
  });

  it.each([
    ['cn=Doe\\, Jane,ou=People,dc=rollcall,dc=test', 'cn=Doe\\2C Jane,ou=People,dc=rollcall,dc=test'],
    ['cn=Doe\\, Jane,ou=People,dc=rollcall,dc=test', 'CN=doe\\2c jane, OU=people , DC=Rollcall,DC=TEST'],
    ['cn=Doe\\, Jane,dc=test', 'cn="Doe, Jane",dc=test'],
    ['cn=Zoë Åström,dc=test', 'cn=Zo\\C3\\AB \\C3\\85str\\C3\\B6m,dc=test'],
    // NFC: "e" + combining diaeresis is the same name as "ë".
    ['cn=Zoe\u0308,dc=test', 'cn=Zoë,dc=test'],
    ['uid=jane+cn=Jane Doe,dc=test', 'cn=Jane Doe + uid=jane,dc=test'],
    ['cn=Jane   Doe,dc=test', 'cn=Jane Doe,dc=test'],
    ['cn=R\\+D,dc=test', 'cn=R\\2BD,dc=test'],
    ['2.5.4.3=Jane,dc=test', 'OID.2.5.4.3=jane,dc=test'],
    ['cn=a;dc=test', 'cn=a,dc=test'],
  ])('%s and %s name the same entry', (a, b) => {
    expect(normalizeDn(a)).toBe(normalizeDn(b));
    expect(sameDn(a, b)).toBe(true);
  });

  it.each([
    ['cn=Doe\\, Jane,dc=test', 'cn=Doe,cn=Jane,dc=test'],
    ['cn=Jane,ou=a,dc=test', 'cn=Jane,ou=b,dc=test'],
    ['cn=R\\+D,dc=test', 'cn=R+d=x,dc=test'],
  ])('%s and %s differ', (a, b) => {
    expect(normalizeDn(a)).not.toBe(normalizeDn(b));
  });

  it('prints one canonical, re-parseable form', () => {
    expect(normalizeDn('CN=Doe\\2C Jane,OU=People,DC=Rollcall')).toBe('cn=doe\\, jane,ou=people,dc=rollcall');
    expect(normalizeDn('cn=\\#1 \\<admin\\>,dc=test')).toBe('cn=\\#1 \\<admin\\>,dc=test');
    for (const dn of ['cn=\\#1 \\<admin\\>\\;x,dc=test', 'cn=Doe\\, Jane+uid=j,dc=test', 'cn=#04024869,dc=test']) {
      expect(normalizeDn(normalizeDn(dn))).toBe(normalizeDn(dn));
    }
  });

  it('the root DSE has the empty DN', () => {
    expect(normalizeDn('')).toBe('');
    expect(parseDn('  ')).toEqual([]);
  });
});

describe('parseDn', () => {
  it('unescapes values and keeps multi-valued RDNs together', () => {
    expect(parseDn('cn=Doe\\, Jane+uid=jd,dc=test')).toEqual([
      [
        { type: 'cn', value: 'Doe, Jane', hex: false },
        { type: 'uid', value: 'jd', hex: false },
      ],
      [{ type: 'dc', value: 'test', hex: false }],
    ]);
  });

  it.each([
    ['cn', /expected '=' after "cn" at column 3/],
    ['cn=x,', /ends with ',' at column 5/],
    ['cn=a\\zz,dc=x', /invalid escape at column 5/],
    ['=x', /expected an attribute type .* at column 1/],
    ['cn=\\ff', /not UTF-8/],
    ['cn="open', /quote at column 4 is never closed/],
    ['cn=#zz', /hex-encoded value/],
  ])('refuses %j with a message naming the column', (dn, message) => {
    expect(() => parseDn(dn)).toThrow(DnSyntaxError);
    expect(validateDn(dn)).toMatch(message);
  });
});

describe('escapeDnValue', () => {
  it('escapes what RFC 4514 requires and nothing else', () => {
    expect(escapeDnValue('Doe, Jane')).toBe('Doe\\, Jane');
    expect(escapeDnValue('#1 <a+b>; "q" \\')).toBe('\\#1 \\<a\\+b\\>\\; \\"q\\" \\\\');
    expect(escapeDnValue(' padded ')).toBe('\\ padded\\ ');
    expect(escapeDnValue('Zoë = Åström')).toBe('Zoë = Åström');
  });
});
