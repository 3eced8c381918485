import crypto from 'node:crypto';

/**
 * A reference to a person, as a source names them: an LDAP DN (a manager attribute), an email or an
 * account id (XML). The engine resolves it to an account id when it builds profiles.
 */
export interface PersonRef {
  ref: 'dn' | 'email' | 'accountId';
  value: string;
}

/** A mapped value, normalised for the field's type; person fields hold references until resolved. */
export type SourceValue = string | number | string[] | PersonRef | PersonRef[] | null;

/**
 * One person as a source adapter hands them to the engine, already mapped to profile fields.
 * Every source kind (LDAP, XML) yields these, page by page.
 */
export interface SourceRecord {
  /** The stable id (entryUUID, objectGUID, an XML key); null makes the record an error. */
  externalId: string | null;
  /** Where the record is, for people: the DN, or "record 17" in a file. */
  locator: string;
  /** Normalised DN (RFC 4514) for LDAP, to resolve manager references; null for other sources. */
  dnKey: string | null;
  /** The email or account id that finds the Confluence account (per the source's matching). */
  matchValue: string | null;
  /** Field key → value, for every mapped field (null: the source has no value). */
  values: Record<string, SourceValue>;
  /** The picture's bytes; null: none in the source; undefined: the source maps no picture (or did not read it). */
  picture?: Buffer | null;
  /** The stored picture's hash, for records rebuilt from a stored entry without reading the picture again. */
  pictureHash?: string | null;
  /** Problems with single values (the rest of the record still syncs). */
  errors: string[];
}

/** A source adapter: pages of records, streamed. */
export interface SourceReader {
  pages(): AsyncIterable<SourceRecord[]>;
  /** The newest modification time among the records read so far (incremental sync's next mark). */
  highestTimestamp?(): Date | null;
  close(): Promise<void>;
}

/** The content hash that decides whether a record changed since the last run. */
export function contentHash(record: SourceRecord, pictureHash: string | null): string {
  const sortedValues = Object.keys(record.values)
    .sort()
    .map((k) => [k, record.values[k]]);
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([record.dnKey ?? record.locator, record.matchValue?.toLowerCase() ?? null, sortedValues, pictureHash]))
    .digest('base64url');
}

export function pictureHashOf(picture: Buffer | null | undefined): string | null {
  return picture ? crypto.createHash('sha256').update(picture).digest('base64url') : null;
}
