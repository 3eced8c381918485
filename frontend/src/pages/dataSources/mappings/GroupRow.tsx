import { token } from '@atlaskit/tokens';
import { bodyCell } from '../../../components/DataTable';

/** A row heading a group of the mappings table (a category, the picture). */
export function GroupRow({ title, columns = 4 }: { title: string; columns?: number }) {
  return (
    <tr>
      <th colSpan={columns} scope="colgroup" style={{ ...bodyCell, textAlign: 'left', paddingTop: token('space.200'), font: token('font.heading.xxsmall'), color: token('color.text') }}>
        {title}
      </th>
    </tr>
  );
}
