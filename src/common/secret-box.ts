import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Seals text with AES-256-GCM under a key derived (HKDF-SHA256) from TOKEN_SECRET and a purpose, so
 * that a value sealed for one purpose never opens as another. The output is `v1.<iv|tag|body>` in
 * base64url; `open` answers null for anything altered, truncated or sealed with another key.
 */
export class SecretBox {
  private readonly key: Buffer;
  private readonly aad: Buffer;

  constructor(secret: string, purpose: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'samtal', purpose, 32));
    this.aad = Buffer.from(`samtal ${purpose} ${VERSION}`);
  }

  seal(text: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(this.aad);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  open(sealed: string | undefined | null, maxLength = 100_000): string | null {
    if (!sealed || sealed.length > maxLength || !sealed.startsWith(`${VERSION}.`)) return null;
    const raw = Buffer.from(sealed.slice(VERSION.length + 1), 'base64url');
    if (raw.length < 12 + 16) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAAD(this.aad);
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
