import { token } from '@atlaskit/tokens';
import { useState } from 'react';

/** The filter language in examples (the whole reference: docs/DIRECTORY.md). */
export const SEARCH_TIPS: Array<{ example: string; means: string }> = [
  { example: 'ada berlin', means: 'Words: each in the name or any field you can see (any case); "ada lovelace" for a phrase' },
  { example: 'department:"R&D (Berlin)"', means: 'A field by key, or by label in quotes ("Job title":…); quote values with spaces, parentheses or colons (\\" for a quote)' },
  { example: 'location:Ber*   position:?ngineer', means: 'Wildcards: * any characters, ? exactly one' },
  { example: 'location:Berlin OR location:Paris', means: 'Either; terms side by side (or AND) must all match' },
  { example: '(location:Berlin OR location:Paris) -is:left', means: 'Parentheses group; NOT or a leading - excludes' },
  { example: 'manager:"Ada Lovelace"', means: 'A user field by the person’s name or account id' },
  { example: 'start:>2020-12-31   grade:3..5', means: 'Dates and numbers: >, >=, <, <= and ranges (5.. or ..5 leave an end open)' },
  { example: 'has:phone   -has:phone', means: 'With or without a value' },
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
