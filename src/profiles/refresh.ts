/**
 * Directory values newer than the last sync. When a person opens their profile for editing, the
 * server re-reads their directory entry; where the directory changed since the last sync, the form
 * shows the directory's value, and Save stores it (instead of leaving it to the next sync).
 *
 * The refreshed values are always the server's own read, on open and again on save: the form never
 * says what the directory holds, so no one can pass a value off as the directory's. They are stored
 * as the next sync would store them (source `ldap:<id>`), never written back to the directory they
 * came from, and audited with that source.
 */

/** A field's value as a directory holds it now, and the source it was read from. */
export interface DirectoryValue {
  value: unknown;
  sourceId: string;
}

/** A stored value the directory changed since the last sync: the stored one, the directory's, and its source label. */
export interface Refresh {
  before: unknown;
  value: unknown;
  source: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields among `keys` whose directory value (`live`, as `DirectoryPort.readCurrent` read it)
 * differs from the stored one. A field an XML source filled at the last sync is left to the sync:
 * that source outranks the directory (or the directory had nothing), and only the sync compares
 * the two. An unreachable directory reads as no values, so nothing is refreshed (nor taken from
 * a directory of lower priority for the fields it maps: see `readCurrent`).
 */
export function refreshesOf(
  stored: { values: Record<string, unknown>; valueSources: Record<string, string> } | null,
  live: Record<string, DirectoryValue>,
  keys: ReadonlySet<string>,
): Map<string, Refresh> {
  const refreshes = new Map<string, Refresh>();
  for (const [key, read] of Object.entries(live)) {
    if (!keys.has(key) || stored?.valueSources[key]?.startsWith('xml:')) continue;
    const before = stored?.values[key] ?? null;
    if (!same(before, read.value)) refreshes.set(key, { before, value: read.value ?? null, source: `ldap:${read.sourceId}` });
  }
  return refreshes;
}
