import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseCookies } from '../common/cookies';

/**
 * The staff session cookie's name and the API's CSRF token for it: pure, so the API guard (auth/)
 * and the pages (web/staff) share them. `__Host-` on https: no sibling subdomain can plant it
 * (it must be Secure, Path=/, without Domain); a plain name on http://localhost, where browsers
 * refuse Secure cookies.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-samtal_session' : 'samtal_session';
}

/** The session token from a Cookie header; anything not shaped like our token is absent. */
export function sessionTokenFromCookieHeader(header: string | undefined, secure: boolean): string | null {
  const value = parseCookies(header)[sessionCookieName(secure)];
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

/**
 * The `X-CSRF-Token` an unsafe API call with the session cookie must carry. Derived, not stored:
 * HMAC(TOKEN_SECRET, session row id), so every instance can check it, and it changes with the
 * session (a new id at every sign-in). The row id is not the cookie's token, so the page that
 * shows this token shows nothing that signs anyone in.
 */
export function staffApiCsrfToken(secret: string, sessionId: string): string {
  return createHmac('sha256', secret).update(`staff-api-csrf:${sessionId}`).digest('base64url');
}

export function csrfTokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length > 100) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** GET, HEAD and OPTIONS change nothing, so they need no CSRF token. */
export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}
