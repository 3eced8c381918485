import type { FieldMapping, ProfileField } from '../../db/models';
import { DnSyntaxError, normalizeDn } from '../../directory/ldap';
import { validateValue, type FieldType } from '../../profiles/fieldTypes';
import type { PersonRef, SourceValue } from './sourceRecord';

/**
 * Turns a source's raw values (strings, as LDAP and XML give them) into values of the field's type.
 * Single-valued fields take the first value, multi-valued ones all values; select fields match
 * option labels (case-insensitive); person fields become references the engine resolves later.
 */
export interface FieldMapper {
  fieldKey: string;
  attribute: string;
  label: string;
  map(raw: string[] | undefined): { value: SourceValue } | { error: string };
}

const MULTI: ReadonlySet<FieldType> = new Set(['multiselect', 'multiuser']);

export function buildMappers(mappings: FieldMapping[], fields: Map<string, ProfileField>, personRef: PersonRef['ref']): FieldMapper[] {
  return mappings.flatMap((mapping) => {
    const field = fields.get(mapping.fieldKey);
    if (!field) return []; // the field was deleted after the mapping was made
    const type = field.type as FieldType;
    const map = (raw: string[] | undefined): { value: SourceValue } | { error: string } => {
      const values = (raw ?? []).map((v) => v.trim()).filter((v) => v !== '');
      if (values.length === 0) return { value: null };
      if (type === 'user' || type === 'multiuser') {
        const refs: PersonRef[] = [];
        for (const value of type === 'user' ? values.slice(0, 1) : values) {
          if (personRef !== 'dn') refs.push({ ref: personRef, value });
          else {
            // Compared with the entries' normalised DNs: spelling, spacing and escaping may differ.
            // Normalising checks the syntax too (once per value: every entry has a manager).
            try {
              refs.push({ ref: 'dn', value: normalizeDn(value) });
            } catch (error) {
              if (!(error instanceof DnSyntaxError)) throw error;
              return { error: `${field.label}: ${JSON.stringify(value)} is not a DN (${error.message})` };
            }
          }
        }
        return { value: type === 'user' ? refs[0] : refs };
      }
      if (type === 'select' || type === 'multiselect') {
        const ids: string[] = [];
        for (const label of MULTI.has(type) ? values : values.slice(0, 1)) {
          const option = field.options.find((o) => o.label.toLowerCase() === label.toLowerCase());
          if (!option) return { error: `${field.label}: "${label}" is not one of its options` };
          ids.push(option.id);
        }
        return { value: type === 'select' ? ids[0] : [...new Set(ids)] };
      }
      const result = validateValue(type, type === 'multiline' ? values.join('\n') : values[0]);
      return result.ok ? { value: result.value as SourceValue } : { error: `${field.label}: ${JSON.stringify(values[0])} ${result.message}` };
    };
    return [{ fieldKey: field.key, attribute: mapping.attribute, label: field.label, map }];
  });
}
