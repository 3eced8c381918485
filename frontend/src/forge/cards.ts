import type { Profile, ProfileField } from '../api/profiles';
import { displayText, isEmptyValue } from '../components/fieldFormat';

/** What a card shows when the macro names no fields (as the server-rendered Connect card: src/http/macros/presenters.ts). */
export const DEFAULT_CARD_FIELDS = ['department', 'location', 'phone', 'im', 'website'];

export interface CardView {
  name: string;
  /** The position, when the macro names no fields and it holds a value. */
  subtitle: string | null;
  /** The fields asked for (or the default ones) that the viewer may see and that hold a value, in the order asked. */
  fields: ProfileField[];
  /** The macro named fields and the viewer may see none of them. */
  requestedButHidden: boolean;
}

/** The macro's `fields` parameter (comma-separated keys); null when it names none. */
export function requestedFields(parameter: string | undefined): string[] | null {
  const keys = (parameter ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  return keys.length ? keys : null;
}

/** A person's card for the viewer, from the profile the REST API gave them (its policy already applied). */
export function cardOf(profile: Profile, requested: string[] | null): CardView {
  const visible = new Map(profile.categories.flatMap((c) => c.fields).map((f) => [f.key, f]));
  const filled = (f: ProfileField | undefined): f is ProfileField => !!f && !isEmptyValue(f.value);
  const position = visible.get('position');
  const fields = (requested ?? DEFAULT_CARD_FIELDS).map((key) => visible.get(key)).filter(filled);
  return {
    name: profile.displayName || profile.accountId,
    subtitle: !requested && filled(position) ? displayText(position) : null,
    fields,
    requestedButHidden: !!requested && fields.length === 0,
  };
}
