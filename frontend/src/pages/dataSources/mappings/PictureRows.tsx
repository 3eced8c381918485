import { Checkbox } from '@atlaskit/checkbox';
import { token } from '@atlaskit/tokens';
import { useId } from 'react';
import { bodyCell } from '../../../components/DataTable';
import { GroupRow } from './GroupRow';

export interface PictureRowsProps {
  /** The source's picture attribute (Settings tab), or null when it reads no pictures. */
  attribute: string | null;
  writeBack: boolean;
  onWriteBack(on: boolean): void;
}

const small = { color: token('color.text.subtlest'), font: token('font.body.small'), marginTop: token('space.050') };

/** The picture's group in the mappings table: the attribute the Settings tab names, and whether uploaded pictures are written to it. */
export function PictureRows({ attribute, writeBack, onWriteBack }: PictureRowsProps) {
  const id = useId();
  const thumbnail = attribute?.toLowerCase() === 'thumbnailphoto';
  return (
    <>
      <GroupRow title="Picture" />
      {attribute ? (
        <tr data-testid="picture-row">
          <th scope="row" style={{ ...bodyCell, textAlign: 'left', fontWeight: token('font.weight.medium') }}>
            Picture
          </th>
          <td style={{ ...bodyCell, color: token('color.text.subtle') }}>Picture</td>
          <td style={bodyCell}>
            <code data-testid="picture-attribute">{attribute}</code>
          </td>
          <td style={bodyCell}>
            <Checkbox
              testId="picture-write-back"
              name="settings.pictureWriteBack"
              isChecked={writeBack}
              onChange={(event) => onWriteBack(event.currentTarget.checked)}
              label={<span data-testid="picture-write-back-label">{`Write uploaded pictures to ${attribute}`}</span>}
              aria-describedby={`${id}-note`}
            />
            <div id={`${id}-note`} data-testid="picture-write-back-note" style={small}>
              {thumbnail
                ? 'Active Directory’s thumbnailPhoto holds at most 100 KB: Rollcall re-encodes each picture to fit.'
                : 'Written as a JPEG of up to 512 px. (To thumbnailPhoto, pictures are re-encoded to at most 100 KB.)'}
            </div>
          </td>
        </tr>
      ) : (
        <tr data-testid="picture-row">
          <td colSpan={4} style={{ ...bodyCell, color: token('color.text.subtle') }}>
            No picture attribute is set on the Settings tab: pictures are neither read from the directory nor written to it.
          </td>
        </tr>
      )}
    </>
  );
}
