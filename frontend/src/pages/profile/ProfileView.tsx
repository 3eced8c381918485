import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { useId } from 'react';
import type { Profile, ProfileCategory } from '../../api/profiles';
import { EmptyState } from '../../components/EmptyState';
import { isEmptyValue } from '../../components/fieldFormat';
import { RestrictedLozenge } from './RestrictedLozenge';
import { ViewField } from './ViewField';

interface ViewProps {
  profile: Profile;
  /** The viewer's own profile (the empty state speaks to them). */
  own: boolean;
  personHref: (accountId: string) => string;
}

function CategoryView({ category, fields, personHref }: { category: ProfileCategory; fields: ProfileCategory['fields']; personHref: (accountId: string) => string }) {
  const titleId = useId();
  return (
    <section data-testid="category" data-category-id={category.id} aria-labelledby={titleId} style={{ display: 'flex', flexDirection: 'column', gap: token('space.100') }}>
      <Heading size="small" as="h3" id={titleId}>
        <span data-testid="category-name">{category.name}</span>
        {category.restricted && <RestrictedLozenge testId="category-restricted" />}
      </Heading>
      <dl style={{ margin: 0 }}>
        {fields.map((field) => (
          <ViewField key={field.key} field={field} personHref={personHref} />
        ))}
      </dl>
    </section>
  );
}

/**
 * The profile as people read it, category by category. Those who may edit it see its empty fields
 * too (an invitation to fill them in); others only what is there.
 */
export function ProfileView({ profile, own, personHref }: ViewProps) {
  const sections = profile.categories
    .map((category) => ({ category, fields: category.fields.filter((f) => profile.canEdit || !isEmptyValue(f.value)) }))
    .filter((s) => s.fields.length > 0);
  if (!sections.length) {
    return (
      <EmptyState
        testId="profile-empty"
        title={profile.canEdit && own ? 'Your profile is empty' : 'Nothing to show yet'}
        description={profile.canEdit ? 'Use “Edit profile” to tell colleagues what you do and how to reach you.' : 'This person has not filled in anything you can see.'}
      />
    );
  }
  return (
    <>
      {sections.map(({ category, fields }) => (
        <CategoryView key={category.id} category={category} fields={fields} personHref={personHref} />
      ))}
    </>
  );
}
