import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { useId, useRef, useState } from 'react';
import type { AuditEvent } from '../../api/audit';
import { useServices } from '../../app/HostContext';
import { LoadError } from '../../components/LoadError';
import { changedBy, whatChanged } from './history';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * A profile's history and "Download my profile data", for the person and admins: the changes,
 * newest first, who made them (a person, a sync, the migration) and from what to what; more on
 * demand. Values of restricted categories show only to members of their groups.
 */
export function ProfileHistory({ accountId, own }: { accountId: string; own: boolean }) {
  const { api, host } = useServices();
  const headingId = useId();
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);
  const generation = useRef(0);

  const load = async (cursor: string | null) => {
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    try {
      const page = await api.audit.history(accountId, cursor);
      if (mine !== generation.current) return;
      setEvents((before) => [...(cursor && before ? before : []), ...page.events]);
      setNext(page.nextCursor);
    } catch (err) {
      if (mine === generation.current) setError((err as Error).message);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  };

  const download = async () => {
    setDownloading(true);
    try {
      const blob = await api.audit.exportData(accountId);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = own ? 'my-profile-data.json' : `profile-data-${accountId}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
      host.showFlag({ title: own ? 'Your profile data is downloaded' : 'The profile data is downloaded', type: 'success' });
    } catch (err) {
      host.showFlag({ title: 'The download failed', body: (err as Error).message, type: 'error' });
    } finally {
      setDownloading(false);
    }
  };

  return (
    <section data-testid="profile-history" aria-labelledby={headingId} style={{ display: 'flex', flexDirection: 'column', gap: token('space.100') }}>
      <Heading size="small" as="h3" id={headingId}>
        History
      </Heading>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: token('space.100') }}>
        {events === null && (
          <Button testId="show-history" onClick={() => void load(null)} isLoading={loading}>
            Show the history of changes
          </Button>
        )}
        <Button testId="download-data" onClick={() => void download()} isLoading={downloading}>
          {own ? 'Download my profile data' : 'Download this person’s profile data'}
        </Button>
      </div>
      {error && <LoadError title="The history could not be loaded" message={error} onRetry={() => void load(events?.length ? next : null)} />}
      {events !== null && events.length === 0 && (
        <p data-testid="history-empty" style={{ margin: 0, color: token('color.text.subtle') }}>
          No changes yet.
        </p>
      )}
      {events !== null && events.length > 0 && (
        <ol data-testid="history-list" style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: token('space.100') }}>
          {events.map((event) => (
            <li key={event.id} data-testid="history-event" data-action={event.action} style={{ borderLeft: `2px solid ${token('color.border')}`, paddingLeft: token('space.150') }}>
              <div style={{ color: token('color.text.subtle'), font: token('font.body.small') }}>
                <time dateTime={event.at}>{when(event.at)}</time> · <span data-testid="history-by">{changedBy(event)}</span>
              </div>
              {whatChanged(event).map((line, i) => (
                <div key={i} data-testid="history-change" style={{ overflowWrap: 'anywhere' }}>
                  {line}
                </div>
              ))}
            </li>
          ))}
        </ol>
      )}
      {next && events && (
        <div>
          <Button testId="more-history" onClick={() => void load(next)} isLoading={loading}>
            Show older changes
          </Button>
        </div>
      )}
    </section>
  );
}
