/** The org chart: `/rest/v1/org-chart/…` (the chart around a person, subtrees, roots, the admins' quality report). */
import type { presentChartAround, presentChartReports, presentChartRoots, presentOrgPerson, presentQualityReport } from '../../../src/http/api/orgChart/presenters';
import type { Call } from './call';
import type { Json } from './json';

export type OrgPerson = Json<ReturnType<typeof presentOrgPerson>>;
export type OrgChart = Json<ReturnType<typeof presentChartAround>>;
export type OrgChartReports = Json<ReturnType<typeof presentChartReports>>;
export type OrgChartRoots = Json<ReturnType<typeof presentChartRoots>>;
export type QualityReport = Json<ReturnType<typeof presentQualityReport>>;
export type QualityIssue = QualityReport['issues'][number];

const withFields = (fields?: string[]): Record<string, string> => (fields && fields.length > 0 ? { fields: fields.join(',') } : {});

export function orgChartApi(call: Call) {
  return {
    /** The chart around a person: chain up, direct reports with counts; `fields` for the cards (default position, department). */
    around: (accountId: string, fields?: string[]) =>
      call<OrgChart>({ method: 'GET', path: `/rest/v1/org-chart/people/${encodeURIComponent(accountId)}`, query: withFields(fields) }),
    /** One person's direct reports with their counts (a subtree opened on the chart). */
    reports: (accountId: string, fields?: string[]) =>
      call<OrgChartReports>({ method: 'GET', path: `/rest/v1/org-chart/people/${encodeURIComponent(accountId)}/reports`, query: withFields(fields) }),
    /** People with no superior who have reports. */
    roots: (fields?: string[]) => call<OrgChartRoots>({ method: 'GET', path: '/rest/v1/org-chart/roots', query: withFields(fields) }),
    /** The data quality report (admins). */
    quality: () => call<QualityReport>({ method: 'GET', path: '/rest/v1/org-chart/quality' }),
  };
}
