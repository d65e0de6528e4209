import crypto from 'node:crypto';

/**
 * Private keys and PKCS#12 files are kept in the database sealed with AES-256-GCM under a key
 * derived from SIGNING_KEY_SECRET (config.ts). The associated data names what a blob is (table,
 * column, certificate serial), so a sealed blob copied into another row or column does not open.
 * Layout: version byte 1 | 12-byte nonce | 16-byte tag | ciphertext.
 */
export interface AtRestKey {
  readonly key: Buffer;
}

/** Any secret of at least 32 characters becomes a 256-bit key through HKDF-SHA-256. */
export function atRestKey(secret: string): AtRestKey {
  if (secret.length < 32) throw new Error('SIGNING_KEY_SECRET must be at least 32 characters');
  return { key: Buffer.from(crypto.hkdfSync('sha256', secret, 'mot-cua/signing', 'aes-256-gcm at rest', 32)) };
}

export function seal(key: AtRestKey, plaintext: Buffer, label: string): Buffer {
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key.key, nonce);
  cipher.setAAD(Buffer.from(label, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([1]), nonce, cipher.getAuthTag(), body]);
}

export class SealError extends Error {
  constructor(label: string) {
    super(`cannot open ${label}: wrong SIGNING_KEY_SECRET or damaged data`);
    this.name = 'SealError';
  }
}

export function unseal(key: AtRestKey, sealed: Buffer, label: string): Buffer {
  if (sealed.length < 29 || sealed[0] !== 1) throw new SealError(label);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key.key, sealed.subarray(1, 13));
  decipher.setAAD(Buffer.from(label, 'utf8'));
  decipher.setAuthTag(sealed.subarray(13, 29));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]);
  } catch {
    throw new SealError(label);
  }
}
