import type { DirectorySettings } from '../../../peopleDirectory/settings';
import type { DirectoryPage, DirectoryPerson } from '../../../peopleDirectory/search/search';
import type { DirectoryValue } from '../../../peopleDirectory/search/values';

/** A page of the People Directory: every field that leaves the server. */
export function presentDirectoryPage(page: DirectoryPage, canExport: boolean) {
  return {
    /** Whether the caller may export this result as CSV (admins; users when the settings allow it). */
    canExport,
    columns: page.columns.map((c) => ({ key: c.key, label: c.label, type: c.type })),
    people: page.people.map(presentDirectoryPerson),
    nextCursor: page.nextCursor,
    total: page.total,
    facets: page.facets.map((f) => ({
      field: { key: f.field.key, label: f.field.label },
      values: f.values.map((v) => ({ value: v.value, label: v.label, count: v.count, query: v.query })),
    })),
  };
}

function presentDirectoryPerson(person: DirectoryPerson) {
  return {
    accountId: person.accountId,
    displayName: person.displayName,
    pictureUrl: person.pictureUrl,
    left: person.left,
    values: Object.fromEntries(Object.entries(person.values).map(([key, v]) => [key, presentValue(v)])),
  };
}

/** A value in the profile view's shape (`type`, `value`, `display`, `people` for user fields), which FieldValue renders. */
function presentValue(value: DirectoryValue) {
  return {
    type: value.type,
    value: value.value,
    display: value.display,
    ...(value.people ? { people: value.people.map((p) => ({ accountId: p.accountId, displayName: p.displayName })) } : {}),
  };
}

export function presentDirectorySettings(settings: DirectorySettings) {
  return { exportForUsers: settings.exportForUsers, facetFields: [...settings.facetFields] };
}
