import Heading from '@atlaskit/heading';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { useServices } from '../../app/HostContext';
import { useAnnouncer } from '../../components/Announcer';
import { LoadError } from '../../components/LoadError';
import { MigrationHint } from '../../components/MigrationHint';
import { Notice } from '../../components/Notice';
import { PageLayout } from '../../components/PageLayout';
import { AddCategoryForm } from './AddCategoryForm';
import { CategoryList } from './CategoryList';
import { Preview } from './Preview';
import { subtle } from './styles';
import { useDragAndDrop } from './useDragAndDrop';
import { useMigrationHint } from './useMigrationHint';
import { useProfileEditor } from './useProfileEditor';

const INTRO =
  'The Profile Editor shapes what a profile is. Group fields into categories, choose who may see each category, and put everything in the order people should read it. Changes apply to every profile at once; the preview shows a profile as your colleagues will see it.';
const HINT = 'phone, IM, website, position, department and location can come from Confluence or from a CSV file of your Server/Data Center site, so people need not type them again.';

/**
 * The Profile Editor admin page: categories of profile fields, their order (drag and drop, or the
 * arrow buttons), visibility by group, field types, choices and help texts, with a live preview.
 */
export function ProfileEditorPage() {
  const { announce, region } = useAnnouncer();
  const state = useProfileEditor(announce);
  const dnd = useDragAndDrop(state.placeField, state.placeCategory);
  const hint = useMigrationHint(!!state.schema);
  const { host } = useServices();
  const { schema, loadError } = state;
  return (
    <PageLayout
      title="Profile Editor"
      intro={INTRO}
      banner={<div data-testid="hint-slot">{hint.show && <MigrationHint detail={HINT} onOpen={() => void host.navigate({ moduleKey: 'profile-migration' })} />}</div>}
      rootProps={{ 'data-testid': 'profile-editor', 'data-loaded': schema ? 'true' : undefined, 'data-migration-hint-checked': hint.checked ? 'true' : undefined }}
    >
      <div data-testid="page-message" aria-live="polite">
        {loadError && <LoadError title="The profile fields could not be loaded" message={loadError.message} onRetry={loadError.status === 403 ? undefined : () => void state.load()} />}
        {state.typesMissing && (
          <Notice appearance="warning" testId="types-warning">
            <p>The list of field types could not be loaded: changing a field’s type is not offered for now.</p>
          </Notice>
        )}
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 340px), 1fr))', gridAutoFlow: 'dense', gap: token('space.400'), alignItems: 'start' }}>
        <div data-testid="editor" style={{ gridColumn: 'span 2', minWidth: 0, display: 'flex', flexDirection: 'column', gap: token('space.200') }}>
          <div>
            <Heading size="medium" as="h2">
              Categories and fields
            </Heading>
            <p style={subtle}>Drag the handle to reorder, or use the arrow buttons. Fields can move between categories.</p>
          </div>
          {!schema && !loadError && (
            <div data-testid="loading" style={{ display: 'flex', alignItems: 'center', gap: token('space.100') }}>
              <Spinner size="small" />
              <span>Loading categories and fields…</span>
            </div>
          )}
          {!loadError && <CategoryList state={state} dnd={dnd} />}
          {schema && <AddCategoryForm state={state} />}
        </div>
        <Preview schema={schema} />
      </div>
      {region}
    </PageLayout>
  );
}
