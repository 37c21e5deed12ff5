import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * What the browser carries between GET /staff/oidc/login and the callback: the PKCE verifier, the
 * state, the nonce and where to go afterwards. It travels sealed (AES-256-GCM, a key derived from
 * TOKEN_SECRET) in a short-lived cookie, so no instance keeps server state for it and any instance
 * can finish a sign-in another one began; the browser can neither read nor change it.
 */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** A local path under /staff to land on once signed in. */
  next: string;
  /** Epoch milliseconds after which the sign-in must start over. */
  expiresAt: number;
}

export const PENDING_SIGN_IN_MINUTES = 10;

const VERSION = 'v1';
const AAD = Buffer.from('samtal oidc pending sign-in v1');

export class PendingSignInSealer {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'samtal', 'oidc pending sign-in', 32));
  }

  seal(p: PendingSignIn): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(AAD);
    const body = Buffer.concat([cipher.update(JSON.stringify(p), 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The pending sign-in, or null when absent, altered, sealed with another key, or past its time. */
  open(sealed: string | undefined, now: Date): PendingSignIn | null {
    if (!sealed || sealed.length > 2000 || !sealed.startsWith(`${VERSION}.`)) return null;
    const raw = Buffer.from(sealed.slice(VERSION.length + 1), 'base64url');
    if (raw.length < 12 + 16 + 2) return null;
    let p: unknown;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAAD(AAD);
      decipher.setAuthTag(raw.subarray(12, 28));
      p = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
    } catch {
      return null;
    }
    if (!isPendingSignIn(p) || p.expiresAt <= now.getTime()) return null;
    return p;
  }
}

function isPendingSignIn(p: unknown): p is PendingSignIn {
  if (typeof p !== 'object' || p === null) return false;
  const o = p as Record<string, unknown>;
  return (
    ['state', 'nonce', 'codeVerifier', 'next'].every((k) => typeof o[k] === 'string' && o[k].length > 0) &&
    typeof o.expiresAt === 'number'
  );
}
