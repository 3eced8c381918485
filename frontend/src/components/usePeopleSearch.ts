import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../api/errors';
import type { PersonFound } from '../api/people';
import { useServices } from '../app/HostContext';

/** A chosen person: account id and the name shown. */
export interface Person {
  accountId: string;
  displayName: string;
}

/** Waits this long after the last key before searching. */
const DEBOUNCE_MS = 150;

/**
 * The people search behind a picker: `find(text)` searches after a pause (an answer to an older
 * text is dropped), leaving out the people already chosen; `active` is the highlighted suggestion.
 */
export function usePeopleSearch(chosen: Person[]) {
  const { api } = useServices();
  const [found, setFound] = useState<{ query: string; people: PersonFound[] } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [active, setActive] = useState(-1);
  const timer = useRef<number | undefined>(undefined);
  const request = useRef(0);

  const close = useCallback(() => {
    window.clearTimeout(timer.current);
    request.current += 1;
    setFound(null);
    setFailure(null);
    setActive(-1);
  }, []);

  const find = (text: string) => {
    const query = text.trim();
    window.clearTimeout(timer.current);
    if (!query) return close();
    timer.current = window.setTimeout(() => {
      const mine = ++request.current;
      api.people.search(query).then(
        (people) => {
          if (mine !== request.current) return;
          setFailure(null);
          setFound({ query, people });
          setActive(0);
        },
        (error: unknown) => {
          if (mine !== request.current) return;
          setFound(null);
          setFailure(`Search failed: ${messageOf(error)}`);
        },
      );
    }, DEBOUNCE_MS);
  };

  useEffect(() => () => window.clearTimeout(timer.current), []);
  const suggestions = (found?.people ?? []).filter((p) => !chosen.some((c) => c.accountId === p.accountId));
  return { query: found?.query ?? '', suggestions, failure, open: !!found || !!failure, active: suggestions.length ? Math.min(active, suggestions.length - 1) : -1, setActive, find, close };
}

export type PeopleSearch = ReturnType<typeof usePeopleSearch>;
