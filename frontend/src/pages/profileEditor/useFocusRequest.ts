import { useCallback, useLayoutEffect, useRef } from 'react';

/**
 * Focus that must follow a change: a moved row is rebuilt (in another category) or moved in the
 * DOM, which takes the focus away from the button that was pressed. `requestFocus(selector)`
 * focuses the first enabled match after the next render.
 */
export function useFocusRequest(): (selector: string) => void {
  const wanted = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (!wanted.current) return;
    const target = document.querySelector<HTMLElement>(wanted.current);
    wanted.current = null;
    if (target && document.activeElement !== target) target.focus();
  });
  return useCallback((selector: string) => {
    wanted.current = selector;
  }, []);
}

/** A selector of one control (by test id) in a field's row or a category, enabled. */
export function controlOf(scope: { field: string } | { category: string }, testId: string): string {
  const where = 'field' in scope ? `[data-field-key="${CSS.escape(scope.field)}"]` : `[data-category-id="${CSS.escape(scope.category)}"]`;
  return `${where} [data-testid="${testId}"]:not([disabled])`;
}
