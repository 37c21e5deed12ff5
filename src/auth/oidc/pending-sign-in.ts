import { SecretBox } from '../../common/secret-box';

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

/** The sealed cookie's purpose; the AAD of earlier releases was this text followed by the version. */
const PURPOSE = 'oidc pending sign-in';

export class PendingSignInSealer {
  private readonly box: SecretBox;

  constructor(secret: string) {
    this.box = new SecretBox(secret, PURPOSE);
  }

  seal(p: PendingSignIn): string {
    return this.box.seal(JSON.stringify(p));
  }

  /** The pending sign-in, or null when absent, altered, sealed with another key, or past its time. */
  open(sealed: string | undefined, now: Date): PendingSignIn | null {
    const text = this.box.open(sealed, 2000);
    if (text === null) return null;
    let p: unknown;
    try {
      p = JSON.parse(text);
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
