import type { AuditEvent } from '../../api/audit';

/** Who made a change, in words: a person's name, a sync of a source, the migration, Rollcall. */
export function changedBy(event: Pick<AuditEvent, 'by' | 'actor' | 'run'>): string {
  if (event.by === 'person') return event.actor?.displayName ?? 'Someone no longer on this site';
  if (event.by === 'sync') return event.run?.sourceName ? `A sync of ${event.run.sourceName}` : 'A directory sync';
  if (event.by === 'migration') return 'Profile Migration';
  return 'Rollcall';
}

/** What an event did to a profile, in words (one line per changed field, or the picture). */
export function whatChanged(event: Pick<AuditEvent, 'action' | 'changes'>): string[] {
  if (event.action === 'picture.uploaded') return ['Picture changed'];
  if (event.action === 'picture.removed') return ['Picture removed'];
  return (event.changes ?? []).map((c) => (c.type === null ? `${c.label} (a field since deleted) changed` : `${c.label}: ${c.beforeText ?? '—'} → ${c.afterText ?? '—'}`));
}
