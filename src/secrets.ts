import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from './logger';

const ALGORITHM = 'aes-256-gcm';
const VERSION = 'v1';

/**
 * Encrypts secrets at rest (AES-256-GCM, a random 96-bit IV per value, authenticated).
 * The stored form is `v1.<iv>.<tag>.<ciphertext>`, base64url parts; the version prefix leaves room
 * for key rotation.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('The encryption key must be 32 bytes');
    this.key = key;
  }

  encrypt(plaintext: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv(ALGORITHM, this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  /** @throws Error when the value was not made by this key (wrong key, tampered, or not encrypted). */
  decrypt(stored: string): string {
    const [version, iv, tag, ciphertext] = stored.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
      throw new Error('Not an encrypted value of a known format');
    }
    const decipher = crypto.createDecipheriv(ALGORITHM, this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Could not decrypt a stored secret: was ENCRYPTION_KEY changed?');
    }
  }
}

/**
 * The key for {@link SecretBox}: ENCRYPTION_KEY when set; otherwise (embedded database only) the key
 * in `<dataDir>/encryption.key`, generated on first use with a warning, since whoever can read the
 * data directory can then read the secrets too.
 */
export function loadEncryptionKey(options: { encryptionKey?: string; dataDir: string; logger: Logger }): Buffer {
  if (options.encryptionKey) return Buffer.from(options.encryptionKey, 'base64');
  const file = path.join(options.dataDir, 'encryption.key');
  if (fs.existsSync(file)) {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return key;
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  options.logger.warn(
    { file },
    'ENCRYPTION_KEY is not set: generated a key for the embedded database. Set ENCRYPTION_KEY for production use.',
  );
  return key;
}
