import { exportFileName } from './download';
import { rememberedView, rememberView } from './viewMode';

it('names the export after the search', () => {
  expect(exportFileName('')).toBe('people.csv');
  expect(exportFileName('department:"R&D (Berlin)"')).toBe('people-department-r-d-berlin.csv');
  expect(exportFileName('"""')).toBe('people.csv');
});

it('remembers the view, and falls back to the table when storage refuses', () => {
  const store = new Map<string, string>();
  const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
  expect(rememberedView(storage)).toBe('table');
  rememberView('cards', storage);
  expect(rememberedView(storage)).toBe('cards');
  const refusing = {
    getItem: () => {
      throw new Error('SecurityError');
    },
    setItem: () => {
      throw new Error('SecurityError');
    },
  };
  expect(rememberedView(refusing)).toBe('table');
  expect(() => rememberView('cards', refusing)).not.toThrow();
});
