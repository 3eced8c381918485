import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../api/errors';
import type { Group } from '../../api/profileSchema';
import { useServices } from '../../app/HostContext';

const DEBOUNCE_MS = 200;
const MAX_SUGGESTIONS = 10;

/** The suggestions list: closed, or open with groups (one active) and a note ("Searching…", "No groups match"). */
export interface Suggestions {
  open: boolean;
  groups: Group[];
  active: number;
  note: string | null;
}

const CLOSED: Suggestions = { open: false, groups: [], active: -1, note: null };

/**
 * The group picker's search: Confluence's groups matching what was typed (REST `GET
 * /rest/v1/groups`, 200 ms after the last key), without the groups already chosen; only the latest
 * search's answer is shown.
 */
export function useGroupSearch(chosen: Group[]) {
  const { api } = useServices();
  const [query, setQuery] = useState('');
  const [suggestions, setSuggestions] = useState<Suggestions>(CLOSED);
  const sequence = useRef(0);
  const chosenIds = useRef(new Set<string>());
  chosenIds.current = new Set(chosen.map((g) => g.id));

  useEffect(() => {
    const text = query.trim();
    const mine = ++sequence.current;
    if (!text) {
      setSuggestions(CLOSED);
      return;
    }
    const timer = window.setTimeout(() => {
      setSuggestions({ open: true, groups: [], active: -1, note: 'Searching…' });
      api.categories.searchGroups(text).then(
        (groups) => {
          if (mine !== sequence.current) return;
          const offered = groups.filter((g) => !chosenIds.current.has(g.id)).slice(0, MAX_SUGGESTIONS);
          setSuggestions({ open: true, groups: offered, active: offered.length ? 0 : -1, note: offered.length ? null : `No groups match “${text}”.` });
        },
        (error: unknown) => {
          if (mine === sequence.current) setSuggestions({ open: true, groups: [], active: -1, note: `Could not search groups: ${messageOf(error)}` });
        },
      );
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [api, query]);

  const close = useCallback(() => {
    sequence.current += 1;
    setSuggestions(CLOSED);
  }, []);

  /** Arrow keys move the active suggestion round the list. */
  const step = useCallback((by: 1 | -1) => {
    setSuggestions((s) => (s.groups.length ? { ...s, active: (s.active + by + s.groups.length) % s.groups.length } : s));
  }, []);

  const clear = useCallback(() => {
    setQuery('');
    close();
  }, [close]);

  return { query, setQuery, suggestions, close, step, clear };
}
