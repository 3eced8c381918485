import { chooseHost, isConnectBridge } from './select';
import { parseShellConfig } from './shellConfig';

const AP = { context: { getToken: async () => 'token' } };

describe('the host adapter is chosen by what the shell says and what the page finds', () => {
  it('runs a framed Connect shell with Connect when all.js defined AP', () => {
    expect(chooseHost({ host: 'connect' }, AP, true)).toBe('connect');
    expect(chooseHost({ host: 'connect', token: 't' }, AP, true)).toBe('connect');
  });

  it('runs a Connect shell standalone when it is not framed, or AP is missing, and the shell gave a token', () => {
    expect(chooseHost({ host: 'connect', token: 't' }, AP, false)).toBe('standalone');
    expect(chooseHost({ host: 'connect', token: 't' }, undefined, true)).toBe('standalone');
    expect(chooseHost({ host: 'connect', token: 't' }, { context: {} }, true)).toBe('standalone');
  });

  it('runs nothing outside the frame without a token (the page says to open it from Confluence)', () => {
    expect(chooseHost({ host: 'connect' }, undefined, true)).toBeNull();
    expect(chooseHost({ host: 'connect' }, AP, false)).toBeNull();
  });

  it('runs a Forge shell with Forge, whatever else is on the page', () => {
    expect(chooseHost({ host: 'forge' }, AP, true)).toBe('forge');
    expect(chooseHost({ host: 'forge' }, undefined, false)).toBe('forge');
  });

  it('knows a Connect bridge by its context token function', () => {
    expect(isConnectBridge(AP)).toBe(true);
    for (const value of [undefined, null, {}, { context: { getToken: 'no' } }]) expect(isConnectBridge(value)).toBe(false);
  });
});

describe("the shell's configuration", () => {
  it('is read with its defaults', () => {
    expect(parseShellConfig(JSON.stringify({ page: 'profile-migration', host: 'connect', addonKey: 'rollcall', accountId: 'acc-1', token: 'jwt' }))).toEqual({
      page: 'profile-migration',
      host: 'connect',
      addonKey: 'rollcall',
      accountId: 'acc-1',
      parameters: {},
      token: 'jwt',
      colorMode: undefined,
      remoteKey: undefined,
    });
  });

  it('is null when missing, not JSON, or not a shell', () => {
    for (const json of [null, '', '{', '[]', JSON.stringify({ page: 'x', host: 'other', addonKey: 'rollcall' }), JSON.stringify({ host: 'connect', addonKey: 'rollcall' })]) {
      expect(parseShellConfig(json)).toBeNull();
    }
  });
});
