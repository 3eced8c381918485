import { allowlistFrameSources } from './securityHeaders';

describe('allowlistFrameSources', () => {
  it('turns host globs into CSP host sources on any port, scheme as the page', () => {
    expect(allowlistFrameSources('*.atlassian.net, 127.0.0.1,localhost')).toEqual({ sources: ['*.atlassian.net:*', '127.0.0.1:*', 'localhost:*'], unusable: [] });
  });

  it('leaves out what CSP cannot express, so a glob never widens to every host', () => {
    expect(allowlistFrameSources('*,conf*.example.com,a.*.example.com,, ,*.ok.example')).toEqual({
      sources: ['*.ok.example:*'],
      unusable: ['*', 'conf*.example.com', 'a.*.example.com'],
    });
  });
});
