import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api/errors';
import type { OrgPerson, QualityIssue, QualityReport } from '../../api/orgChart';
import { useServices } from '../../app/HostContext';
import { bodyCell, headerCell, TableSection } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { PersonLink, profileHref } from '../../components/PersonLink';

const KINDS: Array<{ kind: QualityIssue['kind']; title: string; intro: string }> = [
  { kind: 'cycle', title: 'Cycles', intro: 'These people’s superiors lead back to them: the chart cannot place them. Each one names the next as superior; the last names the first.' },
  { kind: 'selfReference', title: 'People named as their own superior', intro: 'Their superior field points at themselves.' },
  { kind: 'superiorNotOnSite', title: 'Superiors not on the site', intro: 'Their superior is not a person of this Confluence site, or has been deactivated.' },
  { kind: 'superiorLeftDirectory', title: 'Superiors who left the directory', intro: 'Their superior is no longer in any directory that filled their profile.' },
];

/** Where a superior value came from, in words. */
export function sourceText(source: QualityIssue['people'][number]['source']): string {
  if (!source) return 'Unknown';
  if (source.kind === 'user') return 'Edited in Rollcall';
  if (source.kind === 'migration') return 'Profile Migration';
  const name = 'sourceName' in source && source.sourceName ? source.sourceName : 'a removed source';
  return `${source.kind === 'ldap' ? 'LDAP' : 'XML'}: ${name}`;
}

/**
 * The admins' data quality report: what in the superior field keeps people off the chart, each
 * with the source that set the value. It is computed on every load: "Check again" after mending
 * the data (or syncing) shows what is left.
 */
export function QualityPanel({ profileLink }: { profileLink?: string }) {
  const { api } = useServices();
  const [report, setReport] = useState<QualityReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    setError(null);
    try {
      setReport(await api.orgChart.quality());
    } catch (e) {
      setError(messageOf(e));
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <LoadError title="The data quality report could not be loaded" message={error} onRetry={() => void load()} />;
  if (!report) return <p style={{ color: token('color.text.subtle') }}>Loading the report…</p>;
  if (!report.superiorField)
    return (
      <EmptyState
        testId="org-quality-empty"
        title={report.restricted ? 'The superior field is in a category you may not see' : 'No superior field yet'}
        description={report.restricted ? 'Ask an admin of its groups to check the org chart’s data.' : 'Mark a User field as “Org chart superior” in the Profile Editor.'}
      />
    );
  const person = (p: OrgPerson) => <PersonLink accountId={p.accountId} name={p.displayName ?? p.accountId} href={profileHref(profileLink, p.accountId)} />;
  const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
  return (
    <div data-testid="org-quality" style={{ display: 'flex', flexDirection: 'column', gap: token('space.300') }}>
      <div style={{ display: 'flex', gap: token('space.150'), alignItems: 'center' }}>
        <span data-testid="org-quality-summary">{total === 0 ? `Nothing to mend in “${report.superiorField.label}”.` : `${total.toLocaleString()} ${total === 1 ? 'problem' : 'problems'} in “${report.superiorField.label}”.`}</span>
        <Button onClick={() => void load()}>Check again</Button>
      </div>
      {KINDS.filter((k) => report.counts[k.kind] > 0).map(({ kind, title, intro }) => {
        const issues = report.issues.filter((i) => i.kind === kind);
        const shown = issues.length < report.counts[kind] ? ` (the first ${issues.length} of ${report.counts[kind]})` : '';
        return (
          <TableSection key={kind} title={`${title} (${report.counts[kind]})`} intro={intro + shown} testId={`org-quality-${kind}`}>
            <thead>
              <tr>
                <th style={headerCell}>{kind === 'cycle' ? 'People, in order' : 'Person'}</th>
                {(kind === 'superiorNotOnSite' || kind === 'superiorLeftDirectory') && <th style={headerCell}>Superior</th>}
                {(kind === 'cycle' || kind === 'selfReference') && <th style={headerCell}>People below</th>}
                <th style={headerCell}>Set by</th>
              </tr>
            </thead>
            <tbody>
              {issues.map((issue, i) => (
                <tr key={i} data-testid="org-quality-issue">
                  <td style={bodyCell}>
                    {issue.people.map((p, j) => (
                      <span key={p.accountId}>
                        {j > 0 && ' → '}
                        {person(p)}
                      </span>
                    ))}
                    {kind === 'cycle' && issue.people[0] && <span> → {issue.people[0].displayName ?? issue.people[0].accountId}</span>}
                  </td>
                  {issue.superior && <td style={bodyCell}>{issue.superior.onSite ? person(issue.superior) : `${issue.superior.displayName ?? issue.superior.accountId} (not on the site)`}</td>}
                  {issue.peopleBelow !== undefined && <td style={bodyCell}>{issue.peopleBelow.toLocaleString()}</td>}
                  <td style={bodyCell}>{[...new Set(issue.people.map((p) => sourceText(p.source)))].join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </TableSection>
        );
      })}
    </div>
  );
}
