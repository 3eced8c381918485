import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from './logger';
import { loadEncryptionKey, SecretBox } from './secrets';

describe('SecretBox', () => {
  const box = new SecretBox(crypto.randomBytes(32));

  it('round-trips a secret and never stores it in the clear', () => {
    const stored = box.encrypt('hunter2-ünïcode');
    expect(stored).not.toContain('hunter2');
    expect(stored.startsWith('v1.')).toBe(true);
    expect(box.decrypt(stored)).toBe('hunter2-ünïcode');
  });

  it('uses a fresh IV per value', () => {
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
  });

  it('refuses a value made with another key, or tampered with', () => {
    const other = new SecretBox(crypto.randomBytes(32));
    expect(() => other.decrypt(box.encrypt('x'))).toThrow(/ENCRYPTION_KEY/);
    const parts = box.encrypt('secret').split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => box.decrypt(parts.join('.'))).toThrow();
    expect(() => box.decrypt('plain text')).toThrow(/known format/);
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
