import { token } from '@atlaskit/tokens';
import type { ProfileField } from '../../api/profiles';
import { useFieldHelp } from '../../components/FieldHelp';
import { isEmptyValue, originText } from '../../components/fieldFormat';
import { FieldValue } from '../../components/FieldValue';

/** One field as people read it: label (with its help), value, and where the value comes from. */
export function ViewField({ field, personHref }: { field: ProfileField; personHref: (accountId: string) => string }) {
  const empty = isEmptyValue(field.value);
  const origin = empty ? null : originText(field.origin);
  const help = useFieldHelp(field.helpText, field.label);
  return (
    <div data-testid="field" data-field-key={field.key} data-type={field.type} style={{ display: 'grid', gridTemplateColumns: 'minmax(140px, 220px) 1fr', columnGap: token('space.300'), rowGap: token('space.050'), padding: `${token('space.100')} 0`, borderBottom: `1px solid ${token('color.border')}` }}>
      <dt style={{ display: 'flex', alignItems: 'center', gap: token('space.050'), color: token('color.text.subtle'), fontWeight: token('font.weight.semibold') }}>
        <span data-testid="field-label">{field.label}</span>
        {help.icon}
      </dt>
      <dd style={{ margin: 0, minWidth: 0, overflowWrap: 'anywhere' }}>
        <div data-testid="field-value">
          <FieldValue field={field} personHref={personHref} />
        </div>
        {origin && (
          <div data-testid="field-origin" style={{ color: token('color.text.subtlest'), font: token('font.body.small') }}>
            {origin}
          </div>
        )}
      </dd>
      {help.panel && <div style={{ gridColumn: '1 / -1' }}>{help.panel}</div>}
    </div>
  );
}
