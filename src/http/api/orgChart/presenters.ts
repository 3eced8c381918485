import type { ChartAccess, ChartAround, ChartReports, ChartRoots, OrgPerson } from '../../../profiles/orgChart';
import type { QualityIssue, QualityReport } from '../../../profiles/orgChartQuality';

/** One card: every field that leaves the server (no email). */
export function presentOrgPerson(person: OrgPerson) {
  return {
    accountId: person.accountId,
    displayName: person.displayName,
    pictureUrl: person.pictureUrl,
    onSite: person.onSite,
    active: person.active,
    leftDirectory: person.leftDirectory,
    values: person.values,
    ...(person.directReports !== undefined ? { directReports: person.directReports, totalReports: person.totalReports ?? 0 } : {}),
  };
}

function presentAccess(access: ChartAccess) {
  return {
    superiorField: access.superiorField && { key: access.superiorField.key, label: access.superiorField.label },
    restricted: access.restricted,
    cardFields: access.cardFields.map((f) => ({ key: f.key, label: f.label, type: f.type })),
  };
}

export function presentChartAround(chart: ChartAround) {
  return {
    ...presentAccess(chart),
    person: presentOrgPerson(chart.person),
    chain: chart.chain.map(presentOrgPerson),
    chainCycle: chart.chainCycle,
    chainTruncated: chart.chainTruncated,
    reports: chart.reports.map(presentOrgPerson),
    reportsTruncated: chart.reportsTruncated,
  };
}

export function presentChartReports(chart: ChartReports) {
  return { ...presentAccess(chart), accountId: chart.accountId, reports: chart.reports.map(presentOrgPerson), reportsTruncated: chart.reportsTruncated };
}

export function presentChartRoots(chart: ChartRoots) {
  return { ...presentAccess(chart), roots: chart.roots.map(presentOrgPerson) };
}

function presentIssue(issue: QualityIssue) {
  return {
    kind: issue.kind,
    people: issue.people.map((p) => ({
      ...presentOrgPerson(p),
      source: p.source && { kind: p.source.kind, ...(p.source.sourceId !== undefined ? { sourceId: p.source.sourceId, sourceName: p.source.sourceName ?? null } : {}) },
    })),
    ...(issue.superior ? { superior: presentOrgPerson(issue.superior) } : {}),
    ...(issue.peopleBelow !== undefined ? { peopleBelow: issue.peopleBelow } : {}),
  };
}

export function presentQualityReport(report: QualityReport) {
  return {
    superiorField: report.superiorField && { key: report.superiorField.key, label: report.superiorField.label },
    restricted: report.restricted,
    counts: { ...report.counts },
    issues: report.issues.map(presentIssue),
  };
}
