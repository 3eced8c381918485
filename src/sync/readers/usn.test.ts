import { incrementalFilterOf, timeAttributeOf, usnMarkOf } from './usn';

const DC1 = 'CN=NTDS Settings,CN=DC1,CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=corp,DC=example';

describe('uSNChanged marks', () => {
  it('are taken from the root DSE only on uSNChanged', () => {
    expect(usnMarkOf({ timestampAttribute: 'uSNChanged' }, { dsServiceName: DC1, highestCommittedUsn: '12345' })).toEqual({ server: DC1, highest: '12345' });
    expect(usnMarkOf({ timestampAttribute: 'whenChanged' }, { dsServiceName: DC1, highestCommittedUsn: '12345' })).toBeUndefined();
    expect(usnMarkOf({ timestampAttribute: 'uSNChanged' }, { dsServiceName: DC1 })).toBeUndefined();
    expect(usnMarkOf({ timestampAttribute: 'uSNChanged' }, { dsServiceName: DC1, highestCommittedUsn: 'x' })).toBeUndefined();
  });

  it('narrow by the USN on the same DC (without case), by whenChanged on another or without a mark', () => {
    const state = { timestampAttribute: 'uSNChanged' as const, usn: { server: DC1, highest: '9007199254740993' } };
    expect(incrementalFilterOf(state, '20260101000000.0Z', { server: DC1.toLowerCase(), highest: '1' })).toBe('(uSNChanged>=9007199254740994)');
    expect(incrementalFilterOf(state, '20260101000000.0Z', { server: DC1.replace('DC1', 'DC2'), highest: '1' })).toBe('(whenChanged>=20260101000000.0Z)');
    expect(incrementalFilterOf({ ...state, usn: null }, '20260101000000.0Z', { server: DC1, highest: '1' })).toBe('(whenChanged>=20260101000000.0Z)');
    expect(incrementalFilterOf({ timestampAttribute: 'modifyTimestamp', usn: null }, '20260101000000Z', undefined)).toBe('(modifyTimestamp>=20260101000000Z)');
    expect(timeAttributeOf({ timestampAttribute: 'uSNChanged' })).toBe('whenChanged');
  });
});
