import type { ProfileFieldView, ProfileView } from '../../../profiles/profiles';

/** A profile as the viewer may see it (`getProfileView`): every field that leaves the server. */
export function presentProfile(view: ProfileView) {
  return {
    accountId: view.accountId,
    displayName: view.displayName,
    hasPicture: view.hasPicture,
    pictureVersion: view.pictureVersion,
    pictureSource: view.pictureSource,
    version: view.version,
    updatedAt: view.updatedAt,
    leftDirectoryAt: view.leftDirectoryAt,
    canEdit: view.canEdit,
    categories: view.categories.map((c) => ({ id: c.id, name: c.name, restricted: c.restricted, fields: c.fields.map(presentProfileField) })),
  };
}

/**
 * The edit form's view: the profile, and the directory's live values of the fields the viewer may
 * edit (`baseline`), which the form sends back with the save for the conflict check.
 */
export function presentProfileForEdit(view: ProfileView, baseline: Record<string, unknown>) {
  return { ...presentProfile(view), ldapValues: baseline };
}

/**
 * One field of a profile; `people` only for user fields, `options` only for select fields in the
 * edit form, `refreshed` only there too, for a value the directory changed since the last sync.
 */
function presentProfileField(field: ProfileFieldView) {
  return {
    key: field.key,
    label: field.label,
    type: field.type,
    helpText: field.helpText,
    required: field.required,
    shownInProfile: field.shownInProfile,
    value: field.value,
    display: field.display,
    ...(field.people ? { people: field.people.map((p) => ({ accountId: p.accountId, displayName: p.displayName })) } : {}),
    ...(field.options ? { options: field.options.map((o) => ({ id: o.id, label: o.label, retired: o.retired })) } : {}),
    origin: field.origin && {
      kind: field.origin.kind,
      ...(field.origin.sourceId !== undefined ? { sourceId: field.origin.sourceId, sourceName: field.origin.sourceName, syncedAt: field.origin.syncedAt } : {}),
    },
    editable: field.editable,
    writesBack: field.writesBack,
    ...(field.refreshed ? { refreshed: { previous: field.refreshed.previous, sourceName: field.refreshed.sourceName } } : {}),
  };
}
