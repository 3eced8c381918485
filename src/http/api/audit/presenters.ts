import type { AuditCursor, AuditEntry } from '../../../privacy/auditLog';
import type { PersonalExport } from '../../../privacy/personalExport';
import { presentProfile } from '../profiles/presenters';

/** A cursor as the API gives it: opaque to clients. */
export function presentCursor(cursor: AuditCursor | null): string | null {
  return cursor ? Buffer.from(`${cursor.at}|${cursor.id}`, 'utf8').toString('base64url') : null;
}

/** One audit event: every field that leaves the server. */
export function presentAuditEntry(entry: AuditEntry) {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    action: entry.action,
    by: entry.by,
    actor: entry.actor,
    subject: entry.subject,
    run: entry.run,
    changes: entry.changes,
    details: entry.details,
  };
}

/** A page of events and the cursor of the next page (null at the end). */
export function presentAuditPage(page: { entries: AuditEntry[]; next: AuditCursor | null }) {
  return { events: page.entries.map(presentAuditEntry), nextCursor: presentCursor(page.next) };
}

/** "Download my profile data": the person's data as a JSON document. */
export function presentPersonalExport(data: PersonalExport) {
  return {
    generatedAt: data.generatedAt.toISOString(),
    accountId: data.accountId,
    account: data.account && { ...data.account, readAt: data.account.readAt.toISOString() },
    profile: presentProfile(data.profile),
    picture: data.picture && { ...data.picture, updatedAt: data.picture.updatedAt.toISOString() },
    directoryEntries: data.directoryEntries.map((e) => ({ ...e, lastSeenAt: e.lastSeenAt.toISOString(), goneAt: e.goneAt?.toISOString() ?? null })),
    history: data.history.map(presentAuditEntry),
  };
}
