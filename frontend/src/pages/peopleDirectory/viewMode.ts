/** How results are shown: a table or cards. The choice is remembered in this browser (localStorage). */
export type ViewMode = 'table' | 'cards';

const KEY = 'rollcall.peopleDirectory.view';

/** The remembered view ('table' when none, or when storage cannot be read: a sandboxed frame may refuse it). */
export function rememberedView(storage: Pick<Storage, 'getItem'> | null = safeStorage()): ViewMode {
  try {
    return storage?.getItem(KEY) === 'cards' ? 'cards' : 'table';
  } catch {
    return 'table';
  }
}

/** Remembers the view; a storage that refuses is ignored (the choice then lasts this visit). */
export function rememberView(mode: ViewMode, storage: Pick<Storage, 'setItem'> | null = safeStorage()): void {
  try {
    storage?.setItem(KEY, mode);
  } catch {
    // Storage full or refused: nothing to remember with.
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}
