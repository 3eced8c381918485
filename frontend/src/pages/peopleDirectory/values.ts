import type { DirectoryColumn, DirectoryPerson } from '../../api/directory';
import type { ValueSource } from '../../components/fieldFormat';

/** A person's value of a column as FieldValue takes it (the directory sends a profile view's value); empty when they have none. */
export function valueSourceOf(column: Pick<DirectoryColumn, 'key' | 'type'>, person: Pick<DirectoryPerson, 'values'>): ValueSource {
  const value = Object.hasOwn(person.values, column.key) ? person.values[column.key] : undefined;
  if (!value) return { type: column.type, value: null, display: null };
  return { type: column.type, value: value.value, display: value.display, people: value.people };
}
