import { token } from '@atlaskit/tokens';
import { useRef, type KeyboardEvent } from 'react';
import type { Tab } from './useSourcePage';

const TABS: Array<{ key: Tab; label: string }> = [
  { key: 'settings', label: 'Settings' },
  { key: 'mappings', label: 'Field mappings' },
  { key: 'report', label: 'Sync report' },
];

/**
 * The source page's tabs (WAI-ARIA tabs: the selected one in the tab order, ← and → move and
 * select). A new source has only Settings: the others wait for it to be saved.
 */
export function Tabs({ selected, saved, onSelect }: { selected: Tab; saved: boolean; onSelect: (tab: Tab) => void }) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const enabled = TABS.filter((t) => saved || t.key === 'settings');
  const onKeyDown = (event: KeyboardEvent, tab: Tab) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const at = enabled.findIndex((t) => t.key === tab);
    const next = enabled[(at + (event.key === 'ArrowRight' ? 1 : enabled.length - 1)) % enabled.length];
    onSelect(next.key);
    refs.current[next.key]?.focus();
  };
  return (
    <div role="tablist" aria-label="Data source" style={{ display: 'flex', gap: token('space.050'), borderBottom: `2px solid ${token('color.border')}` }}>
      {TABS.map((tab) => {
        const isSelected = tab.key === selected;
        const disabled = !saved && tab.key !== 'settings';
        return (
          <button
            key={tab.key}
            ref={(el) => {
              refs.current[tab.key] = el;
            }}
            type="button"
            role="tab"
            id={`ds-tab-${tab.key}`}
            aria-controls={`ds-pane-${tab.key}`}
            aria-selected={isSelected}
            aria-disabled={disabled ? true : undefined}
            tabIndex={isSelected ? 0 : -1}
            title={disabled ? 'Save the source first' : undefined}
            data-testid={`source-tab-${tab.key}`}
            onClick={() => !disabled && onSelect(tab.key)}
            onKeyDown={(e) => onKeyDown(e, tab.key)}
            style={{
              background: 'none',
              border: 'none',
              borderBottom: `2px solid ${isSelected ? token('color.border.selected') : 'transparent'}`,
              marginBottom: '-2px',
              padding: `${token('space.100')} ${token('space.150')}`,
              font: token('font.body'),
              fontWeight: token('font.weight.medium'),
              color: disabled ? token('color.text.disabled') : isSelected ? token('color.text.selected') : token('color.text.subtle'),
              cursor: disabled ? 'not-allowed' : 'pointer',
            }}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}
