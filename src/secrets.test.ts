import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from './logger';
import { keyWeakness, loadEncryptionKey, SecretBox, secretPlace } from './secrets';

const PLACE = secretPlace.sourceSecrets('1', '7');

/** A v1 value (before associated data), as the previous SecretBox wrote it. */
function encryptV1(key: Buffer, plaintext: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

describe('SecretBox', () => {
  const key = crypto.randomBytes(32);
  const box = new SecretBox(key);

  it('round-trips a secret in its place and never stores it in the clear', () => {
    const stored = box.encrypt('hunter2-ünïcode', PLACE);
    expect(stored).not.toContain('hunter2');
    expect(stored.startsWith('v2.')).toBe(true);
    expect(box.decrypt(stored, PLACE)).toBe('hunter2-ünïcode');
    expect(box.open(stored, PLACE)).toEqual({ plaintext: 'hunter2-ünïcode', stale: false });
  });

  it('uses a fresh IV per value', () => {
    expect(box.encrypt('same', PLACE)).not.toBe(box.encrypt('same', PLACE));
  });

  it.each([
    ['another row', secretPlace.sourceSecrets('1', '8')],
    ['another tenant', secretPlace.sourceSecrets('2', '7')],
    ['another table', secretPlace.tenantSharedSecret('7')],
  ])('refuses a value moved to %s', (_name, elsewhere) => {
    expect(() => box.decrypt(box.encrypt('secret', PLACE), elsewhere)).toThrow(/moved from another place/);
  });

  it('refuses a value made with another key, or tampered with', () => {
    const other = new SecretBox(crypto.randomBytes(32));
    expect(() => other.decrypt(box.encrypt('x', PLACE), PLACE)).toThrow(/ENCRYPTION_KEY/);
    const parts = box.encrypt('secret', PLACE).split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => box.decrypt(parts.join('.'), PLACE)).toThrow();
    expect(() => box.decrypt('plain text', PLACE)).toThrow(/known format/);
  });

  it('still reads v1 values, and says they are stale', () => {
    expect(box.open(encryptV1(key, 'old'), PLACE)).toEqual({ plaintext: 'old', stale: true });
    expect(() => new SecretBox(crypto.randomBytes(32)).decrypt(encryptV1(key, 'old'), PLACE)).toThrow(/ENCRYPTION_KEY/);
  });

  it('rotates: the previous key only decrypts, and what it decrypts is stale', () => {
    const next = crypto.randomBytes(32);
    const rotating = new SecretBox(next, key);
    const underOld = box.encrypt('s', PLACE);
    expect(rotating.open(underOld, PLACE)).toEqual({ plaintext: 's', stale: true });
    expect(rotating.open(encryptV1(key, 'v1'), PLACE)).toEqual({ plaintext: 'v1', stale: true });
    const underNew = rotating.encrypt('s', PLACE);
    expect(rotating.open(underNew, PLACE).stale).toBe(false);
    expect(new SecretBox(next).decrypt(underNew, PLACE)).toBe('s');
    expect(() => box.decrypt(underNew, PLACE)).toThrow(/neither ENCRYPTION_KEY nor ENCRYPTION_KEY_PREVIOUS/);
    expect(() => new SecretBox(key, key)).toThrow(/same key/);
  });
});

describe('keyWeakness', () => {
  it('passes random keys', () => {
    for (let i = 0; i < 200; i++) expect(keyWeakness(crypto.randomBytes(32))).toBeNull();
  });

  it.each([
    ['all zeros', Buffer.alloc(32)],
    ['one byte repeated', Buffer.alloc(32, 0xab)],
    ['a 2-byte pattern', Buffer.from('ab12'.repeat(16), 'hex')],
    ['a 16-byte pattern', Buffer.concat([crypto.randomBytes(16)].flatMap((b) => [b, b]))],
    ['a counting sequence', Buffer.from(Array.from({ length: 32 }, (_, i) => (200 + i * 3) % 256))],
    ['few distinct bytes', Buffer.from(Array.from({ length: 32 }, (_, i) => [1, 2, 3, 5, 8, 13, 21][(i * i) % 7]))],
    ['a passphrase', Buffer.from('my very secret encryption key!!!')],
  ])('refuses %s', (_name, key) => {
    expect(keyWeakness(key)).not.toBeNull();
  });
});

describe('loadEncryptionKey', () => {
  const logger = createLogger('silent');

  it('generates a key into the data directory once, then reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-key-'));
    const first = loadEncryptionKey({ dataDir: dir, logger });
    expect(first).toHaveLength(32);
    expect(fs.statSync(path.join(dir, 'encryption.key')).mode & 0o777).toBe(0o600);
    expect(loadEncryptionKey({ dataDir: dir, logger }).equals(first)).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });

  it('prefers ENCRYPTION_KEY', () => {
    const key = crypto.randomBytes(32);
    expect(loadEncryptionKey({ encryptionKey: key.toString('base64'), dataDir: '/nonexistent', logger }).equals(key)).toBe(true);
  });
});
