import { KeyHashes } from './keyHashes';

describe('KeyHashes', () => {
  it('says which keys may repeat, across many keys, and none when every key is unique', () => {
    const hashes = new KeyHashes();
    for (let i = 0; i < 20_000; i++) hashes.add(`person.${i}@example.com`);
    hashes.add('person.17@example.com');
    hashes.add('person.19999@example.com');
    hashes.add('person.19999@example.com');
    const repeated = hashes.repeated();
    expect(repeated.size).toBe(2);
    expect(repeated.mayRepeat('person.17@example.com')).toBe(true);
    expect(repeated.mayRepeat('person.19999@example.com')).toBe(true);
    const unique = Array.from({ length: 19_998 }, (_, i) => `person.${i}@example.com`).filter((k) => k !== 'person.17@example.com');
    expect(unique.filter((k) => repeated.mayRepeat(k))).toEqual([]);
  });

  it('tells keys apart by every code unit, case included', () => {
    const hashes = new KeyHashes();
    for (const key of ['Zoë', 'Zoe', 'zoë', 'ZOË', 'Zoë ']) hashes.add(key);
    expect(hashes.repeated().size).toBe(0);
  });
});
