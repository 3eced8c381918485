import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { QueryProblem } from '../../api/directory';
import { TextInput } from '../../components/inputs';
import { splitAtColumn } from './searchState';

export interface SearchBoxProps {
  /** The query searched now (the box shows it again after back/forward). */
  query: string;
  onSearch: (query: string) => void;
  /** The searched query's syntax error, shown under the box. */
  problem: QueryProblem | null;
  /** The id of the tips, which describe the box. */
  tipsId: string;
}

/**
 * The search box: the filter language's query, searched on Enter or "Search". A syntax error
 * shows under it with the query marked where it went wrong (the column the server names) and the
 * caret moved there.
 */
export function SearchBox({ query, onSearch, problem, tipsId }: SearchBoxProps) {
  const [draft, setDraft] = useState(query);
  const input = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const inputId = useId();

  useEffect(() => setDraft(query), [query]);

  // The caret where the error is, so the person can fix it there.
  useEffect(() => {
    if (!problem?.column || !input.current) return;
    const at = Math.min(problem.column - 1, input.current.value.length);
    input.current.focus();
    input.current.setSelectionRange(at, Math.min(at + 1, input.current.value.length));
  }, [problem]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(draft.trim());
  };

  return (
    <form role="search" onSubmit={submit} data-testid="directory-search" style={{ display: 'flex', flexDirection: 'column', gap: token('space.075') }}>
      <label htmlFor={inputId} style={{ fontWeight: token('font.weight.semibold'), color: token('color.text.subtle') }}>
        Search people
      </label>
      <div style={{ display: 'flex', gap: token('space.100'), alignItems: 'flex-start' }}>
        <div style={{ flex: 1 }}>
          <TextInput
            ref={input}
            id={inputId}
            name="q"
            testId="directory-query"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder='Name, or e.g. department:"R&D (Berlin)" location:Ber*'
            aria-invalid={!!problem}
            aria-describedby={problem ? `${errorId} ${tipsId}` : tipsId}
            spellCheck={false}
          />
        </div>
        <Button appearance="primary" type="submit" testId="directory-search-submit">
          Search
        </Button>
      </div>
      {problem && <QueryError id={errorId} query={query} problem={problem} />}
    </form>
  );
}

/** The syntax error: the server's message, and the query with the character at the error's column marked and a caret under it. */
export function QueryError({ id, query, problem }: { id: string; query: string; problem: QueryProblem }) {
  const parts = problem.column ? splitAtColumn(query, problem.column) : null;
  return (
    <div id={id} role="alert" data-testid="query-error" data-column={problem.column ?? undefined} style={{ color: token('color.text.danger'), display: 'flex', flexDirection: 'column', gap: token('space.050') }}>
      <span data-testid="query-error-message">{problem.message}</span>
      {parts && (
        <pre aria-hidden="true" data-testid="query-error-where" style={{ margin: 0, padding: token('space.075'), borderRadius: token('radius.small', '3px'), backgroundColor: token('color.background.danger'), color: token('color.text'), whiteSpace: 'pre', overflowX: 'auto' }}>
          {parts.before}
          <mark data-testid="query-error-mark" style={{ backgroundColor: token('color.background.danger.bold'), color: token('color.text.inverse'), borderRadius: '2px' }}>
            {parts.at || ' '}
          </mark>
          {parts.after}
          {'\n'}
          {' '.repeat(parts.before.length)}^
        </pre>
      )}
    </div>
  );
}
