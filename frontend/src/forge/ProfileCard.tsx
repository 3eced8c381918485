import Lozenge from '@atlaskit/lozenge';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useState, type MouseEvent } from 'react';
import { ApiError, messageOf } from '../api/errors';
import type { Profile } from '../api/profiles';
import { useServices } from '../app/HostContext';
import { Avatar } from '../components/Avatar';
import { FieldValue } from '../components/FieldValue';
import { formatMoment } from '../components/fieldFormat';
import { Notice } from '../components/Notice';
import { usePicture } from '../pages/profile/usePicture';
import { cardOf, requestedFields } from './cards';

type CardState = { kind: 'loading' } | { kind: 'problem'; title: string; message: string; status: number } | { kind: 'card'; profile: Profile };

/**
 * The profile card (the macro) and the author card (the byline item) on Forge: Custom UI cannot
 * show server-rendered HTML, so the card is the profile the REST API gives the viewer (a profile
 * GET, its policy applied), drawn with the Profile page's components. `problemWithout` is what a
 * card without a person says (a macro not configured yet, a byline without an author).
 */
export function ProfileCard({ problemWithout }: { problemWithout: { title: string; message: string } }) {
  const { host, api } = useServices();
  const [params, setParams] = useState<Record<string, string> | null>(null);
  const [state, setState] = useState<CardState>({ kind: 'loading' });
  const profile = state.kind === 'card' ? state.profile : null;
  const picture = usePicture(profile);

  useEffect(() => {
    void host.context().then(({ parameters }) => setParams(parameters));
  }, [host]);

  useEffect(() => {
    if (!params) return;
    if (!params.accountId) return setState({ kind: 'problem', status: 400, ...problemWithout });
    if (params.accountIdValid === 'false') return setState({ kind: 'problem', status: 400, title: 'This is not an account id', message: 'Edit this macro and choose a person.' });
    let current = true;
    api.profiles.get(params.accountId).then(
      (p) => current && setState({ kind: 'card', profile: p }),
      (error) => {
        if (!current) return;
        const status = error instanceof ApiError ? error.status : 0;
        if (status === 404) setState({ kind: 'problem', status, title: 'Person not found', message: 'No one on this Confluence site has this account: they may have been removed, or the macro names a wrong account id.' });
        else setState({ kind: 'problem', status, title: 'The card could not be loaded', message: messageOf(error) });
      },
    );
    return () => void (current = false);
  }, [api, params, problemWithout]);

  const open = useCallback(
    (accountId: string) => (event: MouseEvent<HTMLAnchorElement>) => {
      event.preventDefault();
      void host.navigate({ moduleKey: 'profile', parameters: { accountId } });
    },
    [host],
  );

  if (state.kind === 'loading') {
    return (
      <div data-testid="card-loading" style={{ padding: token('space.150') }}>
        <Spinner size="small" label="Loading the card" />
      </div>
    );
  }
  if (state.kind === 'problem') {
    return (
      <div data-testid="profile-card-problem" data-status={String(state.status)} style={{ padding: token('space.100') }}>
        <Notice appearance={state.status === 404 || state.status === 400 ? 'warning' : 'error'} title={state.title} role="status">
          <p data-testid="problem-message">{state.message}</p>
        </Notice>
      </div>
    );
  }
  const card = cardOf(state.profile, requestedFields(params?.fields));
  const accountId = state.profile.accountId;
  const linkStyle = { color: token('color.link') };
  return (
    <article data-testid="profile-card" data-account-id={accountId} aria-label={card.name} style={{ display: 'flex', flexDirection: 'column', gap: token('space.150'), padding: token('space.150'), maxWidth: 480 }}>
      <header style={{ display: 'flex', alignItems: 'center', gap: token('space.150') }}>
        <Avatar name={card.name} src={picture.url} size="medium" testId={picture.url ? 'card-picture' : 'card-initials'} />
        <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.025'), minWidth: 0 }}>
          <a href="#" data-testid="card-name" onClick={open(accountId)} style={{ ...linkStyle, fontWeight: token('font.weight.semibold') }}>
            {card.name}
          </a>
          {card.subtitle && (
            <span data-testid="card-subtitle" style={{ color: token('color.text.subtle') }}>
              {card.subtitle}
            </span>
          )}
          {state.profile.leftDirectoryAt && (
            <span data-testid="card-left" title={`Left the directory on ${formatMoment(state.profile.leftDirectoryAt)}`}>
              <Lozenge>Left the directory</Lozenge>
            </span>
          )}
        </div>
      </header>
      {card.fields.length > 0 && (
        <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: token('space.150'), rowGap: token('space.050') }}>
          {card.fields.map((field) => (
            <div key={field.key} data-testid="card-field" data-field-key={field.key} style={{ display: 'contents' }}>
              <dt style={{ color: token('color.text.subtle') }}>{field.label}</dt>
              <dd data-testid="card-value" style={{ margin: 0, minWidth: 0, overflowWrap: 'anywhere' }}>
                <FieldValue field={field} personHref={() => '#'} />
              </dd>
            </div>
          ))}
        </dl>
      )}
      {card.requestedButHidden && (
        <p data-testid="card-empty" style={{ margin: 0, color: token('color.text.subtlest') }}>
          Nothing to show here for you.
        </p>
      )}
      <footer>
        <a href="#" data-testid="card-profile-link" onClick={open(accountId)} style={linkStyle}>
          View full profile
        </a>
      </footer>
    </article>
  );
}
