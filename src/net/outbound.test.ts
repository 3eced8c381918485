import type { LookupAddress } from 'node:dns';
import net from 'node:net';
import { allowEntryProblem, literalAddress, OutboundGuard, OutboundRefusedError, type Resolver } from './outbound';

/** A resolver answering from a table; each name's answers are used in turn (the last one repeats). */
function resolverOf(table: Record<string, string[][]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = ((hostname, _options, callback) => {
    calls.push(hostname);
    const answers = table[hostname];
    if (!answers) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    const next = answers.length > 1 ? answers.shift()! : answers[0];
    callback(null, next.map((address) => ({ address, family: net.isIP(address) })));
  }) as Resolver & { calls: string[] };
  resolve.calls = calls;
  return resolve;
}

function lookup(guard: OutboundGuard, host: string, all = false): Promise<string | LookupAddress[]> {
  return new Promise((resolve, reject) => guard.lookup(host, { all }, (err, address) => (err ? reject(err) : resolve(address))));
}

const INTERNAL_LITERALS = [
  ['127.0.0.1', '127.0.0.1', 'loopback'],
  ['2130706433', '127.0.0.1', 'loopback'],
  ['0x7f.1', '127.0.0.1', 'loopback'],
  ['0x7f000001', '127.0.0.1', 'loopback'],
  ['0177.0.0.1', '127.0.0.1', 'loopback'],
  ['017700000001', '127.0.0.1', 'loopback'],
  ['127.1', '127.0.0.1', 'loopback'],
  ['[::1]', '::1', 'loopback'],
  ['::ffff:127.0.0.1', '127.0.0.1', 'loopback'],
  ['[::ffff:7f00:1]', '127.0.0.1', 'loopback'],
  ['0.0.0.0', '0.0.0.0', 'unspecified'],
  ['0', '0.0.0.0', 'unspecified'],
  ['::', '::', 'unspecified'],
  ['10.1.2.3', '10.1.2.3', 'private'],
  ['172.16.0.1', '172.16.0.1', 'private'],
  ['192.168.1.1', '192.168.1.1', 'private'],
  ['169.254.169.254', '169.254.169.254', 'linkLocal'],
  ['2852039166', '169.254.169.254', 'linkLocal'],
  ['100.64.0.1', '100.64.0.1', 'carrierGradeNat'],
  ['fd00::1', 'fd00::1', 'uniqueLocal'],
  ['fe80::1', 'fe80::1', 'linkLocal'],
  ['224.0.0.1', '224.0.0.1', 'multicast'],
  ['ff02::1', 'ff02::1', 'multicast'],
  ['255.255.255.255', '255.255.255.255', 'broadcast'],
  ['240.0.0.1', '240.0.0.1', 'reserved'],
  ['192.0.2.1', '192.0.2.1', 'reserved'],
  ['2001:db8::1', '2001:db8::1', 'reserved'],
  ['::127.0.0.1', '127.0.0.1', 'loopback'],
  ['::2', '::2', 'reserved'],
  ['64:ff9b::7f00:1', '64:ff9b::7f00:1', 'rfc6052'],
];

