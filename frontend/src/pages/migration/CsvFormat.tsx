import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { FIELD_KEYS } from './useMigration';

const CSV_EXAMPLE = 'email;phone;position;department;location\n' + 'ann@example.com;+41 44 111 22 33;Archivist;"Records; Archive";Basel\n' + 'ben@example.com;;Clerk;Front office;Zürich';

/** The CSV format, with the six fields' current labels, and a small example. */
export function CsvFormat({ labels }: { labels: Record<string, string> }) {
  return (
    <section data-testid="csv-format" aria-labelledby="pm-format-title" style={{ display: 'flex', flexDirection: 'column', gap: token('space.100') }}>
      <Heading size="small" as="h3" id="pm-format-title">
        The CSV file
      </Heading>
      <ul style={{ margin: 0, paddingLeft: token('space.300') }}>
        <li>
          A header row naming the person: <code>accountId</code> (the Atlassian account id) or <code>email</code>.
        </li>
        <li>
          Any of the columns below, in any order and any case; other columns are ignored, and an empty cell migrates nothing:
          <ul data-testid="csv-columns">
            {FIELD_KEYS.map((key) => (
              <li key={key}>
                <code>{key}</code>
                {labels[key] && labels[key] !== key && <span style={{ color: token('color.text.subtle') }}>{` → ${labels[key]}`}</span>}
              </li>
            ))}
          </ul>
        </li>
        <li>
          Values separated by <code>,</code> or <code>;</code>; quote a value that holds the separator or a line break.
        </li>
        <li>Saved as UTF-8, with or without BOM (Excel: “CSV UTF-8”).</li>
      </ul>
      <p id="pm-example-title" style={{ margin: 0, fontWeight: token('font.weight.semibold') }}>
        Example
      </p>
      <pre data-testid="csv-example" aria-labelledby="pm-example-title" style={{ margin: 0, padding: token('space.100'), overflowX: 'auto', borderRadius: token('radius.small'), backgroundColor: token('color.background.neutral'), color: token('color.text') }}>
        {CSV_EXAMPLE}
      </pre>
    </section>
  );
}
