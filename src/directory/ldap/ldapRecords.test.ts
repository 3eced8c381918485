import { formatObjectGuid, rangeOf } from './ldapRecords';

describe('formatObjectGuid', () => {
  it("writes the first three groups little-endian, as Active Directory does", () => {
    const bytes = Buffer.from(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(formatObjectGuid(bytes)).toBe('04030201-0605-0807-090a-0b0c0d0e0f10');
  });

  it('matches a GUID as Windows prints it', () => {
    // [guid]'a3f9b1c2-7d4e-4f10-9a8b-0123456789ab'.ToByteArray()
    const bytes = Buffer.from('c2b1f9a34e7d104f9a8b0123456789ab', 'hex');
    expect(formatObjectGuid(bytes)).toBe('a3f9b1c2-7d4e-4f10-9a8b-0123456789ab');
  });

  it('refuses anything but 16 bytes', () => {
    expect(() => formatObjectGuid(Buffer.alloc(15))).toThrow(RangeError);
  });
});

describe('rangeOf (ranged retrieval)', () => {
  it('reads the attribute and where the next part starts, keeping other options', () => {
    expect(rangeOf('member;range=0-1499')).toEqual({ name: 'member', next: 1500 });
    expect(rangeOf('member;range=1500-*')).toEqual({ name: 'member', next: null });
    expect(rangeOf('description;lang-en;Range=0-9')).toEqual({ name: 'description;lang-en', next: 10 });
  });

  it('leaves other names alone', () => {
    expect(rangeOf('member')).toBeUndefined();
    expect(rangeOf('cn;lang-en')).toBeUndefined();
    expect(rangeOf('member;range=x-y')).toBeUndefined();
  });
});
