import { token } from '@atlaskit/tokens';
import type { Category } from '../../../api/profileSchema';
import type { Field } from '../../../api/profileSchema';
import { bodyCell, headerCell } from '../../../components/DataTable';
import type { Edits } from './edits';
import { GroupRow } from './GroupRow';
import { MappingRow } from './MappingRow';
import { PictureRows } from './PictureRows';
import type { SourceKindWord } from './rules';

export interface MappingTableProps {
  kind: SourceKindWord;
  matchBy: 'email' | 'accountId';
  fields: readonly Field[];
  categories: readonly Category[];
  edits: Edits;
  errors: Readonly<Record<string, string>>;
  onAttribute(fieldKey: string, attribute: string): void;
  onWriteBack(fieldKey: string, on: boolean): void;
  picture: { attribute: string | null; writeBack: boolean; onWriteBack(on: boolean): void };
  /** Where each row's input registers, so that a save can focus the first with a problem. */
  inputRef(fieldKey: string): (input: HTMLInputElement | null) => void;
}

const EMPTY = { attribute: '', writeBack: false };

/** Every profile field in the schema's order, grouped by category, with its mapping; for LDAP the write-back column and the picture. */
export function MappingTable({ kind, matchBy, fields, categories, edits, errors, onAttribute, onWriteBack, picture, inputRef }: MappingTableProps) {
  const names = new Map(categories.map((c) => [c.id, c.name]));
  const columns = kind === 'ldap' ? 4 : 3;
  const used = fields.map((f) => edits[f.key]?.attribute ?? '');
  const rows: JSX.Element[] = [];
  let lastCategory: string | null = null;
  fields.forEach((field, i) => {
    const name = names.get(field.categoryId);
    if (field.categoryId !== lastCategory && name) rows.push(<GroupRow key={`category-${field.categoryId}-${i}`} title={name} columns={columns} />);
    lastCategory = field.categoryId;
    rows.push(
      <MappingRow
        key={field.key}
        ref={inputRef(field.key)}
        field={field}
        kind={kind}
        matchBy={matchBy}
        edit={edits[field.key] ?? EMPTY}
        error={errors[field.key] ?? ''}
        used={used.filter((_, j) => j !== i)}
        onAttribute={(attribute) => onAttribute(field.key, attribute)}
        onWriteBack={(on) => onWriteBack(field.key, on)}
      />,
    );
  });
  return (
    <div style={{ overflowX: 'auto' }}>
      <table data-testid="mapping-table" style={{ borderCollapse: 'collapse', width: '100%' }}>
        <thead>
          <tr>
            <th scope="col" style={headerCell}>
              Profile field
            </th>
            <th scope="col" style={headerCell}>
              Type
            </th>
            <th scope="col" style={headerCell}>
              {kind === 'ldap' ? 'LDAP attribute' : 'Element or attribute in the record'}
            </th>
            {kind === 'ldap' && (
              <th scope="col" style={headerCell}>
                Write-back
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {fields.length === 0 && (
            <tr>
              <td colSpan={columns} style={{ ...bodyCell, color: token('color.text.subtle') }}>
                There are no profile fields yet: add some in the Profile Editor.
              </td>
            </tr>
          )}
          {rows}
          {kind === 'ldap' && <PictureRows attribute={picture.attribute} writeBack={picture.writeBack} onWriteBack={picture.onWriteBack} />}
        </tbody>
      </table>
    </div>
  );
}
