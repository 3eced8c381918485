import { HELP_TOOLTIP_MAX, helpExcerpt, isLongHelp } from './helpText';

describe("a field's help text", () => {
  it('is a tooltip when short and on one line, a panel otherwise', () => {
    expect(isLongHelp('Who helps newcomers find their way')).toBe(false);
    expect(isLongHelp('x'.repeat(200))).toBe(false);
    expect(isLongHelp('x'.repeat(201))).toBe(true);
    expect(isLongHelp('Two\nlines')).toBe(true);
    expect(isLongHelp('x'.repeat(HELP_TOOLTIP_MAX + 1))).toBe(true);
    expect(isLongHelp('One\r\nTwo')).toBe(true);
  });

  it('begins with its first line, cut at a word, with an ellipsis when anything is left out', () => {
    expect(helpExcerpt('Short help')).toBe('Short help');
    expect(helpExcerpt('First line\nSecond line')).toBe('First line…');
    expect(helpExcerpt('one two three four', 10)).toBe('one two…');
  });
});
