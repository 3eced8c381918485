import { fetchInit, readResponse, requestUrl, stateOfAnchor } from './host';
import { connectHistory, connectHost, connectMacroEditor } from './connect';
import { withLayoutThemes, authorOfContent, contentAuthor, forgeHost, invokeInput, invokeResponse, isBinaryRequest, licenseState, pageParameters, type ForgeBridge } from './forge';

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
  function fakeBridge(calls: unknown[], answer: unknown = { status: 200, headers: {}, body: { ok: true } }) {
    return {
      invokeRemote: async (input: unknown) => {
        calls.push(['invokeRemote', input]);
        return answer;
      },
      requestRemote: async (remote: string, init: unknown) => {
        calls.push(['requestRemote', remote, init]);
        return new Response(new Blob(['jpeg'], { type: 'image/jpeg' }), { status: 200 });
      },
      requestConfluence: async (path: string) => {
        calls.push(['requestConfluence', path]);
        return new Response(JSON.stringify({ history: { createdBy: { accountId: 'author-1' } } }), { status: 200 });
      },
      showFlag: (options: unknown) => {
        calls.push(['showFlag', options]);
        return { close: async () => undefined };
      },
      router: { navigate: async (location: unknown) => void calls.push(['navigate', location]) },
      view: { getContext: async () => ({ accountId: 'acc-1', moduleKey: 'rollcall-profile' }) },
    } as unknown as ForgeBridge;
  }

  it('maps a JSON request to invokeRemote: path with its query, Content-Type only with a body, never an Authorization', () => {
    expect(invokeInput({ method: 'GET', path: '/rest/v1/sources/s1/runs', query: { limit: '20', before: undefined } })).toEqual({ path: '/rest/v1/sources/s1/runs?limit=20', method: 'GET' });
    expect(invokeInput({ method: 'POST', path: '/rest/v1/sources', body: { json: { name: 'HR' } } })).toEqual({
      path: '/rest/v1/sources',
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: { name: 'HR' },
    });
    expect(invokeInput({ method: 'DELETE', path: '/rest/v1/sources/s1' })).toEqual({ path: '/rest/v1/sources/s1', method: 'DELETE' });
  });

  it('sends bytes up or down through requestRemote, everything else through invokeRemote', () => {
    expect(isBinaryRequest({ method: 'PUT', path: '/rest/v1/sources/s1/file', body: { bytes: new Blob(['<x/>']), contentType: 'application/xml' } })).toBe(true);
    expect(isBinaryRequest({ method: 'GET', path: '/rest/v1/profiles/a/picture', responseType: 'blob' })).toBe(true);
    expect(isBinaryRequest({ method: 'PUT', path: '/rest/v1/profiles/a', body: { json: {} } })).toBe(false);
  });

  it("reads invokeRemote's answer: the JSON body with its status, an error's {error, message, details}, text as JSON or none", () => {
    expect(invokeResponse({ status: 201, headers: {}, body: { id: 's1' } })).toEqual({ status: 201, statusText: '', body: { id: 's1' } });
    const error = { error: 'validation_failed', message: 'Check the fields', details: [{ path: 'body.name', message: 'Required' }] };
    expect(invokeResponse({ status: 400, headers: {}, body: error })).toEqual({ status: 400, statusText: '', body: error });
    expect(invokeResponse({ status: 204, headers: {} })).toEqual({ status: 204, statusText: '', body: null });
    expect(invokeResponse({ status: 200, headers: {}, body: '{"a":1}' }).body).toEqual({ a: 1 });
    expect(invokeResponse({ status: 502, headers: {}, body: '<html>' }).body).toBeNull();
    expect(() => invokeResponse(undefined)).toThrow();
    expect(() => invokeResponse({ message: 'bridge failed' })).toThrow();
  });

  it("calls the server through the bridge, flags through showFlag, navigation to a module with its parameters as the path's query", async () => {
    const calls: unknown[] = [];
    const host = forgeHost(fakeBridge(calls), { parameters: { accountId: 'acc-2' } });
    expect(await host.request({ method: 'GET', path: '/rest/v1/migration' })).toEqual({ status: 200, statusText: '', body: { ok: true } });
    const picture = await host.request({ method: 'GET', path: '/rest/v1/profiles/acc-2/picture', query: { size: '512' }, responseType: 'blob' });
    host.showFlag({ title: 'Saved', type: 'success' });
    host.showFlag({ title: 'Failed', type: 'error' });
    await host.navigate({ moduleKey: 'rollcall-profile-editor' });
    await host.navigate({ moduleKey: 'profile', parameters: { accountId: 'acc-2' } });
    expect(await host.context()).toEqual({ accountId: 'acc-1', parameters: { accountId: 'acc-2' } });
    expect(picture.body).toBeInstanceOf(Blob);
    expect(calls[0]).toEqual(['invokeRemote', { path: '/rest/v1/migration', method: 'GET' }]);
    expect(calls[1]).toEqual(['requestRemote', 'rollcall', expect.objectContaining({ method: 'GET', path: '/rest/v1/profiles/acc-2/picture?size=512' })]);
    expect(calls[2]).toEqual(['showFlag', expect.objectContaining({ title: 'Saved', type: 'success', isAutoDismiss: true })]);
    expect(calls[3]).toEqual(['showFlag', expect.objectContaining({ title: 'Failed', type: 'error', isAutoDismiss: false })]);
    expect(calls[4]).toEqual(['navigate', { target: 'module', moduleKey: 'rollcall-profile-editor' }]);
    expect(calls[5]).toEqual(['navigate', { target: 'module', moduleKey: 'rollcall-profile', path: '?accountId=acc-2' }]);
  });

  it("uploads bytes through requestRemote to the manifest's remote as a form whose part `file` is the file (the browser sets the multipart type)", async () => {
    const calls: unknown[] = [];
    const host = forgeHost(fakeBridge(calls), { parameters: {} });
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x80, 0xc3, 0x28]);
    await host.request({ method: 'PUT', path: '/rest/v1/profiles/acc-1/picture', body: { bytes: new Blob([bytes], { type: 'image/jpeg' }), contentType: 'image/jpeg' } });
    await host.request({ method: 'PUT', path: '/rest/v1/sources/s1/file', query: { name: 'people.xml' }, body: { bytes: new Blob(['<people/>']), contentType: 'application/xml' } });
    const [picture, xml] = calls.map((call) => (call as [string, string, RequestInit & { path: string }])[2]);
    expect(calls.map((call) => (call as unknown[]).slice(0, 2))).toEqual([
      ['requestRemote', 'rollcall'],
      ['requestRemote', 'rollcall'],
    ]);
    expect(picture).toEqual(expect.objectContaining({ method: 'PUT', path: '/rest/v1/profiles/acc-1/picture' }));
    expect(xml.path).toBe('/rest/v1/sources/s1/file?name=people.xml');
    for (const init of [picture, xml]) {
      expect(init.body).toBeInstanceOf(FormData);
      expect([...(init.body as FormData).keys()]).toEqual(['file']);
      expect(Object.keys(init.headers as Record<string, string>)).not.toContain('Content-Type');
    }
    const file = (picture.body as FormData).get('file') as Blob;
    expect(file.type).toBe('image/jpeg');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
    expect(((xml.body as FormData).get('file') as Blob).type).toBe('application/xml');
  });

  it('an invokeRemote the bridge could not make is a failure the API client reports as a network error', async () => {
    const host = forgeHost(fakeBridge([], { message: 'rate limited' }), { parameters: {} });
    await expect(host.request({ method: 'GET', path: '/rest/v1/me' })).rejects.toThrow();
  });

  it("reads the page's parameters from the context: a global page's query, the macro's configuration, the byline's page, the site", () => {
    expect(pageParameters({ siteUrl: 'https://acme.atlassian.net', extension: { type: 'confluence:globalPage', location: 'https://acme.atlassian.net/wiki/apps/a/e/profile?accountId=557058:abc&other=x' } })).toEqual({
      accountId: '557058:abc',
      siteUrl: 'https://acme.atlassian.net',
    });
    expect(pageParameters({ extension: { type: 'macro', config: { accountId: 'acc-9', fields: 'email,phone' } } })).toEqual({ accountId: 'acc-9', fields: 'email,phone' });
    expect(pageParameters({ extension: { type: 'confluence:contentBylineItem', content: { id: 12345, type: 'page' } } })).toEqual({ contentId: '12345' });
    expect(pageParameters({ extension: { content: { id: '../x' } } })).toEqual({});
    expect(pageParameters({ extension: { location: '/wiki/apps/a/e/profile?accountId=../admin' } })).toEqual({ accountId: '../admin', accountIdValid: 'false' });
    expect(pageParameters({})).toEqual({});
  });

  it("tells a licensed site from an unlicensed one by the context's licence", () => {
    expect(licenseState({ license: { active: true }, environmentType: 'PRODUCTION' })).toBe('licensed');
    expect(licenseState({ license: { active: false }, environmentType: 'PRODUCTION' })).toBe('unlicensed');
    expect(licenseState({ license: { active: false }, environmentType: 'DEVELOPMENT' })).toBe('unlicensed');
    expect(licenseState({ environmentType: 'PRODUCTION' })).toBe('unlicensed');
    expect(licenseState({ environmentType: 'DEVELOPMENT' })).toBe('unknown');
    expect(licenseState({ license: null, environmentType: 'STAGING' })).toBe('unknown');
  });

  it("finds a page's author for the byline card as the viewer, and none in an answer without one", async () => {
    const calls: unknown[] = [];
    expect(await contentAuthor(fakeBridge(calls), '123')).toBe('author-1');
    expect(calls).toEqual([['requestConfluence', '/wiki/rest/api/content/123?expand=history']]);
    expect(authorOfContent({ history: {} })).toBeNull();
    expect(authorOfContent({ history: { createdBy: { accountId: '<script>' } } })).toBeNull();
  });

  it("keeps the host's data-theme and adds the spacing and typography themes the pages need", () => {
    expect(withLayoutThemes('dark:dark light:light')).toBe('dark:dark light:light spacing:spacing typography:typography');
    expect(withLayoutThemes('dark:dark light:light spacing:spacing typography:typography')).toBe('dark:dark light:light spacing:spacing typography:typography');
    expect(withLayoutThemes(null)).toBe('spacing:spacing typography:typography');
  });
});

