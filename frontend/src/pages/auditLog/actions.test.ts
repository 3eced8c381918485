import { ACTION_FILTERS, actionLabel, dayRange } from './actions';

describe('the audit log page’s words and filters', () => {
  it('names actions, and falls back to the id', () => {
    expect(actionLabel('profile.synced')).toBe('Profile changed by a sync');
    expect(actionLabel('something.new')).toBe('something.new');
  });

  it('sends only actions the API reads (lowercase, comma-separated, prefixes ending in a dot)', () => {
    for (const { value } of ACTION_FILTERS) expect(value === '' || /^[a-z_.]+(,[a-z_.]+)*$/.test(value)).toBe(true);
  });

  it('turns picked days into a range that includes the last day', () => {
    expect(dayRange('2026-12-01', '2026-12-03')).toEqual({ from: '2026-12-01T00:00:00Z', to: '2026-12-04T00:00:00.000Z' });
    expect(dayRange('', '')).toEqual({});
    expect(dayRange('garbage', '2026-12-31')).toEqual({ to: '2027-01-01T00:00:00.000Z' });
  });
});
