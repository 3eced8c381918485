import { SaxesParser } from 'saxes';
import type { OrgPerson } from '../../api/orgChart';
import { chartSvg } from './exportChart';
import { layoutChart } from './layout';

const person = (accountId: string, displayName: string, values: Record<string, string> = {}): OrgPerson => ({
  accountId,
  displayName,
  pictureUrl: null,
  onSite: true,
  active: true,
  leftDirectory: false,
  values,
});

/** The text of every element of an XML document (throws on a document that is not well-formed). */
function textsOf(xml: string): string[] {
  const texts: string[] = [];
  const parser = new SaxesParser();
  parser.on('text', (t) => texts.push(t));
  parser.write(xml).close();
  return texts;
}

describe('chartSvg', () => {
  const people = new Map([
    ['boss', person('boss', 'Zoë <Boss> & "Co"', { position: 'Chief\u0001 executive' })],
    ['a', person('a', 'Ann')],
    ['far', person('far', 'Far Away')],
  ]);
  const layout = layoutChart({ roots: ['boss', 'far'], childrenOf: (id) => (id === 'boss' ? ['a'] : undefined) });

  it('is a well-formed SVG document with the names and fields of the cards in the rectangle, escaped', () => {
    const svg = chartSvg({ layout, people, cardFields: [{ key: 'position', label: 'Position', type: 'text' }], rect: { x: 0, y: 0, width: 250, height: 400 }, title: 'Org chart' });
    expect(svg.startsWith('<?xml')).toBe(true);
    const texts = textsOf(svg);
    expect(texts).toContain('Zoë <Boss> & "Co"');
    expect(texts).toContain('Chief executive');
    expect(texts).toContain('Ann');
    // Only what is in the rectangle: the second tree lies to the right of it.
    expect(texts).not.toContain('Far Away');
  });
});
