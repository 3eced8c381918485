import { directoryParameters } from './peopleList';

it('reads the people list macro config and a shared directory search from the Forge context', () => {
  expect(directoryParameters({ config: { query: 'department:"R&D (Berlin)"', columns: 'position' } })).toEqual({ query: 'department:"R&D (Berlin)"', columns: 'position' });
  expect(directoryParameters({ location: 'https://x.atlassian.net/wiki/apps/a/b/people-directory?q=location%3ABer*' })).toEqual({ q: 'location:Ber*' });
  expect(directoryParameters({ config: { query: 3 }, location: '::' })).toEqual({});
  expect(directoryParameters(null)).toEqual({});
});