describe('OutboundGuard', () => {
  it.each(INTERNAL_LITERALS)('refuses the literal %s as the address %s (%s) it denotes', async (host, address, range) => {
    const guard = new OutboundGuard([], resolverOf({}));
    expect(literalAddress(host)?.toString()).toBe(address);
    expect(() => guard.checkHost(host)).toThrow(OutboundRefusedError);
    expect(() => guard.connectOptions(host)).toThrow(expect.objectContaining({ address, range }));
    // The lookup refuses it too, whatever the socket code asks.
    await expect(lookup(guard, host.replace(/^\[|\]$/g, ''))).rejects.toMatchObject({ code: 'ERR_OUTBOUND_REFUSED' });
  });

  it('lets public addresses through and hands the socket the canonical form', async () => {
    const guard = new OutboundGuard([], resolverOf({}));
    expect(guard.connectOptions('8.8.8.8').host).toBe('8.8.8.8');
    expect(guard.connectOptions('134744072').host).toBe('8.8.8.8');
    expect(guard.connectOptions('[2001:4860:4860::8888]').host).toBe('2001:4860:4860::8888');
    expect(guard.connectOptions('LDAP.Example.com.').host).toBe('ldap.example.com');
    await expect(lookup(guard, '8.8.8.8')).resolves.toBe('8.8.8.8');
  });

  it('refuses a name when any of its addresses is internal, in both lookup shapes', async () => {
    const guard = new OutboundGuard([], resolverOf({ 'mixed.example': [['93.184.216.34', '10.0.0.5']], 'public.example': [['93.184.216.34', '2606:2800:220:1::1']] }));
    await expect(lookup(guard, 'mixed.example')).rejects.toThrow(/10\.0\.0\.5 is an internal address \(private\)/);
    await expect(lookup(guard, 'mixed.example', true)).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(lookup(guard, 'public.example', true)).resolves.toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::1', family: 6 },
    ]);
    await expect(lookup(guard, 'public.example')).resolves.toBe('93.184.216.34');
  });

  it('checks every connection anew: a name rebound to 127.0.0.1 after a first public answer is refused', async () => {
    const resolve = resolverOf({ 'rebind.example': [['93.184.216.34'], ['127.0.0.1']] });
    const guard = new OutboundGuard([], resolve);
    await expect(lookup(guard, 'rebind.example')).resolves.toBe('93.184.216.34');
    await expect(lookup(guard, 'rebind.example')).rejects.toMatchObject({ host: 'rebind.example', address: '127.0.0.1', range: 'loopback' });
    expect(resolve.calls).toEqual(['rebind.example', 'rebind.example']);
  });

  it('refuses IPv4-mapped IPv6 answers as the IPv4 address they carry', async () => {
    const guard = new OutboundGuard([], resolverOf({ 'mapped.example': [['::ffff:169.254.169.254']] }));
    await expect(lookup(guard, 'mapped.example')).rejects.toMatchObject({ address: '169.254.169.254', range: 'linkLocal' });
  });

  it('allows what OUTBOUND_ALLOW names: CIDRs (any notation of an address in them) and host names', async () => {
    const guard = new OutboundGuard(['127.0.0.0/8', '::1', 'ldap.corp.test', '*.intra.test'], resolverOf({ 'ldap.corp.test': [['10.9.9.9']], 'hr.intra.test': [['192.168.5.5']], 'other.test': [['10.9.9.9']] }));
    expect(guard.connectOptions('0x7f.1').host).toBe('127.0.0.1');
    expect(guard.connectOptions('[::ffff:127.0.0.1]').host).toBe('127.0.0.1');
    expect(guard.connectOptions('::1').host).toBe('::1');
    await expect(lookup(guard, 'ldap.corp.test')).resolves.toBe('10.9.9.9');
    await expect(lookup(guard, 'hr.intra.test')).resolves.toBe('192.168.5.5');
    // Allowed by name only: the same address through another name is refused.
    await expect(lookup(guard, 'other.test')).rejects.toBeInstanceOf(OutboundRefusedError);
    expect(() => guard.checkHost('10.0.0.1')).toThrow(OutboundRefusedError);
    expect(() => guard.checkHost('::2')).toThrow(OutboundRefusedError);
  });

  it('passes resolver errors on unchanged', async () => {
    const guard = new OutboundGuard([], resolverOf({}));
    await expect(lookup(guard, 'nowhere.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});

describe('allowEntryProblem', () => {
  it.each(['10.0.0.0/8', 'fd00::/8', '127.0.0.1', '::1', 'ldap.example.com', '*.corp.example.com', 'localhost'])('accepts %s', (entry) => {
    expect(allowEntryProblem(entry)).toBeUndefined();
  });
  it.each(['', '  ', '*', '10.0.0.0/33', 'http://x', 'a..b', '-bad.example', 'x/8'])('refuses %j', (entry) => {
    expect(allowEntryProblem(entry)).toMatch(/empty entry|neither a CIDR/);
  });
});