describe('the page state in an anchor', () => {
  it('reads Connect’s #! form and the plain one', () => {
    expect(stateOfAnchor('#!q=ada')).toBe('q=ada');
    expect(stateOfAnchor('!q=ada')).toBe('q=ada');
    expect(stateOfAnchor('#q=ada')).toBe('q=ada');
    expect(stateOfAnchor('')).toBe('');
  });
});

describe('Connect’s history and macro editor', () => {
  it('reads the state whether getState answers at once or through its callback, and hears back/forward', async () => {
    const listeners: Array<(event: { newURL?: string }) => void> = [];
    const pushed: string[] = [];
    const sync = connectHistory({ getState: () => '!q=ada', pushState: (s) => void pushed.push(s), replaceState: () => undefined, popState: (cb) => void listeners.push(cb) });
    expect(await sync.current()).toBe('q=ada');
    const async = connectHistory({ getState: (_type, cb) => void setTimeout(() => cb?.('q=bo'), 1), pushState: () => undefined, replaceState: () => undefined, popState: () => undefined });
    expect(await async.current()).toBe('q=bo');
    const heard: string[] = [];
    sync.listen((state) => heard.push(state));
    listeners[0]({ newURL: 'https://x.atlassian.net/wiki/plugins/servlet/ac/rollcall/people-directory#!q=grace' });
    listeners[0]({ newURL: 'https://x.atlassian.net/wiki/plugins/servlet/ac/rollcall/people-directory' });
    expect(heard).toEqual(['q=grace', '']);
    sync.push('q=max');
    expect(pushed).toEqual(['q=max']);
  });

  it('gives the macro’s string parameters, saves them and closes the editor', async () => {
    const done: string[] = [];
    const editor = connectMacroEditor({ getMacroData: (cb) => cb({ query: 'a', columns: 'b', other: 3 }), saveMacro: (p) => void done.push(`save ${JSON.stringify(p)}`), closeMacroEditor: () => void done.push('close') });
    expect(await editor.parameters()).toEqual({ query: 'a', columns: 'b' });
    await editor.save({ query: 'x', columns: '' });
    expect(done).toEqual(['save {"query":"x","columns":""}', 'close']);
  });
});
