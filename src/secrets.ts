import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from './logger';

const ALGORITHM = 'aes-256-gcm';

/**
 * Where a secret is stored: the associated data (AAD) its ciphertext is bound to. A value copied to
 * another row, column or tenant does not decrypt there, so whoever can write to the database (but
 * does not hold the key) cannot move one site's secret where another site's code will use it.
 */
export const secretPlace = {
  /** `tenants.shared_secret_encrypted`, by client key (the tenant's identity, known before its row). */
  tenantSharedSecret: (clientKey: string) => `tenants:${clientKey}:shared_secret`,
  /** `tenants.forge_system_token_encrypted`, by installation id (a Forge tenant's identity). */
  forgeSystemToken: (installationId: string) => `tenants:${installationId}:forge_system_token`,
  /** `data_sources.secrets_encrypted` of one source of one tenant. */
  sourceSecrets: (tenantId: string, sourceId: string) => `data_sources:${tenantId}:${sourceId}:secrets`,
};

/** What {@link SecretBox.open} tells besides the plaintext. */
export interface OpenedSecret {
  plaintext: string;
  /** Not under the current key with associated data (v1, or the previous key): re-encrypt it. */
  stale: boolean;
}

/** A key and its id: the first 8 bytes of a SHA-256 over it, base64url (names the key, reveals nothing usable). */
interface Key {
  id: string;
  bytes: Buffer;
}

function keyOf(bytes: Buffer): Key {
  if (bytes.length !== 32) throw new Error('The encryption key must be 32 bytes');
  return { id: crypto.createHash('sha256').update('rollcall key id\0').update(bytes).digest().subarray(0, 8).toString('base64url'), bytes };
}

/**
 * Encrypts secrets at rest with AES-256-GCM: a random 96-bit IV per value, authenticated, bound to
 * its place (associated data, see {@link secretPlace}).
 *
 * Stored forms (base64url parts):
 * - `v2.<key id>.<iv>.<tag>.<ciphertext>`: the current form, with associated data;
 * - `v1.<iv>.<tag>.<ciphertext>`: before associated data; still read, re-encrypted at start-up.
 *
 * Key rotation: a box may hold the previous key too (ENCRYPTION_KEY_PREVIOUS); it only decrypts,
 * and whatever it decrypts is {@link OpenedSecret.stale} until re-encrypted with the current key.
 */
export class SecretBox {
  private readonly current: Key;
  private readonly previous?: Key;

  constructor(key: Buffer, previousKey?: Buffer) {
    this.current = keyOf(key);
    if (previousKey) {
      this.previous = keyOf(previousKey);
      if (this.previous.id === this.current.id) throw new Error('ENCRYPTION_KEY_PREVIOUS is the same key as ENCRYPTION_KEY');
    }
  }

  encrypt(plaintext: string, place: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv(ALGORITHM, this.current.bytes, iv);
    cipher.setAAD(Buffer.from(place, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v2', this.current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  /** @throws Error when the value was not made by this box's keys for this place (wrong key, wrong place, tampered, or not encrypted). */
  decrypt(stored: string, place: string): string {
    return this.open(stored, place).plaintext;
  }

  /** Decrypts, and says whether the value should be re-encrypted (see {@link decrypt} for errors). */
  open(stored: string, place: string): OpenedSecret {
    const parts = stored.split('.');
    if (parts[0] === 'v2' && parts.length === 5) {
      const [, keyId, iv, tag, ciphertext] = parts;
      const key = [this.current, this.previous].find((k) => k?.id === keyId);
      if (!key) throw new Error('Could not decrypt a stored secret: it was encrypted with a key that is neither ENCRYPTION_KEY nor ENCRYPTION_KEY_PREVIOUS');
      return { plaintext: gcmDecrypt(key.bytes, iv, tag, ciphertext, place), stale: key !== this.current };
    }
    if (parts[0] === 'v1' && parts.length === 4) {
      const [, iv, tag, ciphertext] = parts;
      // v1 names no key: try both.
      for (const key of [this.current, this.previous]) {
        if (!key) continue;
        try {
          return { plaintext: gcmDecrypt(key.bytes, iv, tag, ciphertext, null), stale: true };
        } catch {
          // the other key, if any
        }
      }
      throw new Error('Could not decrypt a stored secret: was ENCRYPTION_KEY changed?');
    }
    throw new Error('Not an encrypted value of a known format');
  }
}

function gcmDecrypt(key: Buffer, iv: string, tag: string, ciphertext: string, place: string | null): string {
  const decipher = crypto.createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'));
  if (place !== null) decipher.setAAD(Buffer.from(place, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('Could not decrypt a stored secret: wrong key, tampered, or moved from another place');
  }
}

/**
 * Why a key is too weak to encrypt with, or null. A key should be `openssl rand -base64 32`; these
 * catch what people type instead: one byte repeated, a short pattern repeated (e.g. a 128-bit test
 * vector doubled), a counting sequence, few distinct bytes, or a passphrase (32 random bytes are
 * all printable ASCII with a chance of about 1 in 10^14).
 */
export function keyWeakness(key: Buffer): string | null {
  if (key.length !== 32) return 'must be 32 bytes';
  if (key.every((b) => b === key[0])) return 'is one byte repeated';
  for (let period = 2; period <= 16; period++) {
    if (key.every((b, i) => i < period || b === key[i - period])) return `repeats a ${period}-byte pattern`;
  }
  const step = (key[1] - key[0] + 256) % 256;
  if (key.every((b, i) => i === 0 || (b - key[i - 1] + 256) % 256 === step)) return 'is a counting sequence';
  if (new Set(key).size < 16) return 'has too few distinct bytes to be random';
  if (key.every((b) => b >= 0x20 && b < 0x7f)) return 'is printable text (a passphrase), not random bytes';
  return null;
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
