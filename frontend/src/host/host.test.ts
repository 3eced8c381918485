import { fetchInit, readResponse, requestUrl } from './host';
import { connectHost } from './connect';
import { forgeHost, type ForgeBridge } from './forge';

describe('what every adapter sends and reads', () => {
  it('builds the URL from the path and the query parameters that have a value', () => {
    expect(requestUrl('', { path: '/rest/v1/migration/dry-run', query: { source: 'csv', overwriteSourceFields: undefined } })).toBe('/rest/v1/migration/dry-run?source=csv');
    expect(requestUrl('https://x', { path: '/rest/v1/me' })).toBe('https://x/rest/v1/me');
  });

  it('sends JSON as JSON and bytes with their content type', () => {
    expect(fetchInit({ method: 'PATCH', path: '/p', body: { json: { a: 1 } } }, { Authorization: 'JWT t' })).toEqual({
      method: 'PATCH',
      headers: { Accept: 'application/json', Authorization: 'JWT t', 'Content-Type': 'application/json' },
      body: '{"a":1}',
    });
    const bytes = new Blob(['a;b']);
    const init = fetchInit({ method: 'POST', path: '/p', body: { bytes, contentType: 'text/csv' } }, {});
    expect([(init.headers as Record<string, string>)['Content-Type'], init.body]).toEqual(['text/csv', bytes]);
  });

  it('reads a body that is no JSON as null', async () => {
    const response = (status: number, text: string) => ({ status, statusText: '', text: async () => text });
    expect((await readResponse(response(200, '{"ok":true}'))).body).toEqual({ ok: true });
    expect((await readResponse(response(502, '<html>proxy</html>'))).body).toBeNull();
    expect((await readResponse(response(204, ''))).body).toBeNull();
  });

  it('reads a picture as a Blob, and its error still as JSON', async () => {
    const picture = new Blob(['jpeg'], { type: 'image/jpeg' });
    const answer = (status: number) => ({ status, statusText: '', text: async () => '{"error":"not_found","message":"No picture"}', blob: async () => picture });
    expect((await readResponse(answer(200), 'blob')).body).toBe(picture);
    expect((await readResponse(answer(404), 'blob')).body).toEqual({ error: 'not_found', message: 'No picture' });
  });
});

describe('the Connect adapter', () => {
  it("opens another page with its parameters as Connect's customData, and a page without any as before", async () => {
    const calls: unknown[][] = [];
    const ap = { context: { getToken: async () => 't' }, navigator: { go: (...args: unknown[]) => void calls.push(args) } };
    const host = connectHost(ap, { addonKey: 'rollcall', accountId: 'acc-1', parameters: {} }, {} as Document);
    await host.navigate({ moduleKey: 'profile', parameters: { accountId: 'acc-2' } });
    await host.navigate({ moduleKey: 'profile-editor' });
    expect(calls).toEqual([
      ['addonmodule', { addonKey: 'rollcall', moduleKey: 'profile', customData: { accountId: 'acc-2' } }],
      ['addonmodule', { addonKey: 'rollcall', moduleKey: 'profile-editor' }],
    ]);
  });
});

describe('the Forge adapter', () => {
  it("sends REST through requestRemote to the server's remote, flags through showFlag, navigation to a module", async () => {
    const calls: unknown[] = [];
    const bridge = {
      requestRemote: async (remote: string, init: unknown) => {
        calls.push(['requestRemote', remote, init]);
        return new Response('{"ok":true}', { status: 200 });
      },
      showFlag: (options: unknown) => {
        calls.push(['showFlag', options]);
        return { close: async () => undefined };
      },
      router: { navigate: async (location: unknown) => void calls.push(['navigate', location]) },
      view: { getContext: async () => ({ accountId: 'acc-1' }) },
    } as unknown as ForgeBridge;
    const host = forgeHost(bridge, { remoteKey: 'rollcall-remote', parameters: {} });
    expect(await host.request({ method: 'GET', path: '/rest/v1/migration' })).toEqual({ status: 200, statusText: '', body: { ok: true } });
    host.showFlag({ title: 'Saved', type: 'success' });
    await host.navigate({ moduleKey: 'profile-editor' });
    await host.navigate({ moduleKey: 'profile', parameters: { accountId: 'acc-2' } });
    expect(await host.context()).toEqual({ accountId: 'acc-1', parameters: {} });
    expect(calls[0]).toEqual(['requestRemote', 'rollcall-remote', expect.objectContaining({ method: 'GET', path: '/rest/v1/migration' })]);
    expect(calls[1]).toEqual(['showFlag', expect.objectContaining({ title: 'Saved', type: 'success', isAutoDismiss: true })]);
    expect(calls[2]).toEqual(['navigate', { target: 'module', moduleKey: 'profile-editor' }]);
    expect(calls[3]).toEqual(['navigate', { target: 'module', moduleKey: 'profile', path: '?accountId=acc-2' }]);
  });
});
