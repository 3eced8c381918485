import { token } from '@atlaskit/tokens';
import { EmptyState } from '../../components/EmptyState';
import { CategoryCard } from './CategoryCard';
import type { DragAndDrop } from './useDragAndDrop';
import type { EditorState } from './useProfileEditor';

/** The categories in order, each a drop zone for fields and a dragged item itself; or the empty state. */
export function CategoryList({ state, dnd }: { state: EditorState; dnd: DragAndDrop }) {
  const categories = state.schema?.categories ?? [];
  return (
    <div data-testid="category-list" aria-busy={!state.schema} {...dnd.listHandlers} style={{ display: 'flex', flexDirection: 'column', gap: token('space.200') }}>
      {state.schema && !categories.length && (
        <EmptyState testId="categories-empty" title="No categories yet" description="Profiles are made of categories of fields. Add the first category below, then add fields to it." />
      )}
      {categories.map((category, index) => (
        <CategoryCard key={category.id} category={category} index={index} state={state} dragged={dnd.dragged} mark={dnd.mark} />
      ))}
    </div>
  );
}
