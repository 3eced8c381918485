import { token } from '@atlaskit/tokens';
import { bodyCell, headerCell, TableSection } from '../../components/DataTable';
import type { InvalidValue, UnmatchedLine } from '../../api/migration';
import { lineText, plural } from './format';

const hasLines = (items: Array<{ line?: number | null }>) => items.some((item) => item.line !== null && item.line !== undefined);
const lineAttr = (line: number | null | undefined) => (line === null || line === undefined ? undefined : String(line));

/** The rows that named nobody on this site (`<prefix>-unmatched`). */
export function UnmatchedTable({ items, testPrefix }: { items: UnmatchedLine[]; testPrefix: string }) {
  const lines = hasLines(items);
  return (
    <TableSection
      title={plural(items.length, 'row names nobody on this site', 'rows name nobody on this site')}
      intro={lines ? 'No Confluence person of this site has this email address or account id; these rows are left out.' : 'These people are not known to Rollcall; they are left out.'}
      testId={`${testPrefix}-unmatched`}
    >
      <thead>
        <tr>
          {lines && <th scope="col" style={headerCell}>Line</th>}
          <th scope="col" style={headerCell}>Email or account id</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item, i) => (
          <tr key={i} data-testid="unmatched-row" data-line={lineAttr(item.line)}>
            {lines && <td style={bodyCell} data-testid="unmatched-line">{lineText(item.line)}</td>}
            <td style={bodyCell} data-testid="unmatched-identifier">{item.identifier}</td>
          </tr>
        ))}
      </tbody>
    </TableSection>
  );
}

/** The values that do not fit their field and are skipped (`<prefix>-invalid`). */
export function InvalidTable({ items, testPrefix }: { items: InvalidValue[]; testPrefix: string }) {
  const lines = hasLines(items);
  return (
    <TableSection
      title={plural(items.length, 'value is invalid', 'values are invalid')}
      intro="These values do not fit their field and are skipped; the person’s other values still migrate. Correct them in the file and migrate again."
      testId={`${testPrefix}-invalid`}
    >
      <thead>
        <tr>
          {lines && <th scope="col" style={headerCell}>Line</th>}
          {['Person', 'Field', 'Value', 'Reason'].map((title) => (
            <th key={title} scope="col" style={headerCell}>{title}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {items.map((item, i) => (
          <tr key={i} data-testid="invalid-row" data-line={lineAttr(item.line)}>
            {lines && <td style={bodyCell} data-testid="invalid-line">{lineText(item.line)}</td>}
            <td style={bodyCell} data-testid="invalid-identifier">{item.identifier}</td>
            <td style={bodyCell} data-testid="invalid-field">{item.field}</td>
            <td style={bodyCell} data-testid="invalid-value">{item.value}</td>
            <td style={bodyCell} data-testid="invalid-reason">{item.reason}</td>
          </tr>
        ))}
      </tbody>
    </TableSection>
  );
}

/** Values in categories restricted to groups the admin is not in: counted, never shown. */
export function HiddenNote({ count, testPrefix }: { count: number; testPrefix: string }) {
  return (
    <p data-testid={`${testPrefix}-hidden-note`} data-count={String(count)} style={{ margin: 0, color: token('color.text.subtle') }}>
      {`${plural(count, 'value is', 'values are')} in categories restricted to groups you are not in: ${count === 1 ? 'it is' : 'they are'} not shown here.`}
    </p>
  );
}
