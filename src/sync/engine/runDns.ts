import crypto from 'node:crypto';
import { cyrb53 } from '../readers/keyHashes';

/**
 * The DNs of the entries a run has written, so that a manager named by DN resolves without
 * looking the DN up by `lower(dn)` (a probe of a text index per DN, the priciest statement of a
 * page after the entries' upsert; docs/PERFORMANCE.md).
 *
 * Memory: a 53-bit hash of the DN and the entry's numeric id, not the DN (a few dozen bytes a
 * person, within `src/sync`'s "numeric ids of the stored entries the run has read"). A hash only
 * names a candidate: the profile writer confirms it by the entry's primary key and compares the DN
 * (two DNs may share a hash), and falls back to the `lower(dn)` look-up when it does not confirm.
 */
export class RunDns {
  /** A fresh seed per run: a directory cannot be crafted so that its DNs share hashes. */
  private readonly seed = crypto.randomInt(2 ** 31);
  private readonly entries = new Map<number, number>();

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
    this.entries.set(this.hashOf(dn.toLowerCase()), entryId);
  }

  /**
   * For a DN named by an entry of `sourceId`: the id of the run's entry that may have it (to be
   * confirmed), 'absent' when no live entry of the source has it for certain, undefined when the
   * run cannot tell (another source, or entries stored before the run and not changed by it).
   */
  lookup(sourceId: string, dn: string): number | 'absent' | undefined {
    if (sourceId !== this.sourceId) return undefined;
    const id = this.entries.get(this.hashOf(dn.toLowerCase()));
    if (id !== undefined) return id;
    return this.startedEmpty ? 'absent' : undefined;
  }
}
