import type { Profile } from '../api/profiles';
import { cardOf, requestedFields } from './cards';

const field = (key: string, value: unknown, type = 'text') => ({ key, label: key[0].toUpperCase() + key.slice(1), type, value, display: value === null ? null : String(value), helpText: '', origin: null });
const profile = (fields: ReturnType<typeof field>[]) => ({ accountId: 'acc-1', displayName: 'Zoë Åström', categories: [{ id: 'c1', name: 'Work', fields }] }) as unknown as Profile;

describe('the Forge card', () => {
  it('shows the position as subtitle and the default fields that hold a value, in their order', () => {
    const card = cardOf(profile([field('website', 'https://z.example'), field('position', 'Engineer'), field('department', 'IT'), field('phone', null)]), null);
    expect(card).toMatchObject({ name: 'Zoë Åström', subtitle: 'Engineer', requestedButHidden: false });
    expect(card.fields.map((f) => f.key)).toEqual(['department', 'website']);
  });

  it('shows the fields the macro asks for, without a subtitle, and says when the viewer may see none', () => {
    const p = profile([field('position', 'Engineer'), field('department', 'IT')]);
    expect(cardOf(p, ['position']).fields.map((f) => f.key)).toEqual(['position']);
    expect(cardOf(p, ['position']).subtitle).toBeNull();
    expect(cardOf(p, ['salary'])).toMatchObject({ fields: [], requestedButHidden: true });
  });

  it("reads the macro's field keys", () => {
    expect(requestedFields(' email, phone ,,')).toEqual(['email', 'phone']);
    expect(requestedFields('')).toBeNull();
    expect(requestedFields(undefined)).toBeNull();
  });
});
