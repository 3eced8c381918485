import type { DirectoryColumn, DirectoryPerson } from '../../api/directory';
import type { ValueSource } from '../../components/fieldFormat';

/**
 * A person's value of a column as FieldValue takes it: the directory sends a profile view's
 * value (`{value, display, people}`); a bare value (a plain string or number) is taken as it is.
 */
export function valueSourceOf(column: Pick<DirectoryColumn, 'key' | 'type'>, person: Pick<DirectoryPerson, 'values'>): ValueSource {
  const raw = Object.hasOwn(person.values, column.key) ? person.values[column.key] : null;
  if (raw && typeof raw === 'object' && !Array.isArray(raw) && 'value' in raw) {
    const v = raw as { value: unknown; display?: ValueSource['display']; people?: ValueSource['people'] };
    return { type: column.type, value: v.value, display: v.display ?? null, people: v.people };
  }
  const display = Array.isArray(raw) ? raw.map(String) : raw === null || raw === undefined ? null : String(raw);
  return { type: column.type, value: raw ?? null, display };
}

