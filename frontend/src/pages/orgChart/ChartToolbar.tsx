import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useState } from 'react';
import { FormField } from '../../components/FormField';
import { PersonPicker, type Person } from '../../components/PersonPicker';

export interface ChartToolbarProps {
  siteUrl?: string;
  /** Search to focus: the chart opens on the person chosen. */
  onFind(accountId: string): void;
  /** Back to the viewer's own place (absent when the page does not know the viewer). */
  onMine?: () => void;
  onTops(): void;
  onZoom(factor: number): void;
  onExport(kind: 'svg' | 'png'): void;
  disabled: boolean;
}

/** Above the chart: find a person, go to one's own place or the tops, zoom, export, print. */
export function ChartToolbar({ siteUrl, onFind, onMine, onTops, onZoom, onExport, disabled }: ChartToolbarProps) {
  const [chosen, setChosen] = useState<Person[]>([]);
  return (
    <div className="org-toolbar" style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: token('space.150') }}>
      <div style={{ width: 320 }}>
        <FormField label="Find a person">
          {(control) => (
            <PersonPicker
              label="Find a person"
              multi={false}
              value={chosen}
              siteUrl={siteUrl}
              testId="org-find"
              control={control}
              onChange={(people) => {
                setChosen([]);
                if (people[0]) onFind(people[0].accountId);
              }}
            />
          )}
        </FormField>
      </div>
      <div role="group" aria-label="Where to look" style={{ display: 'flex', gap: token('space.050') }}>
        {onMine && (
          <Button testId="org-mine" onClick={onMine}>
            My place
          </Button>
        )}
        <Button testId="org-tops" onClick={onTops}>
          Top of the chart
        </Button>
      </div>
      <div role="group" aria-label="Zoom" style={{ display: 'flex', gap: token('space.050') }}>
        <Button testId="org-zoom-out" aria-label="Zoom out" onClick={() => onZoom(1 / 1.25)} isDisabled={disabled}>
          −
        </Button>
        <Button testId="org-zoom-in" aria-label="Zoom in" onClick={() => onZoom(1.25)} isDisabled={disabled}>
          +
        </Button>
      </div>
      <div role="group" aria-label="Save or print" style={{ display: 'flex', gap: token('space.050') }}>
        <Button testId="org-export-svg" onClick={() => onExport('svg')} isDisabled={disabled}>
          Export SVG
        </Button>
        <Button testId="org-export-png" onClick={() => onExport('png')} isDisabled={disabled}>
          Export PNG
        </Button>
        <Button testId="org-print" onClick={() => window.print()} isDisabled={disabled}>
          Print
        </Button>
      </div>
    </div>
  );
}
