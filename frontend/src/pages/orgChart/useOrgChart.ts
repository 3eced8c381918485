import { useCallback, useMemo, useRef, useState } from 'react';
import { messageOf } from '../../api/errors';
import type { OrgChart, OrgPerson } from '../../api/orgChart';
import { useServices } from '../../app/HostContext';
import { layoutChart } from './layout';

/** What the chart shows: the cards' people, the trees' tops, and what is opened under whom. */
interface ChartState {
  people: Map<string, OrgPerson>;
  roots: string[];
  /** Everyone under a person, once loaded. */
  reports: Map<string, string[]>;
  /** On the chain above the person in focus: the one person shown under each (until opened). */
  path: Map<string, string>;
  expanded: Set<string>;
  /** The person the chart was opened on (highlighted), or null for the tops. */
  focus: string | null;
  meta: Pick<OrgChart, 'superiorField' | 'restricted' | 'cardFields'> & { chainCycle: boolean };
}

/** People the macro's tree opens at most before leaving the rest closed. */
export const TREE_BUDGET = 300;

const EMPTY: ChartState = {
  people: new Map(),
  roots: [],
  reports: new Map(),
  path: new Map(),
  expanded: new Set(),
  focus: null,
  meta: { superiorField: null, restricted: false, cardFields: [], chainCycle: false },
};

/**
 * The org chart's state: `showPerson` (their chain above, their reports below), `showTops` (the
 * roots side by side), `toggle` (open or close the reports under a card, loaded on first open).
 * Server data is refetched when the view changes; only what is open is local state.
 */
export function useOrgChart(cardFields?: string[]) {
  const { api } = useServices();
  const [state, setState] = useState<ChartState>(EMPTY);
  const [status, setStatus] = useState<{ loading: boolean; error: string | null }>({ loading: true, error: null });
  const [loadingReports, setLoadingReports] = useState<string | null>(null);
  const request = useRef(0);

  const withPeople = (people: Map<string, OrgPerson>, more: OrgPerson[]) => {
    const next = new Map(people);
    for (const p of more) next.set(p.accountId, { ...next.get(p.accountId), ...p });
    return next;
  };

  const run = useCallback(async (load: () => Promise<ChartState>) => {
    const mine = ++request.current;
    setStatus({ loading: true, error: null });
    try {
      const next = await load();
      if (mine === request.current) setState(next);
      if (mine === request.current) setStatus({ loading: false, error: null });
    } catch (error) {
      if (mine === request.current) setStatus({ loading: false, error: messageOf(error) });
    }
  }, []);

  const showTops = useCallback(
    () =>
      run(async () => {
        const answer = await api.orgChart.roots(cardFields);
        return { ...EMPTY, people: withPeople(new Map(), answer.roots), roots: answer.roots.map((r) => r.accountId), meta: { ...answer, chainCycle: false } };
      }),
    [api, cardFields, run],
  );

  const showPerson = useCallback(
    (accountId: string, options: { topsWhenAlone?: boolean } = {}) =>
      run(async () => {
        const chart = await api.orgChart.around(accountId, cardFields);
        if (options.topsWhenAlone && chart.chain.length === 0 && chart.reports.length === 0 && chart.superiorField) {
          const tops = await api.orgChart.roots(cardFields);
          if (tops.roots.length > 0) return { ...EMPTY, people: withPeople(new Map(), tops.roots), roots: tops.roots.map((r) => r.accountId), meta: { ...tops, chainCycle: false } };
        }
        const line = [...chart.chain].reverse().map((p) => p.accountId);
        const path = new Map<string, string>();
        [...line, accountId].forEach((id, i, all) => i > 0 && path.set(all[i - 1], id));
        // The person's own counts, from their reports'.
        const person = { ...chart.person, directReports: chart.reports.length, totalReports: chart.reports.reduce((sum, r) => sum + 1 + (r.totalReports ?? 0), 0) };
        return {
          people: withPeople(new Map(), [...chart.chain, person, ...chart.reports]),
          roots: [line[0] ?? accountId],
          reports: new Map([[accountId, chart.reports.map((r) => r.accountId)]]),
          path,
          expanded: new Set([accountId]),
          focus: accountId,
          meta: { superiorField: chart.superiorField, restricted: chart.restricted, cardFields: chart.cardFields, chainCycle: chart.chainCycle },
        };
      }),
    [api, cardFields, run],
  );

  /**
   * The macro's tree: `root` at the top (no chain above) and `depth` levels of reports opened
   * below, level by level, until about {@link TREE_BUDGET} people are on the chart (the rest stay
   * closed, with their counts, and open on a click).
   */
  const showTree = useCallback(
    (root: string, depth: number) =>
      run(async () => {
        const chart = await api.orgChart.around(root, cardFields);
        const person = { ...chart.person, directReports: chart.reports.length, totalReports: chart.reports.reduce((sum, r) => sum + 1 + (r.totalReports ?? 0), 0) };
        let people = withPeople(new Map(), [person, ...chart.reports]);
        const reports = new Map([[root, chart.reports.map((r) => r.accountId)]]);
        const expanded = new Set([root]);
        let level = chart.reports;
        for (let d = 1; d < depth && people.size < TREE_BUDGET; d++) {
          // At most 40 subtrees a level (40 calls at once), and no more than the budget leaves room for.
          const open = level.filter((p) => (p.directReports ?? 0) > 0).slice(0, Math.min(40, Math.max(0, TREE_BUDGET - people.size)));
          const answers = await Promise.all(open.map((p) => api.orgChart.reports(p.accountId, cardFields)));
          level = [];
          open.forEach((p, i) => {
            reports.set(p.accountId, answers[i].reports.map((r) => r.accountId));
            expanded.add(p.accountId);
            level.push(...answers[i].reports);
          });
          people = withPeople(people, level);
        }
        return { ...EMPTY, people, roots: [root], reports, expanded, focus: root, meta: { superiorField: chart.superiorField, restricted: chart.restricted, cardFields: chart.cardFields, chainCycle: false } };
      }),
    [api, cardFields, run],
  );

  const toggle = useCallback(
    async (accountId: string) => {
      if (state.expanded.has(accountId)) {
        const expanded = new Set(state.expanded);
        expanded.delete(accountId);
        return setState((s) => ({ ...s, expanded }));
      }
      if (state.reports.has(accountId)) return setState((s) => ({ ...s, expanded: new Set([...s.expanded, accountId]) }));
      setLoadingReports(accountId);
      try {
        const answer = await api.orgChart.reports(accountId, cardFields);
        setState((s) => ({
          ...s,
          people: withPeople(s.people, answer.reports),
          reports: new Map(s.reports).set(accountId, answer.reports.map((r) => r.accountId)),
          expanded: new Set([...s.expanded, accountId]),
        }));
      } catch (error) {
        setStatus((st) => ({ ...st, error: messageOf(error) }));
      } finally {
        setLoadingReports(null);
      }
    },
    [api, cardFields, state.expanded, state.reports],
  );

  const layout = useMemo(
    () =>
      layoutChart({
        roots: state.roots,
        childrenOf: (id) => {
          if (state.expanded.has(id)) return state.reports.get(id);
          const next = state.path.get(id);
          return next ? [next] : undefined;
        },
      }),
    [state.roots, state.expanded, state.reports, state.path],
  );

  return { ...state, layout, status, loadingReports, showPerson, showTops, showTree, toggle };
}

export type OrgChartState = ReturnType<typeof useOrgChart>;
