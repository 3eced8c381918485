import { token } from '@atlaskit/tokens';
import { useState } from 'react';

/** The filter language in examples (docs: README "People Directory"). */
export const SEARCH_TIPS: Array<{ example: string; means: string }> = [
  { example: 'ada berlin', means: 'Free text: names, emails and text fields containing every word' },
  { example: 'department:"R&D (Berlin)"', means: 'A field by key or label; quotes around a value with spaces, parentheses or colons (\\" for a quote)' },
  { example: 'location:Ber*   position:?ngineer', means: 'Wildcards: * any characters, ? exactly one' },
  { example: 'location:Berlin OR location:Paris', means: 'Either; AND (or just a space) for both' },
  { example: '(department:Sales OR department:Support) -location:Remote', means: 'Parentheses group; NOT or - leaves out' },
  { example: 'manager:"Ada Lovelace"', means: 'People fields by name or account id' },
  { example: 'start:>2024-01-01   age:18..30', means: 'Dates and numbers: >, <, >=, <= and ranges' },
  { example: 'has:phone   -has:phone', means: 'Whether a field is filled in' },
  { example: 'is:left   -is:left', means: 'People who left the directory, or everyone else' },
];

/** "Search tips": a button opening the filter language's examples; clicking an example searches for it. */
export function SearchTips({ id, onTry }: { id: string; onTry: (query: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <div>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        data-testid="search-tips-toggle"
        style={{ background: 'none', border: 'none', padding: 0, cursor: 'pointer', color: token('color.link'), font: 'inherit' }}
      >
        {open ? 'Hide search tips' : 'Search tips'}
      </button>
      <div id={id} hidden={!open} data-testid="search-tips" style={{ marginTop: token('space.100') }}>
        <table style={{ borderCollapse: 'collapse' }}>
          <caption className="rc-assistive">Search tips</caption>
          <tbody>
            {SEARCH_TIPS.map((tip) => (
              <tr key={tip.example}>
                <td style={{ padding: `${token('space.025')} ${token('space.150')} ${token('space.025')} 0`, verticalAlign: 'top', whiteSpace: 'nowrap' }}>
                  <button
                    type="button"
                    onClick={() => onTry(tip.example.split('   ')[0])}
                    title="Search for this"
                    style={{ background: token('color.background.neutral'), border: 'none', borderRadius: token('radius.small', '3px'), padding: `0 ${token('space.050')}`, cursor: 'pointer', color: token('color.text'), font: token('font.code') }}
                  >
                    {tip.example}
                  </button>
                </td>
                <td style={{ padding: `${token('space.025')} 0`, color: token('color.text.subtle') }}>{tip.means}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
