import crypto from 'node:crypto';

/**
 * Finding the keys that repeat in a long sequence without keeping the keys: 8 bytes a key (a
 * 53-bit hash in a Float64Array) instead of the string and a map entry, about 150 bytes. A hash
 * shared by two keys only says "maybe": {@link KeyHashes.repeated} gives the hashes, and the caller
 * confirms with the real keys of the few records that carry them.
 */
export class KeyHashes {
  /** A fresh seed per instance: a file cannot be crafted so that many of its keys share a hash. */
  private readonly seed = crypto.randomInt(2 ** 31);
  private hashes = new Float64Array(4096);
  private count = 0;

  /** `hash` replaces the seeded cyrb53 (tests make keys collide with it). */
  constructor(private readonly hashOf: (key: string) => number = (key) => this.hash(key)) {}

  add(key: string): void {
    if (this.count === this.hashes.length) {
      const grown = new Float64Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[this.count++] = this.hashOf(key);
  }

  /**
   * The hashes that were added more than once: every repeated key matches, and (rarely, about
   * n² / 2⁵⁴ for n keys: 2 × 10⁻⁶ at 200,000) a key that merely shares a hash with another one.
   */
  repeated(): RepeatedHashes {
    const sorted = this.hashes.subarray(0, this.count).sort();
    const repeated = new Set<number>();
    for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) repeated.add(sorted[i]);
    // The table is not needed any more (the caller may keep the result for the whole run).
    this.hashes = new Float64Array(0);
    this.count = 0;
    return { size: repeated.size, mayRepeat: (key) => repeated.size > 0 && repeated.has(this.hashOf(key)) };
  }

  /** cyrb53 (bryc, public domain): two 32-bit multiplicative hashes of the UTF-16 code units, mixed into 53 bits. */
  private hash(key: string): number {
    let h1 = 0xdeadbeef ^ this.seed;
    let h2 = 0x41c6ce57 ^ this.seed;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
  }
}

/** The outcome of {@link KeyHashes.repeated}. */
export interface RepeatedHashes {
  /** How many hashes repeat (0: no key repeats, for certain). */
  size: number;
  /** True for every key added more than once; false for a key added once, unless it shares its hash with another key. */
  mayRepeat(key: string): boolean;
}
