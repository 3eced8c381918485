import { token } from '@atlaskit/tokens';
import { matchWords, type SourceKindWord } from './rules';

const listStyle = { margin: 0, paddingLeft: token('space.250'), display: 'flex', flexDirection: 'column' as const, gap: token('space.050') };

/** What the tab is for, and how user, select and multi-valued fields take their values: an LDAP directory's or an XML file's. */
export function MappingsIntro({ kind, matchBy }: { kind: SourceKindWord; matchBy: 'email' | 'accountId' }) {
  if (kind === 'ldap') {
    return (
      <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.100') }}>
        <p style={{ margin: 0 }}>Choose the LDAP attribute that fills each profile field. Leave it empty to leave the field alone: people keep editing it themselves.</p>
        <ul style={listStyle}>
          <li>
            <strong>User fields</strong> take a DN-valued attribute, e.g. <code>manager</code>: the DN is resolved to the person with that DN.
          </li>
          <li>
            <strong>Select fields</strong> match the attribute’s values with the option labels (ignoring case); a value that is not an option is reported in the sync report.
          </li>
          <li>
            <strong>Multi-valued fields</strong> (multi select, multiple users) take every value; the others take the first.
          </li>
        </ul>
      </div>
    );
  }
  return (
    <div data-testid="xml-mappings-intro" style={{ display: 'flex', flexDirection: 'column', gap: token('space.100') }}>
      <p style={{ margin: 0 }}>Choose the element or attribute of each record that fills each profile field. Leave it empty to leave the field alone: people keep editing it themselves.</p>
      <ul style={listStyle}>
        <li>
          <strong>Paths</strong> are relative to the record element: <code>department</code> for a child element, <code>address/city</code> for a nested one, <code>@id</code> for an
          attribute of the record.
        </li>
        <li>
          <strong>User fields</strong> take an element holding {matchWords(matchBy)} (as the Settings tab matches records): it is resolved to that person.
        </li>
        <li>
          <strong>Select fields</strong> match the values with the option labels (ignoring case); a value that is not an option is reported in the sync report.
        </li>
        <li>
          <strong>An element present but empty</strong> clears the field; an element that is missing leaves it alone. Nothing is written back to the file.
        </li>
      </ul>
    </div>
  );
}
