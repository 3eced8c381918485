import type { RootDse } from '../../directory/ldap';
import type { IncrementalState } from '../sources/sourceStore';

/**
 * Incremental sync on Active Directory's uSNChanged (an admin's choice of "timestamp attribute").
 *
 * whenChanged has two traps: whole seconds (a run re-reads every entry written in the mark's own
 * second), and it is not replicated: each DC writes its own when it applies a change, so behind a
 * load balancer or after a fail-over the same entry carries another whenChanged, and a skewed DC
 * clock moves changes before the mark. uSNChanged is the DC's update sequence number: a counter
 * that grows with every change the DC applies, its own or replicated. As Microsoft documents for
 * polling ("Polling for Changes Using uSNChanged"), a run reads the DC's highestCommittedUSN from
 * the root DSE before it searches, and the next run asks for `(uSNChanged>=that+1)`, of the same
 * DC only: USNs of two DCs do not compare, so when the DC's dsServiceName differs (another DC
 * answered) the run falls back to whenChanged since the mark, minus the overlap.
 *
 * The "Last LDAP sync date" stays the newest whenChanged read, as with whenChanged: it decides
 * whether the next run is a full one, and the admin can read and change it (a changed date drops
 * the USN mark: the next run reads by date).
 */

/** The DC a run read and its highest committed USN before the search. */
export interface UsnMark {
  server: string;
  highest: string;
}

export const USN_ATTRIBUTE = 'uSNChanged';

/** The GeneralizedTime attribute behind the "Last LDAP sync date": whenChanged when the USN is chosen. */
export function timeAttributeOf(state: Pick<IncrementalState, 'timestampAttribute'>): 'modifyTimestamp' | 'whenChanged' {
  return state.timestampAttribute === 'uSNChanged' ? 'whenChanged' : state.timestampAttribute;
}

/** The USN mark a run takes from the root DSE before it searches; undefined when not on uSNChanged or the server announces none. */
export function usnMarkOf(state: Pick<IncrementalState, 'timestampAttribute'>, rootDse: Pick<RootDse, 'dsServiceName' | 'highestCommittedUsn'>): UsnMark | undefined {
  if (state.timestampAttribute !== 'uSNChanged' || !rootDse.dsServiceName || !rootDse.highestCommittedUsn || !/^\d+$/.test(rootDse.highestCommittedUsn)) return undefined;
  return { server: rootDse.dsServiceName, highest: rootDse.highestCommittedUsn };
}

/**
 * The filter that narrows an incremental run: `(uSNChanged>=N+1)` when the last run's USN mark is
 * of the DC answering now, else `(<time attribute>>=since)`.
 */
export function incrementalFilterOf(state: Pick<IncrementalState, 'timestampAttribute' | 'usn'>, since: string, now: UsnMark | undefined): string {
  if (state.timestampAttribute === 'uSNChanged' && state.usn && now && state.usn.server.toLowerCase() === now.server.toLowerCase()) {
    return `(${USN_ATTRIBUTE}>=${(BigInt(state.usn.highest) + 1n).toString()})`;
  }
  return `(${timeAttributeOf(state)}>=${since})`;
}
