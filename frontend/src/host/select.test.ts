import { chooseHost, isConnectBridge } from './select';
import { parseShellConfig } from './shellConfig';

const AP = { context: { getToken: async () => 'token' } };

describe('the host adapter is chosen by what the shell says and what the page finds', () => {
  it('runs a Connect shell with Connect when all.js defined AP', () => {
    expect(chooseHost({ host: 'connect' }, AP)).toBe('connect');
    expect(chooseHost({ host: 'connect', token: 't' }, AP)).toBe('connect');
  });

  it('runs a Connect shell standalone when AP is missing but the shell gave a token', () => {
    expect(chooseHost({ host: 'connect', token: 't' }, undefined)).toBe('standalone');
    expect(chooseHost({ host: 'connect', token: 't' }, { context: {} })).toBe('standalone');
  });

  it('runs nothing without AP and without a token (the page says to open it from Confluence)', () => {
    expect(chooseHost({ host: 'connect' }, undefined)).toBeNull();
  });

  it('runs a Forge shell with Forge, whatever else is on the page', () => {
    expect(chooseHost({ host: 'forge' }, AP)).toBe('forge');
    expect(chooseHost({ host: 'forge' }, undefined)).toBe('forge');
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
