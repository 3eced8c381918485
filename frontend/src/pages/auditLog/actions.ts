/** The audit log's actions as admins read them, and the filter choices of the page. */
export const ACTION_LABELS: Record<string, string> = {
  'profile.edited': 'Profile edited',
  'profile.synced': 'Profile changed by a sync',
  'profiles.created': 'Profiles created by a sync',
  'profile.migrated': 'Profile migrated',
  'picture.uploaded': 'Picture changed',
  'picture.removed': 'Picture removed',
  'field.created': 'Field added',
  'field.updated': 'Field changed',
  'field.deleted': 'Field deleted',
  'category.created': 'Category added',
  'category.updated': 'Category changed',
  'category.deleted': 'Category deleted',
  'source.created': 'Data source added',
  'source.updated': 'Data source changed',
  'source.deleted': 'Data source deleted',
  'source.mappings_changed': 'Field mappings changed',
  'accounts.erased': 'Closed accounts erased',
};

/** The page's "What" filter: a label and the `action` query it sends (a prefix ends in `.`). */
export const ACTION_FILTERS: Array<{ label: string; value: string }> = [
  { label: 'Everything', value: '' },
  { label: 'Profiles (edits, syncs, migration, pictures)', value: 'profile.,profiles.,picture.' },
  { label: 'Edits by people', value: 'profile.edited,picture.' },
  { label: 'Syncs', value: 'profile.synced,profiles.created' },
  { label: 'Profile Migration', value: 'profile.migrated' },
  { label: 'Fields and categories', value: 'field.,category.' },
  { label: 'Data sources', value: 'source.' },
  { label: 'Erasures of closed accounts', value: 'accounts.erased' },
];

/** An action in words (its id when Rollcall has no words for it). */
export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

/** The `from`/`to` of a day picked in a date input (`2026-12-03`): from its start, to the next day's start (UTC). */
export function dayRange(from: string, to: string): { from?: string; to?: string } {
  const range: { from?: string; to?: string } = {};
  if (/^\d{4}-\d{2}-\d{2}$/.test(from)) range.from = `${from}T00:00:00Z`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(to)) {
    const next = new Date(`${to}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    range.to = next.toISOString();
  }
  return range;
}
