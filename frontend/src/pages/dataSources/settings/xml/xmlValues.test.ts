import type { Source } from '../../../../api/sources';
import { collectXml, xmlInitial } from './xmlValues';

describe('the XML settings form', () => {
  it('starts with an upload, the usual record element and the email in mail', () => {
    expect(xmlInitial(null)).toMatchObject({ location: 'upload', recordPath: 'identities/identity', matchPath: 'mail', matchBy: 'email', schedule: '0 */3 * * *' });
  });

  it('sends a URL with its user and a new password, and a new source its kind', () => {
    const v = { ...xmlInitial(null), name: 'HR', location: 'url' as const, url: ' https://hr/x.xml ', username: 'rollcall' };
    const { body, problems } = collectXml(v, { mode: 'set', value: 'pw' }, null, true);
    expect(problems).toEqual([]);
    expect(body).toMatchObject({ kind: 'xml', name: 'HR', settings: { location: { kind: 'url', url: 'https://hr/x.xml', username: 'rollcall' } }, password: 'pw' });
  });

  it('leaves the password out for a file on the server, and says what is missing', () => {
    const saved = { name: 'HR', priority: 1, enabled: true, schedule: null, settings: { location: { kind: 'path', path: 'hr.xml' } }, hasPassword: true } as unknown as Source;
    const { body } = collectXml(xmlInitial(saved), { mode: 'remove', value: '' }, null, false);
    expect(body).not.toHaveProperty('password');
    expect(body).not.toHaveProperty('kind');
    const empty = new File([], 'empty.xml');
    const { problems } = collectXml({ ...xmlInitial(null), recordPath: '', matchPath: '' }, { mode: 'set', value: '' }, empty, true);
    expect(problems.map((p) => p.path)).toEqual(['file', 'settings.recordPath', 'settings.matchPath', 'name']);
  });
});
