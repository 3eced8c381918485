import { HELP_TOOLTIP_MAX, isLongHelp } from './helpText';

describe('field help texts', () => {
  it('are a tooltip up to 200 characters on one line, a panel when longer or on several lines', () => {
    expect(isLongHelp('Ask finance')).toBe(false);
    expect(isLongHelp('x'.repeat(HELP_TOOLTIP_MAX))).toBe(false);
    expect(isLongHelp('x'.repeat(HELP_TOOLTIP_MAX + 1))).toBe(true);
    expect(isLongHelp('One\nTwo')).toBe(true);
    expect(isLongHelp('One\r\nTwo')).toBe(true);
  });
});
