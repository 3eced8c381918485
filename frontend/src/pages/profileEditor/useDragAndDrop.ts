import { useCallback, useRef, useState, type DragEvent } from 'react';
import { flushSync } from 'react-dom';
import { dropTarget, sameMark, type Dragged, type DropMark } from './dropTarget';
import type { FieldPlace } from './order';

export interface DragAndDrop {
  /** The handlers of the category list (events bubble up from rows and headers). */
  listHandlers: {
    onDragStart: (event: DragEvent<HTMLElement>) => void;
    onDragOver: (event: DragEvent<HTMLElement>) => void;
    onDragLeave: (event: DragEvent<HTMLElement>) => void;
    onDrop: (event: DragEvent<HTMLElement>) => void;
    onDragEnd: () => void;
  };
  dragged: Dragged | null;
  mark: DropMark | null;
}

/**
 * HTML5 drag and drop on the category list: a field row (draggable while its help is closed) goes
 * before or after another row, or into a category (an empty one too); a category header moves its
 * category. The arrow buttons are the keyboard's way to do the same.
 */
export function useDragAndDrop(onMoveField: (key: string, place: FieldPlace) => void, onMoveCategory: (id: string, index: number) => void): DragAndDrop {
  const [dragged, setDragged] = useState<Dragged | null>(null);
  const [mark, setMark] = useState<DropMark | null>(null);
  const current = useRef<Dragged | null>(null);
  const shown = useRef<DropMark | null>(null);

  const showMark = useCallback((next: DropMark | null) => {
    if (sameMark(shown.current, next)) return;
    shown.current = next;
    // At once: the mark follows the pointer, and it is what the admin aims with.
    flushSync(() => setMark(next));
  }, []);

  const end = useCallback(() => {
    current.current = null;
    setDragged(null);
    showMark(null);
  }, [showMark]);

  const onDragStart = useCallback((event: DragEvent<HTMLElement>) => {
    const target = event.target instanceof Element ? event.target : null;
    const row = target?.closest('[data-testid="field-row"][draggable="true"]');
    const header = row ? null : target?.closest('[data-testid="category-header"][draggable="true"]');
    const section = header?.closest('[data-testid="category"]');
    const item: Dragged | null = row ? { kind: 'field', key: row.getAttribute('data-field-key') ?? '' } : section ? { kind: 'category', id: section.getAttribute('data-category-id') ?? '' } : null;
    if (!item) return;
    current.current = item;
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', item.kind === 'field' ? item.key : item.id);
    if (header) event.dataTransfer.setDragImage(header, 20, 20);
    // After the browser took its drag image, dim the original.
    window.setTimeout(() => setDragged(current.current), 0);
  }, []);

  const onDragOver = useCallback(
    (event: DragEvent<HTMLElement>) => {
      if (!current.current) return;
      const target = dropTarget(current.current, event.target, event.clientY, event.currentTarget);
      if (!target) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      showMark(target.none ? null : target.mark);
    },
    [showMark],
  );

  const onDragLeave = useCallback(
    (event: DragEvent<HTMLElement>) => {
      if (!(event.relatedTarget instanceof Node) || !event.currentTarget.contains(event.relatedTarget)) showMark(null);
    },
    [showMark],
  );

  const onDrop = useCallback(
    (event: DragEvent<HTMLElement>) => {
      const item = current.current;
      if (!item) return;
      const target = dropTarget(item, event.target, event.clientY, event.currentTarget);
      if (!target) return;
      event.preventDefault();
      end();
      if (target.none) return;
      if (item.kind === 'field' && target.field) onMoveField(item.key, target.field);
      if (item.kind === 'category' && target.categoryIndex !== undefined) onMoveCategory(item.id, target.categoryIndex);
    },
    [end, onMoveField, onMoveCategory],
  );

  return { listHandlers: { onDragStart, onDragOver, onDragLeave, onDrop, onDragEnd: end }, dragged, mark };
}
