import { token } from '@atlaskit/tokens';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type WheelEvent } from 'react';
import { useServices } from '../../app/HostContext';
import { CARD_HEIGHT, CARD_WIDTH, cardsWithin, neighbour } from './layout';
import { PersonCard } from './PersonCard';
import type { OrgChartState } from './useOrgChart';

/** Pan and zoom: the chart's offset in the viewport (pixels) and its scale. */
export interface View {
  x: number;
  y: number;
  zoom: number;
}

export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 2;
/** Cards drawn beyond the edges of the viewport, so panning shows no empty border. */
const OVERSCAN = 300;

export interface ChartCanvasProps {
  chart: OrgChartState;
  view: View;
  onView(view: View): void;
  /** The viewport's size, reported for the export and zoom buttons. */
  onSize(size: { width: number; height: number }): void;
  profileLink?: string;
  siteUrl?: string;
  /** The viewport's CSS height (default 70% of the window: the page; the macro gives its own). */
  height?: string;
}

/** The visible rectangle of the chart, in chart coordinates. */
export function visibleRect(view: View, size: { width: number; height: number }) {
  return { x: -view.x / view.zoom, y: -view.y / view.zoom, width: size.width / view.zoom, height: size.height / view.zoom };
}

/**
 * The chart: a viewport that pans (drag, arrow-free scrolling with the wheel) and zooms (Ctrl +
 * wheel, or the page's buttons), drawing only the cards in view (a team of 2,000 is 2,000 places
 * but a few dozen elements) and the connectors as one SVG path. A tree for assistive technology:
 * one card in the tab order; arrow keys move between cards, Enter opens or closes reports (on
 * someone with none, their profile).
 */
export function ChartCanvas({ chart, view, onView, onSize, profileLink, siteUrl, height = '70vh' }: ChartCanvasProps) {
  const { host } = useServices();
  const viewport = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 800, height: 600 });
  const [selected, setSelected] = useState<string | null>(null);
  const moveFocus = useRef(false);
  const drag = useRef<{ x: number; y: number; view: View } | null>(null);
  const { layout } = chart;

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const measure = () => {
      const next = { width: element.clientWidth, height: element.clientHeight };
      setSize(next);
      onSize(next);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [onSize]);

  // The keyboard's card: the focus person at first, kept while it is on the chart.
  useEffect(() => {
    if (!selected || !layout.byId.has(selected)) setSelected(chart.focus ?? chart.roots[0] ?? null);
  }, [layout, chart.focus, chart.roots, selected]);

  useEffect(() => {
    if (!moveFocus.current || !selected) return;
    moveFocus.current = false;
    viewport.current?.querySelector<HTMLElement>(`[data-account-id="${CSS.escape(selected)}"]`)?.focus({ preventScroll: true });
  });

  const rect = visibleRect(view, size);
  const shown = cardsWithin(layout, { x: rect.x - OVERSCAN, y: rect.y - OVERSCAN, width: rect.width + 2 * OVERSCAN, height: rect.height + 2 * OVERSCAN });
  const selectedCard = selected ? layout.byId.get(selected) : undefined;
  if (selectedCard && !shown.includes(selectedCard)) shown.push(selectedCard);

  /** Pans just enough to bring a card into view. */
  const reveal = (id: string) => {
    const card = layout.byId.get(id);
    if (!card) return;
    const left = card.x * view.zoom + view.x;
    const top = card.y * view.zoom + view.y;
    const margin = 24;
    let { x, y } = view;
    if (left < margin) x += margin - left;
    if (left + CARD_WIDTH * view.zoom > size.width - margin) x -= left + CARD_WIDTH * view.zoom - (size.width - margin);
    if (top < margin) y += margin - top;
    if (top + CARD_HEIGHT * view.zoom > size.height - margin) y -= top + CARD_HEIGHT * view.zoom - (size.height - margin);
    if (x !== view.x || y !== view.y) onView({ ...view, x, y });
  };

  const onKey = (id: string) => (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown' || event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      const next = neighbour(layout, id, event.key);
      if (!next) return;
      moveFocus.current = true;
      setSelected(next);
      reveal(next);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const person = chart.people.get(id);
      const hasReports = (person?.directReports ?? 0) > 0 || chart.path.has(id);
      // Enter opens or closes the reports; on someone with none, it opens their profile.
      if (hasReports) void chart.toggle(id);
      else if (event.key === 'Enter') void host.navigate({ moduleKey: 'profile', parameters: { accountId: id } });
    }
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if ((event.target as HTMLElement).closest('a, button')) return;
    drag.current = { x: event.clientX, y: event.clientY, view };
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start) return;
    onView({ ...start.view, x: start.view.x + event.clientX - start.x, y: start.view.y + event.clientY - start.y });
  };
  const onWheel = (event: WheelEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey) {
      const box = event.currentTarget.getBoundingClientRect();
      const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, view.zoom * (event.deltaY < 0 ? 1.1 : 1 / 1.1)));
      const px = event.clientX - box.left;
      const py = event.clientY - box.top;
      onView({ zoom, x: px - ((px - view.x) * zoom) / view.zoom, y: py - ((py - view.y) * zoom) / view.zoom });
    } else onView({ ...view, x: view.x - event.deltaX, y: view.y - event.deltaY });
  };

  const path = layout.connectors.map((line) => line.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x} ${y}`).join(' ')).join(' ');
  return (
    <div
      ref={viewport}
      className="org-viewport"
      data-testid="org-viewport"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
      onWheel={onWheel}
      style={{
        position: 'relative',
        overflow: 'hidden',
        height,
        minHeight: 200,
        borderRadius: token('radius.medium'),
        border: `1px solid ${token('color.border')}`,
        backgroundColor: token('elevation.surface.sunken'),
        cursor: drag.current ? 'grabbing' : 'grab',
        touchAction: 'none',
      }}
    >
      <div className="org-plane" style={{ position: 'absolute', left: 0, top: 0, transformOrigin: '0 0', transform: `translate(${view.x}px, ${view.y}px) scale(${view.zoom})` }}>
        <svg aria-hidden="true" width={Math.max(1, layout.width)} height={Math.max(1, layout.height)} style={{ position: 'absolute', left: 0, top: 0, overflow: 'visible' }}>
          <path d={path} fill="none" stroke={token('color.border.bold')} strokeWidth={1.5} />
        </svg>
        <div role="tree" aria-label="Org chart" data-testid="org-tree">
          {shown.map((card) => {
            const person = chart.people.get(card.id);
            if (!person) return null;
            const known = (chart.reports.get(card.id)?.length ?? 0) > 0 || (person.directReports ?? 0) > 0 || chart.path.has(card.id);
            return (
              <PersonCard
                key={card.id}
                person={person}
                cardFields={chart.meta.cardFields}
                x={card.x}
                y={card.y}
                depth={card.depth}
                focus={chart.focus === card.id}
                selected={selected === card.id}
                expanded={known ? chart.expanded.has(card.id) : null}
                onChain={chart.path.has(card.id)}
                loading={chart.loadingReports === card.id}
                profileLink={profileLink}
                siteUrl={siteUrl}
                onToggle={() => void chart.toggle(card.id)}
                onSelect={() => setSelected(card.id)}
                onKey={onKey(card.id)}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
