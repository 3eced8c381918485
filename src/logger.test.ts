import { Writable } from 'node:stream';
import { aceLoggerAdapter, createLogger, scrubSecrets } from './logger';

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzaXRlIiwic3ViIjoidXNlci0xIn0.c2lnbmF0dXJlLXBhcnQ';

function capture() {
  const lines: string[] = [];
  const logger = createLogger('debug', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
  return { logger, text: () => lines.join('') };
}

describe('scrubSecrets', () => {
  it.each([
    ['a JWT anywhere', `token was ${JWT}, refused`, JWT],
    ['an Authorization header', 'Authorization: JWT abcdefgh.ijklmnop', 'abcdefgh.ijklmnop'],
    ['a Bearer token', 'Authorization: Bearer s3cr3t-opaque-token', 's3cr3t-opaque-token'],
    ['sharedSecret= in a canonical query', 'Canonical query was: "GET&/pages/profile&sharedSecret=Top5ecret&x=1', 'Top5ecret'],
    ['password= in a form', 'bindPassword=hunter22&user=cn%3Dadmin', 'hunter22'],
    ['jwt= in a URL', '/pages/profile?jwt=opaque-value&x=1', 'opaque-value'],
    ['a JSON member', '{"sharedSecret":"Top5ecret","clientKey":"k"}', 'Top5ecret'],
    ['an escaped JSON member inside a log string', '"msg":"body {\\"bindPassword\\":\\"hunter22\\"}"', 'hunter22'],
    ['a URL password', 'connect ldap://cn=admin:hunter22@ldap.example.com failed', 'hunter22'],
  ])('removes %s', (_what, text, secret) => {
    const scrubbed = scrubSecrets(text);
    expect(scrubbed).not.toContain(secret);
    expect(scrubbed).toContain('[redacted');
  });

  it('keeps what is not a secret', () => {
    const line = '{"level":30,"msg":"Missing \\"Authorization: JWT <token>\\" header.","hasBindPassword":true,"clientKey":"site-1","host":"ada.example.com"}';
    expect(scrubSecrets(line)).toBe(line);
  });
});

describe('the logger', () => {
  it('scrubs messages, error stacks and nested strings, not only known keys', () => {
    const { logger, text } = capture();
    logger.warn(`Auth failure: Canonical query was: "GET&/pages/profile&sharedSecret=Top5ecret&t=${JWT}`);
    logger.error({ err: new Error(`request with Authorization: JWT ${JWT} failed`) }, 'failed');
    logger.info({ deep: { deeper: { deepest: { sharedSecret: 'Top5ecret', note: `jwt=${JWT}` } } } }, 'nested');
    const out = text();
    expect(out).toContain('Canonical query was');
    expect(out).not.toContain('Top5ecret');
    expect(out).not.toContain(JWT);
    for (const line of out.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });

  it("scrubs ACE's console-style lines through the adapter", () => {
    const { logger, text } = capture();
    aceLoggerAdapter(logger).error('Installation verification error:', 401, `sharedSecret=Top5ecret ${JWT}`);
    expect(text()).not.toMatch(/Top5ecret|eyJhbGci/);
  });
});
