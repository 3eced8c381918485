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
