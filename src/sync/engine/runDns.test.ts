import { RunDns } from './runDns';

describe('RunDns', () => {
  it('names the entry of a DN the run met, in any case, and only for its own source', () => {
    const dns = new RunDns('7', false);
    dns.add('uid=Zoë,ou=People,dc=example,dc=com', 41);
    expect(dns.lookup('7', 'uid=zoë,ou=people,dc=example,dc=com')).toBe(41);
    expect(dns.lookup('8', 'uid=zoë,ou=people,dc=example,dc=com')).toBeUndefined();
  });

  it('cannot tell about other DNs, unless the source had no live entry when the run started', () => {
    expect(new RunDns('7', false).lookup('7', 'uid=ann,ou=people,dc=example,dc=com')).toBeUndefined();
    expect(new RunDns('7', true).lookup('7', 'uid=ann,ou=people,dc=example,dc=com')).toBe('absent');
    expect(new RunDns('7', true).lookup('8', 'uid=ann,ou=people,dc=example,dc=com')).toBeUndefined();
  });

  it('gives only a candidate when two DNs share a hash (the profile writer confirms it by the DN)', () => {
    const dns = new RunDns('7', true, () => 42);
    dns.add('uid=ann,ou=people,dc=example,dc=com', 1);
    expect(dns.lookup('7', 'uid=bob,ou=people,dc=example,dc=com')).toBe(1);
  });
});

describe('RunDns with many DNs', () => {
  it('keeps every one as its table grows', () => {
    const dns = new RunDns('7', true);
    for (let i = 1; i <= 20_000; i++) dns.add(`uid=p${i},ou=people,dc=example,dc=com`, i);
    const wrong = Array.from({ length: 20_000 }, (_, i) => i + 1).filter((i) => dns.lookup('7', `UID=p${i},ou=people,dc=example,dc=com`) !== i);
    expect(wrong).toEqual([]);
    expect(dns.lookup('7', 'uid=p20001,ou=people,dc=example,dc=com')).toBe('absent');
  });
});
