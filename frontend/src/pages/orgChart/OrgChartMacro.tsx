import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useServices } from '../../app/HostContext';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { ChartCanvas, type View } from './ChartCanvas';
import { GAP_Y } from './layout';
import { useOrgChart } from './useOrgChart';
import './orgChart.css';

interface MacroParameters {
  accountId: string;
  depth: number;
  fields?: string[];
  profileLink?: string;
  siteUrl?: string;
}

/** The macro's frame is at most this tall; a bigger chart pans inside it. */
const MAX_HEIGHT = 560;

/**
 * The Org chart macro (Connect: `/macros/org-chart`, the `org-chart` entry in macro mode; Forge:
 * the `rollcall-org-chart-macro` module): the person the macro names (or the page's author) at the
 * top, `depth` levels of reports opened below, fitted to the frame's width. The same cards,
 * keyboard and click-to-open as the page; no toolbar.
 */
export function OrgChartMacro() {
  const { host } = useServices();
  const [params, setParams] = useState<MacroParameters | null>(null);
  const [view, setView] = useState<View>({ x: 0, y: 0, zoom: 1 });
  const size = useRef({ width: 800, height: 400 });
  const chart = useOrgChart(params?.fields);

  useEffect(() => {
    void host.context().then(({ parameters }) =>
      setParams({
        accountId: parameters.accountId ?? '',
        depth: Math.min(4, Math.max(1, Number(parameters.depth) || 2)),
        fields: parameters.fields ? parameters.fields.split(',').filter(Boolean) : undefined,
        profileLink: parameters.profileLink,
        siteUrl: parameters.siteUrl,
      }),
    );
  }, [host]);

  const { showTree, layout } = chart;
  useEffect(() => {
    if (params?.accountId) void showTree(params.accountId, params.depth);
  }, [params, showTree]);

  // Fitted to the width (never enlarged), the top centred.
  const fitted = useRef(false);
  useEffect(() => {
    if (fitted.current || layout.cards.length === 0) return;
    fitted.current = true;
    const zoom = Math.min(1, (size.current.width - 32) / Math.max(1, layout.width));
    setView({ zoom, x: Math.round((size.current.width - layout.width * zoom) / 2), y: 16 });
  }, [layout]);

  const onSize = useCallback((next: { width: number; height: number }) => (size.current = next), []);
  if (params && !params.accountId) return <EmptyState testId="org-macro-problem" title="Choose a person" description="Edit this macro and choose the person at the top of the chart." />;
  if (chart.status.error && layout.cards.length === 0) return <LoadError title="The org chart could not be loaded" message={chart.status.error} onRetry={() => params && void showTree(params.accountId, params.depth)} />;
  if (!chart.status.loading && chart.meta.restricted) return <EmptyState testId="org-restricted" title="The org chart is not shown to you" description="Who reports to whom is kept in a field of a restricted category." />;
  if (!chart.status.loading && !chart.meta.superiorField) return <EmptyState testId="org-no-field" title="No org chart yet" description="An admin marks a User field as “Org chart superior” in the Profile Editor." />;
  const height = Math.min(MAX_HEIGHT, Math.ceil(layout.height * view.zoom) + 16 + GAP_Y);
  return (
    <div data-testid="org-chart-macro" data-state={chart.status.loading ? 'loading' : 'ready'} style={{ padding: token('space.050') }}>
      <ChartCanvas chart={chart} view={view} onView={setView} onSize={onSize} profileLink={params?.profileLink} siteUrl={params?.siteUrl} height={`${Math.max(200, height)}px`} />
    </div>
  );
}
