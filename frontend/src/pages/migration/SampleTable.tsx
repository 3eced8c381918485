import { token } from '@atlaskit/tokens';
import { useEffect, useState } from 'react';
import { bodyCell, headerCell, TableSection } from '../../components/DataTable';
import type { MigrationPreview } from '../../api/migration';
import { useServices } from '../../app/HostContext';
import { valueText } from './format';

function ValueCell({ value, testId }: { value: unknown; testId: string }) {
  const text = valueText(value);
  return (
    <td style={bodyCell} data-testid={testId}>
      {text || <span style={{ color: token('color.text.subtlest') }}>(empty)</span>}
    </td>
  );
}

/**
 * People by name: the dry run's name when it has one, else their profile's (asked once per
 * person; the account id stays when that fails).
 */
function useNames(sample: MigrationPreview['sample']): Record<string, string> {
  const { api } = useServices();
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    let live = true;
    for (const person of sample) {
      if (person.displayName) continue;
      api.profiles.get(person.accountId).then(
        (profile) => live && profile.displayName && setNames((n) => ({ ...n, [person.accountId]: profile.displayName! })),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [api, sample]);
  return names;
}

/** What would change, person by person: each field's value now and after the migration. */
export function SampleTable({ plan }: { plan: MigrationPreview }) {
  const names = useNames(plan.sample);
  const lines = plan.sample.some((p) => p.line !== null && p.line !== undefined);
  const title = plan.sample.length < plan.wouldChange ? `The first ${plan.sample.length} of ${plan.wouldChange} profiles that would change` : 'What would change';
  return (
    <TableSection title={title} intro="Each value as the profile has it now and as it would be after the migration. Fields carry their current labels." testId="dry-run-sample">
      <thead>
        <tr>
          <th scope="col" style={headerCell}>Person</th>
          <th scope="col" style={headerCell}>Field</th>
          <th scope="col" style={headerCell}>Before</th>
          <th scope="col" style={headerCell}>
            <span className="rc-assistive">becomes</span>
          </th>
          <th scope="col" style={headerCell}>After</th>
        </tr>
      </thead>
      <tbody>
        {plan.sample.flatMap((person) =>
          person.fields.map((field, i) => (
            <tr key={`${person.accountId}/${field.key}`} data-testid="sample-row" data-account-id={person.accountId} data-field-key={field.key}>
              {i === 0 && (
                <th scope="rowgroup" rowSpan={person.fields.length} data-testid="sample-person" style={{ ...bodyCell, textAlign: 'left', fontWeight: token('font.weight.semibold') }}>
                  <span data-testid="sample-person-name" data-account-id={person.accountId}>
                    {person.displayName || names[person.accountId] || person.accountId}
                  </span>
                  {lines && person.line !== null && person.line !== undefined && (
                    <span data-testid="sample-line" style={{ display: 'block', fontWeight: token('font.weight.regular'), color: token('color.text.subtlest') }}>{`Line ${person.line}`}</span>
                  )}
                </th>
              )}
              <td style={bodyCell} data-testid="sample-field" data-field-key={field.key}>{field.label}</td>
              <ValueCell value={field.before} testId="sample-before" />
              <td style={bodyCell} aria-hidden="true">→</td>
              <ValueCell value={field.after} testId="sample-after" />
            </tr>
          )),
        )}
      </tbody>
    </TableSection>
  );
}
