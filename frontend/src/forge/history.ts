import type { PageHistory } from '../host/host';

/** The part of the `history` object `view.createHistory()` gives (the `history` package's, v4 or v5) that Rollcall uses. */
export interface ForgeHistoryLike {
  location: { pathname?: string; search?: string } | null | undefined;
  push(to: { pathname?: string; search: string }): void;
  replace(to: { pathname?: string; search: string }): void;
  listen(listener: (update: unknown, action?: unknown) => void): unknown;
}

/**
 * A global page's address on Forge as the page's history (`view.createHistory()`: the page's
 * route in Confluence's address): the state is the query (`?q=…`), so a shared link opens with
 * the search (`extension.location` carries it, `peopleList.ts` reads it) and back/forward move
 * between searches. The listener hears every change (v5 gives `{location}`, v4 the location).
 */
export function forgePageHistory(history: ForgeHistoryLike): PageHistory {
  const stateOf = (location: { search?: string } | null | undefined) => (location?.search ?? '').replace(/^\?/, '');
  const to = (state: string) => ({ pathname: history.location?.pathname ?? '/', search: state ? `?${state}` : '' });
  return {
    current: async () => stateOf(history.location),
    push: (state) => {
      if (state !== stateOf(history.location)) history.push(to(state));
    },
    replace: (state) => history.replace(to(state)),
    listen: (listener) =>
      void history.listen((update) => {
        const location = update && typeof update === 'object' && 'location' in update ? (update as { location: { search?: string } }).location : (update as { search?: string });
        listener(stateOf(location));
      }),
  };
}
