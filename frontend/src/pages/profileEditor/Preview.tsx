import Heading from '@atlaskit/heading';
import PersonIcon from '@atlaskit/icon/core/person';
import LockLockedIcon from '@atlaskit/icon/core/lock-locked';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import type { Field } from '../../api/profileSchema';
import { useFieldHelp } from '../../components/FieldHelp';
import { fieldsOf, type Schema } from './order';
import { hiddenNote, sampleKind, sampleValue } from './preview';
import { muted, subtle } from './styles';

/** A field as a profile shows it: label with its help, a made-up value of its type. */
function PreviewField({ field }: { field: Field }) {
  const help = useFieldHelp(field.helpText, field.label, 'preview-help');
  const kind = sampleKind(field.type);
  return (
    <div data-testid="preview-field" data-preview-field-key={field.key} style={{ display: 'grid', gridTemplateColumns: 'minmax(100px, 40%) 1fr', columnGap: token('space.150'), padding: `${token('space.050')} 0` }}>
      <dt style={{ display: 'flex', alignItems: 'flex-start', color: token('color.text.subtle'), overflowWrap: 'anywhere' }}>
        <span data-testid="preview-field-label">{field.label}</span>
        {help.icon}
      </dt>
      <dd style={{ margin: 0, display: 'flex', alignItems: 'center', gap: token('space.075'), fontStyle: 'italic', color: kind === 'link' ? token('color.link') : token('color.text.subtle'), overflowWrap: 'anywhere' }}>
        {kind === 'person' && <span aria-hidden="true" style={{ width: '16px', height: '16px', borderRadius: '50%', backgroundColor: token('color.background.neutral.bold'), flex: 'none' }} />}
        {sampleValue(field)}
      </dd>
      {help.panel && <div style={{ gridColumn: '1 / -1' }}>{help.panel}</div>}
    </div>
  );
}

/** The live preview: a profile as colleagues see it, in the editor's order; hidden fields left out and counted. */
export function Preview({ schema }: { schema: Schema | null }) {
  const hidden = schema ? schema.fields.filter((f) => !f.shownInProfile).length : 0;
  return (
    <aside data-testid="preview" aria-labelledby="pe-preview-title" style={{ display: 'flex', flexDirection: 'column', gap: token('space.150') }}>
      <div>
        <Heading size="medium" as="h2" id="pe-preview-title">
          Preview
        </Heading>
        <p style={subtle}>A profile as people will see it. Hidden fields are left out.</p>
      </div>
      <div style={{ border: `1px solid ${token('color.border')}`, borderRadius: token('radius.large'), padding: token('space.200'), backgroundColor: token('elevation.surface.raised'), boxShadow: token('elevation.shadow.raised'), display: 'flex', flexDirection: 'column', gap: token('space.200') }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: token('space.150') }}>
          <span aria-hidden="true" style={{ display: 'inline-flex', alignItems: 'center', justifyContent: 'center', width: '40px', height: '40px', borderRadius: '50%', backgroundColor: token('color.background.neutral'), color: token('color.icon.subtle') }}>
            <PersonIcon label="" />
          </span>
          <span style={{ display: 'flex', flexDirection: 'column' }}>
            <strong style={{ color: token('color.text') }}>Alex Example</strong>
            <span style={muted}>A colleague’s profile</span>
          </span>
        </div>
        <div data-testid="preview-body" style={{ display: 'flex', flexDirection: 'column', gap: token('space.200') }}>
          {schema && !schema.categories.length && <p style={subtle}>An empty profile: add a category and some fields.</p>}
          {schema?.categories.map((category) => {
            const shown = fieldsOf(schema, category.id).filter((f) => f.shownInProfile);
            const groups = category.restrictedToGroups.map((g) => g.name).join(', ');
            return (
              <section key={category.id} data-testid="preview-category" data-preview-category-id={category.id}>
                <h3 style={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: token('space.100'), margin: `0 0 ${token('space.050')}`, paddingBottom: token('space.050'), borderBottom: `1px solid ${token('color.border')}`, font: token('font.heading.xsmall'), color: token('color.text') }}>
                  <span data-testid="preview-category-name">{category.name}</span>
                  {groups && (
                    <span data-testid="preview-restricted" title={`Only members of ${groups} see this category`} style={{ display: 'inline-flex', alignItems: 'center', gap: token('space.050') }}>
                      <LockLockedIcon label="" size="small" color={token('color.icon.subtle')} />
                      <Lozenge appearance="moved">Restricted</Lozenge>
                    </span>
                  )}
                </h3>
                {shown.length ? (
                  <dl style={{ margin: 0 }}>
                    {shown.map((field) => (
                      <PreviewField key={field.key} field={field} />
                    ))}
                  </dl>
                ) : (
                  <p style={{ ...subtle, fontStyle: 'italic' }}>No visible fields: profiles leave this category out.</p>
                )}
              </section>
            );
          })}
          {hidden > 0 && (
            <p data-testid="preview-hidden-count" style={subtle}>
              {hiddenNote(hidden)}
            </p>
          )}
        </div>
      </div>
    </aside>
  );
}
