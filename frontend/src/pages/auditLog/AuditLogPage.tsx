import Button from '@atlaskit/button/new';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditEvent, AuditFilter } from '../../api/audit';
import { useServices } from '../../app/HostContext';
import { bodyCell, headerCell } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { FormField } from '../../components/FormField';
import { TextInput, Select } from '../../components/inputs';
import { LoadError } from '../../components/LoadError';
import { PageLayout } from '../../components/PageLayout';
import { PersonLink } from '../../components/PersonLink';
import { PersonPicker, type Person } from '../../components/PersonPicker';
import { changedBy, whatChanged } from '../profile/history';
import { ACTION_FILTERS, actionLabel, dayRange } from './actions';

const INTRO =
  'Who changed what and when: profile edits with each field’s old and new value, changes made by syncs and the Profile Migration, pictures, and changes to fields, categories and data sources. Values of fields in restricted categories show only if you are in their groups. Events are kept for a year.';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** An event's details in words, when it is not a profile's field changes. */
function detailsOf(event: AuditEvent): string[] {
  if (event.changes || event.action.startsWith('picture.')) return whatChanged(event);
  const d = (event.details ?? {}) as Record<string, unknown>;
  if (event.action === 'profiles.created') return [`${String(d.created ?? 0)} profiles created`];
  if (event.action === 'accounts.erased') return [`${String(d.accounts ?? 0)} closed accounts erased${d.referencesRemoved ? `, removed from ${String(d.referencesRemoved)} other profiles` : ''}`];
  const name = typeof d.name === 'string' ? d.name : typeof d.label === 'string' ? d.label : null;
  return name ? [name] : [];
}

/** What an event was about: a person's profile (linked), or a field, category or source by its id. */
function Subject({ event }: { event: AuditEvent }) {
  if (event.subject.type === 'profile') {
    if (event.subject.id === 'erased-account') return <span style={{ color: token('color.text.subtle') }}>An erased account</span>;
    return <PersonLink accountId={event.subject.id} name={event.subject.displayName ?? event.subject.id} href="#" />;
  }
  const kinds: Record<string, string> = { field: 'Field', category: 'Category', source: 'Data source', sync_run: 'Sync run', site: 'This site' };
  return (
    <span>
      {kinds[event.subject.type] ?? event.subject.type}
      {event.subject.type !== 'site' && ` ${event.subject.id}`}
    </span>
  );
}

/**
 * The Audit log admin page: the site's events newest first, filtered by person (whose profile),
 * by who did it, by kind and by days; "Load older events" follows the cursor. Restricted values
 * follow the admin's own group memberships (the server leaves them out).
 */
export function AuditLogPage() {
  const { api } = useServices();
  const [person, setPerson] = useState<Person[]>([]);
  const [actor, setActor] = useState<Person[]>([]);
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<{ message: string; status?: number } | null>(null);
  const generation = useRef(0);

  const filter: AuditFilter = { person: person[0]?.accountId, actor: actor[0]?.accountId, action: action || undefined, ...dayRange(from, to) };
  const filterKey = JSON.stringify(filter);

  const load = useCallback(
    async (cursor: string | null) => {
      const mine = ++generation.current;
      setLoading(true);
      setError(null);
      try {
        const page = await api.audit.list(JSON.parse(filterKey) as AuditFilter, cursor);
        if (mine !== generation.current) return;
        setEvents((before) => [...(cursor && before ? before : []), ...page.events]);
        setNext(page.nextCursor);
      } catch (err) {
        if (mine === generation.current) setError({ message: (err as Error).message, status: (err as { status?: number }).status });
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [api, filterKey],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  return (
    <PageLayout title="Audit log" intro={INTRO} rootProps={{ 'data-testid': 'audit-log', 'data-loaded': events ? 'true' : error ? 'error' : undefined, 'data-busy': loading ? 'true' : undefined }}>
      <form data-testid="audit-filters" role="search" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()} style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(230px, 1fr))', gap: token('space.200'), alignItems: 'start' }}>
        <FormField label="Whose profile">{(control) => <PersonPicker label="Whose profile" multi={false} value={person} onChange={setPerson} control={control} testId="filter-person" />}</FormField>
        <FormField label="Changed by">{(control) => <PersonPicker label="Changed by" multi={false} value={actor} onChange={setActor} control={control} testId="filter-actor" />}</FormField>
        <FormField label="What">
          {(control) => (
            <Select {...control} testId="filter-action" value={action} onChange={(e) => setAction(e.target.value)}>
              {ACTION_FILTERS.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField label="From (day)">{(control) => <TextInput {...control} type="date" testId="filter-from" value={from} onChange={(e) => setFrom(e.target.value)} />}</FormField>
        <FormField label="To (day)">{(control) => <TextInput {...control} type="date" testId="filter-to" value={to} onChange={(e) => setTo(e.target.value)} />}</FormField>
      </form>
      <div aria-live="polite">{error && <LoadError title="The audit log could not be loaded" message={error.message} onRetry={error.status === 403 ? undefined : () => void load(events?.length ? next : null)} />}</div>
      {!events && !error && (
        <div data-testid="loading" style={{ display: 'flex', alignItems: 'center', gap: token('space.100') }}>
          <Spinner size="small" />
          <span>Loading the audit log…</span>
        </div>
      )}
      {events && events.length === 0 && <EmptyState testId="audit-empty" title="No events" description="Nothing was recorded that matches these filters." />}
      {events && events.length > 0 && (
        <div style={{ overflowX: 'auto' }}>
          <table data-testid="audit-table" style={{ borderCollapse: 'collapse', width: '100%' }}>
            <caption style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>Audit events, newest first</caption>
            <thead>
              <tr>
                <th scope="col" style={headerCell}>
                  When
                </th>
                <th scope="col" style={headerCell}>
                  Who
                </th>
                <th scope="col" style={headerCell}>
                  What
                </th>
                <th scope="col" style={headerCell}>
                  About
                </th>
                <th scope="col" style={headerCell}>
                  Changes
                </th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id} data-testid="audit-event" data-action={event.action}>
                  <td style={{ ...bodyCell, whiteSpace: 'nowrap' }}>
                    <time dateTime={event.at}>{when(event.at)}</time>
                  </td>
                  <td style={bodyCell} data-testid="audit-by">
                    {event.by === 'person' && event.actor ? <PersonLink accountId={event.actor.accountId} name={event.actor.displayName ?? event.actor.accountId} href="#" /> : changedBy(event)}
                  </td>
                  <td style={bodyCell} data-testid="audit-action">
                    {actionLabel(event.action)}
                  </td>
                  <td style={bodyCell} data-testid="audit-subject">
                    <Subject event={event} />
                  </td>
                  <td style={bodyCell} data-testid="audit-changes">
                    {detailsOf(event).map((line, i) => (
                      <div key={i} data-testid="audit-change">
                        {line}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && events && (
        <div>
          <Button testId="audit-more" onClick={() => void load(next)} isLoading={loading}>
            Load older events
          </Button>
        </div>
      )}
    </PageLayout>
  );
}
