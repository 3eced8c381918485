import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Me } from '../../api/me';
import { useServices } from '../../app/HostContext';
import { useAnnouncer } from '../../components/Announcer';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { Notice } from '../../components/Notice';
import { PageLayout } from '../../components/PageLayout';
import { ChartCanvas, visibleRect, type View } from './ChartCanvas';
import { ChartToolbar } from './ChartToolbar';
import { chartSvg, download, svgToPng } from './exportChart';
import { CARD_HEIGHT, CARD_WIDTH, GAP_Y } from './layout';
import { QualityPanel } from './QualityPanel';
import { useOrgChart } from './useOrgChart';
import './orgChart.css';

/** What the shell tells the page (src/http/pages.ts): the person to start at, and where profile links point. */
interface PageParameters {
  accountId: string;
  viewerId: string | null;
  profileLink?: string;
  siteUrl?: string;
  /** Field keys for the cards (the macro's setting). */
  fields?: string[];
}

/**
 * The Org Chart: starts at the viewer (or `?accountId=`) with their chain above and their reports
 * below; search to focus on someone, the tops side by side, pan and zoom, keyboard navigation,
 * print, export of what is in view (SVG, PNG). Admins have a second tab: the data quality report.
 */
export function OrgChartPage() {
  const { host, api } = useServices();
  const [params, setParams] = useState<PageParameters | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const [tab, setTab] = useState<'chart' | 'quality'>('chart');
  const [view, setView] = useState<View>({ x: 0, y: 0, zoom: 1 });
  const size = useRef({ width: 800, height: 600 });
  const chart = useOrgChart(params?.fields);
  const { announce, region } = useAnnouncer();
  const painted = useRef(false);

  useEffect(() => {
    void host.context().then(({ accountId, parameters }) =>
      setParams({
        accountId: parameters.accountId || accountId || '',
        viewerId: accountId,
        profileLink: parameters.profileLink,
        siteUrl: parameters.siteUrl,
        fields: parameters.fields ? parameters.fields.split(',').filter(Boolean) : undefined,
      }),
    );
    void api.me.get().then(setMe, () => setMe(null));
  }, [host, api]);

  const { showPerson, showTops } = chart;
  useEffect(() => {
    if (!params?.accountId) return;
    performance.mark('org-chart:requested');
    void showPerson(params.accountId, { topsWhenAlone: true }).then(() => performance.mark('org-chart:answered'));
  }, [params, showPerson]);

  // A new chart: its person (or its first top) in the middle, near the top.
  const { layout, focus, roots } = chart;
  useEffect(() => {
    const card = layout.byId.get(focus ?? roots[0] ?? '');
    if (!card) return;
    const { width, height } = size.current;
    // The whole chain above when it fits with a row of reports; otherwise the person a third down.
    const fits = card.y + 2 * CARD_HEIGHT + 2 * GAP_Y < height;
    setView({ zoom: 1, x: Math.round(width / 2 - card.x - CARD_WIDTH / 2), y: Math.round(fits ? 24 : height / 3 - card.y) });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the chart is opened on someone else
  }, [focus, roots]);

  // The first paint of a chart, for the browser test's trace (docs/PERFORMANCE.md).
  useEffect(() => {
    if (painted.current || chart.status.loading || chart.layout.cards.length === 0) return;
    painted.current = true;
    requestAnimationFrame(() => performance.mark('org-chart:painted', { detail: { cards: chart.layout.cards.length } }));
  }, [chart.status.loading, chart.layout]);

  const onSize = useCallback((next: { width: number; height: number }) => (size.current = next), []);
  const zoomBy = (factor: number) =>
    setView((v) => {
      const zoom = Math.min(2, Math.max(0.25, v.zoom * factor));
      const cx = size.current.width / 2;
      const cy = size.current.height / 2;
      return { zoom, x: cx - ((cx - v.x) * zoom) / v.zoom, y: cy - ((cy - v.y) * zoom) / v.zoom };
    });

  const exportAs = async (kind: 'svg' | 'png') => {
    const rect = visibleRect(view, size.current);
    const svg = chartSvg({ layout: chart.layout, people: chart.people, cardFields: chart.meta.cardFields, rect, title: 'Org chart' });
    if (kind === 'svg') download(new Blob([svg], { type: 'image/svg+xml' }), 'org-chart.svg');
    else download(await svgToPng(svg, rect.width, rect.height), 'org-chart.png');
    announce(`The visible part of the chart was saved as ${kind.toUpperCase()}.`);
  };

  const body = () => {
    if (chart.status.error && chart.layout.cards.length === 0)
      return <LoadError title="The org chart could not be loaded" message={chart.status.error} onRetry={() => params && void showPerson(params.accountId)} />;
    if (!chart.status.loading && chart.meta.restricted) return <EmptyState testId="org-restricted" title="The org chart is not shown to you" description="Who reports to whom is kept in a field of a restricted category." />;
    if (!chart.status.loading && !chart.meta.superiorField) return <EmptyState testId="org-no-field" title="No org chart yet" description="An admin marks a User field as “Org chart superior” in the Profile Editor; the chart is drawn from it." />;
    return (
      <>
        {chart.meta.chainCycle && (
          <Notice appearance="warning" role="note">
            The superiors above this person lead back into a circle: the chain stops where it repeats.
          </Notice>
        )}
        {chart.status.error && <Notice appearance="error" role="alert">{chart.status.error}</Notice>}
        <ChartCanvas chart={chart} view={view} onView={setView} onSize={onSize} profileLink={params?.profileLink} siteUrl={params?.siteUrl} />
        <p className="org-hint" style={{ margin: 0, color: token('color.text.subtle'), fontSize: 12 }}>
          Drag to move, Ctrl + wheel to zoom. On a card: arrow keys move between people, Enter shows or hides their reports (or opens the profile of someone with none).
        </p>
      </>
    );
  };

  return (
    <PageLayout title="Org Chart" intro="Who reports to whom, drawn from each person’s superior field." rootProps={{ 'data-testid': 'org-chart', 'data-state': chart.status.loading ? 'loading' : 'ready' }}>
      {region}
      {me?.isAdmin && (
        <div role="tablist" aria-label="Org chart views" className="org-tabs" style={{ display: 'flex', gap: token('space.100') }}>
          {(['chart', 'quality'] as const).map((t) => (
            <Button key={t} role="tab" aria-selected={tab === t} appearance={tab === t ? 'primary' : 'subtle'} testId={`org-tab-${t}`} onClick={() => setTab(t)}>
              {t === 'chart' ? 'Chart' : 'Data quality'}
            </Button>
          ))}
        </div>
      )}
      {tab === 'quality' ? (
        <QualityPanel profileLink={params?.profileLink} />
      ) : (
        <>
          <ChartToolbar
            siteUrl={params?.siteUrl}
            onFind={(accountId) => void showPerson(accountId)}
            onMine={params?.viewerId ? () => void showPerson(params.viewerId!) : undefined}
            onTops={() => void showTops()}
            onZoom={zoomBy}
            onExport={(kind) => void exportAs(kind)}
            disabled={chart.layout.cards.length === 0}
          />
          {body()}
        </>
      )}
    </PageLayout>
  );
}
