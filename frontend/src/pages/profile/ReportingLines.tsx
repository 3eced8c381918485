import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { useEffect, useId, useState, type MouseEvent } from 'react';
import type { OrgChart, OrgPerson } from '../../api/orgChart';
import { useServices } from '../../app/HostContext';
import { PersonLink } from '../../components/PersonLink';

/** Direct reports listed by name at most; the rest are in the org chart. */
const SHOWN = 12;

const nameOf = (p: OrgPerson) => p.displayName ?? p.accountId;

/**
 * "Reports to" and "Direct reports" on a profile, with links to their profiles and to the org
 * chart, from the org chart's API (so restricted categories apply the same way: no edges, no
 * section). Nothing is shown while loading, on failure, or when the person has neither.
 */
export function ReportingLines({ accountId, personHref }: { accountId: string; personHref: (accountId: string) => string }) {
  const { api, host } = useServices();
  const [chart, setChart] = useState<OrgChart | null>(null);
  const titleId = useId();
  useEffect(() => {
    let current = true;
    setChart(null);
    api.orgChart.around(accountId).then(
      (answer) => current && setChart(answer),
      () => undefined, // secondary information: the profile stands without it
    );
    return () => {
      current = false;
    };
  }, [api, accountId]);
  if (!chart || !chart.superiorField || (chart.chain.length === 0 && chart.reports.length === 0)) return null;
  const superior = chart.chain[0];
  const openChart = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    void host.navigate({ moduleKey: 'org-chart', parameters: { accountId } });
  };
  const link = (p: OrgPerson) => <PersonLink accountId={p.accountId} name={nameOf(p)} href={personHref(p.accountId)} />;
  const label = { color: token('color.text.subtle'), fontWeight: token('font.weight.semibold') };
  return (
    <section data-testid="reporting-lines" aria-labelledby={titleId} style={{ display: 'flex', flexDirection: 'column', gap: token('space.100') }}>
      <Heading size="small" as="h3" id={titleId}>
        Reporting lines
      </Heading>
      <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'minmax(120px, 200px) 1fr', gap: `${token('space.075')} ${token('space.200')}` }}>
        {superior && (
          <>
            <dt style={label}>Reports to</dt>
            <dd style={{ margin: 0 }} data-testid="reports-to">
              {link(superior)}
            </dd>
          </>
        )}
        {chart.reports.length > 0 && (
          <>
            <dt style={label}>Direct reports</dt>
            <dd style={{ margin: 0 }} data-testid="direct-reports">
              {chart.reports.slice(0, SHOWN).map((p, i) => (
                <span key={p.accountId}>
                  {i > 0 && ', '}
                  {link(p)}
                </span>
              ))}
              {chart.reports.length > SHOWN && ` and ${(chart.reports.length - SHOWN).toLocaleString()} more`}
            </dd>
          </>
        )}
      </dl>
      <a href="#" onClick={openChart} data-testid="open-org-chart" style={{ color: token('color.link'), alignSelf: 'flex-start' }}>
        Open in the org chart
      </a>
    </section>
  );
}
