import { token } from '@atlaskit/tokens';
import type { Field } from '../../../api/profileSchema';
import { bodyCell, headerCell } from '../../../components/DataTable';
import { isReference, sampleValueText } from '../format';
import { DnCode } from './TestSteps';

/** A sample of a test: the entry (a DN) or record, its match key, its mapped values, its problems. */
export interface Sample {
  /** The DN (LDAP) or the record's place (XML). */
  where: string;
  matchValue: string | null;
  values: Record<string, unknown>;
  problems: string[];
  hasPicture?: boolean;
}

/** The field keys the samples have values for, in the order of the fields. */
export function sampleKeys(samples: Sample[], fields: Field[]): string[] {
  const keys = [...new Set(samples.flatMap((s) => Object.keys(s.values ?? {})))];
  const order = fields.map((f) => f.key);
  const at = (k: string) => (order.includes(k) ? order.indexOf(k) : 1e6);
  return keys.sort((a, b) => at(a) - at(b));
}

function Value({ field, value, xml }: { field: Field | undefined; value: unknown; xml: boolean }) {
  const options = field && 'options' in field && Array.isArray(field.options) ? (field.options as Array<{ id: string; label: string }>) : [];
  const text = sampleValueText(value, options);
  if (!text) return <span style={{ color: token('color.text.subtlest') }}>—</span>;
  if (isReference(value) && !xml) return <DnCode dn={text} />;
  return <span style={{ whiteSpace: field?.type === 'multiline' ? 'pre-wrap' : undefined }}>{text}</span>;
}

/** The samples as a table: one row each, one column per mapped field (and the picture for LDAP). */
export function SamplesTable({ samples, fields, kind, pictures }: { samples: Sample[]; fields: Field[]; kind: 'ldap' | 'xml'; pictures: boolean }) {
  const keys = sampleKeys(samples, fields);
  const xml = kind === 'xml';
  return (
    <div style={{ overflowX: 'auto' }}>
      <table data-testid="test-samples" style={{ borderCollapse: 'collapse', width: '100%' }}>
        <thead>
          <tr>
            <th scope="col" style={headerCell}>{xml ? 'Record' : 'Entry'}</th>
            <th scope="col" style={headerCell}>{xml ? 'Match key' : 'Matched by'}</th>
            {pictures && <th scope="col" style={headerCell}>Picture</th>}
            {keys.map((k) => (
              <th key={k} scope="col" style={headerCell} data-field-key={k}>
                {fields.find((f) => f.key === k)?.label ?? k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {samples.map((sample, i) => (
            <tr key={i} data-testid="test-sample">
              <td style={bodyCell}>
                {xml ? <span data-testid="test-sample-locator">{sample.where}</span> : <DnCode dn={sample.where} testId="test-sample-dn" />}
                {sample.problems.length > 0 && (
                  <ul data-testid="test-sample-problems" style={{ margin: 0, color: token('color.text.warning') }}>
                    {sample.problems.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                )}
              </td>
              <td style={bodyCell} data-testid="test-sample-match">
                {sample.matchValue ? <span>{sample.matchValue}</span> : <span style={{ color: token('color.text.subtlest') }}>{xml ? 'no key' : 'nothing to match'}</span>}
              </td>
              {pictures && (
                <td style={bodyCell} data-testid="test-sample-picture">
                  {sample.hasPicture ? 'Yes' : 'None'}
                </td>
              )}
              {keys.map((k) => (
                <td key={k} style={bodyCell} data-testid="test-sample-value" data-field-key={k}>
                  <Value field={fields.find((f) => f.key === k)} value={sample.values?.[k]} xml={xml} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
