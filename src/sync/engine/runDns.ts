import crypto from 'node:crypto';
import { cyrb53 } from '../readers/keyHashes';

/**
 * The DNs of the entries a run has written, so that a manager named by DN resolves without
 * looking the DN up by `lower(dn)` (a probe of a text index per DN, the priciest statement of a
 * page after the entries' upsert; docs/PERFORMANCE.md).
 *
 * Memory: a 53-bit hash of the DN and the entry's numeric id, not the DN, in two typed arrays
 * (an open-addressing table at most half full: 32 bytes a person or less, outside V8's heap, so
 * the garbage collector never walks it; within `src/sync`'s "numeric ids of the stored entries").
 * A hash only names a candidate: the profile writer confirms it by the entry's primary key and
 * compares the DN (two DNs may share a hash), and falls back to the `lower(dn)` look-up when it
 * does not confirm.
 */
export class RunDns {
  /** A fresh seed per run: a directory cannot be crafted so that its DNs share hashes. */
  private readonly seed = crypto.randomInt(2 ** 31);
  private hashes = new Float64Array(1024);
  /** Entry ids by slot; 0 is an empty slot (ids start at 1). */
  private ids = new Float64Array(1024);
  private count = 0;

  constructor(
    /** The source whose DNs these are (a DN names an entry of its own source only). */
    private readonly sourceId: string,
    /**
     * True when the source had no live entry when the run started (a first import). Its only
     * live entries are then the ones this run stores (one run per source at a time), so a DN the
     * run has not met names no one yet, and nothing needs to be looked up.
     */
    private readonly startedEmpty: boolean,
    /** `hash` replaces the seeded cyrb53 (tests make DNs collide with it). */
    private readonly hashOf: (dn: string) => number = (dn) => cyrb53(dn, this.seed),
  ) {}

  /** Records an entry the run wrote that fills an account (`dn` as stored: `dnKey`, else the locator). */
  add(dn: string, entryId: number): void {
    if (2 * (this.count + 1) > this.ids.length) this.grow();
    if (this.put(this.hashOf(dn.toLowerCase()), entryId)) this.count++;
  }

  /**
   * For a DN named by an entry of `sourceId`: the id of the run's entry that may have it (to be
   * confirmed), 'absent' when no live entry of the source has it for certain, undefined when the
   * run cannot tell (another source, or entries stored before the run and not changed by it).
   */
  lookup(sourceId: string, dn: string): number | 'absent' | undefined {
    if (sourceId !== this.sourceId) return undefined;
    const hash = this.hashOf(dn.toLowerCase());
    for (let slot = this.slotOf(hash); this.ids[slot] !== 0; slot = (slot + 1) & (this.ids.length - 1)) {
      if (this.hashes[slot] === hash) return this.ids[slot];
    }
    return this.startedEmpty ? 'absent' : undefined;
  }

  /** Stores the id under the hash (replacing the id of an equal hash); true when the slot was empty. */
  private put(hash: number, entryId: number): boolean {
    let slot = this.slotOf(hash);
    while (this.ids[slot] !== 0 && this.hashes[slot] !== hash) slot = (slot + 1) & (this.ids.length - 1);
    const added = this.ids[slot] === 0;
    this.hashes[slot] = hash;
    this.ids[slot] = entryId;
    return added;
  }

  private slotOf(hash: number): number {
    return hash % this.ids.length; // the table's length is a power of two; the hash's low bits are mixed
  }

  private grow(): void {
    const { hashes, ids } = this;
    this.hashes = new Float64Array(hashes.length * 2);
    this.ids = new Float64Array(ids.length * 2);
    for (let slot = 0; slot < ids.length; slot++) if (ids[slot] !== 0) this.put(hashes[slot], ids[slot]);
  }
}
