import { Account, DataSource, DirectoryEntry, ProfilePicture } from '../db/models';
import type { Viewer } from '../profiles/policy';
import { getProfileView, type ProfileView } from '../profiles/profiles';
import { readAuditLog, type AuditEntry } from './auditLog';

/** The most history events an export carries (newest first). */
export const EXPORT_HISTORY_LIMIT = 1000;

/** Everything Rollcall holds of a person that they may see, for "Download my profile data". */
export interface PersonalExport {
  generatedAt: Date;
  accountId: string;
  /** As Rollcall last read the account from Confluence (null when it never did). */
  account: { displayName: string | null; email: string | null; active: boolean; readAt: Date } | null;
  profile: ProfileView;
  picture: { source: string; updatedAt: Date; contentType: string; base64: string } | null;
  /** The directory entries linked to the person: which source, which entry, when last seen. */
  directoryEntries: Array<{ source: string; kind: string; dn: string | null; externalId: string; lastSeenAt: Date; goneAt: Date | null }>;
  /** Changes of their profile, newest first (at most {@link EXPORT_HISTORY_LIMIT}). */
  history: AuditEntry[];
}

/**
 * What Rollcall holds of the person `accountId`, as they may see it (the profile's fields in
 * restricted categories only when they are in those groups, as everywhere): their account as
 * read from Confluence, every field they may see (the edit form's, hidden-from-profile fields
 * included), their picture, the directory entries linked to them, and their profile's history.
 */
export async function exportPersonalData(tenantId: string, viewer: Viewer, accountId: string): Promise<PersonalExport> {
  const [account, { view }, picture, entries, history] = await Promise.all([
    Account.findOne({ where: { tenantId, accountId } }),
    getProfileView(tenantId, viewer, accountId, { forEdit: true }),
    ProfilePicture.findOne({ where: { tenantId, accountId } }),
    DirectoryEntry.findAll({ where: { tenantId, accountId }, order: [['id', 'ASC']] }),
    readAuditLog(tenantId, viewer, { person: accountId, limit: EXPORT_HISTORY_LIMIT }),
  ]);
  const sources = entries.length ? await DataSource.findAll({ attributes: ['id', 'name', 'kind'], where: { tenantId, id: [...new Set(entries.map((e) => e.sourceId))] } }) : [];
  const sourceById = new Map(sources.map((s) => [String(s.id), s]));
  const bytes = picture ? (picture.size512 ?? picture.original) : null;
  return {
    generatedAt: new Date(),
    accountId,
    account: account ? { displayName: account.displayName, email: account.email, active: account.active, readAt: account.refreshedAt } : null,
    profile: view,
    picture: picture && bytes ? { source: picture.source, updatedAt: picture.updatedAt, contentType: picture.size512 ? picture.contentType : 'application/octet-stream', base64: bytes.toString('base64') } : null,
    directoryEntries: entries.map((e) => {
      const source = sourceById.get(String(e.sourceId));
      return { source: source?.name ?? String(e.sourceId), kind: source?.kind ?? 'unknown', dn: e.dn, externalId: e.externalId, lastSeenAt: e.updatedAt, goneAt: e.goneAt };
    }),
    history: history.entries,
  };
}
