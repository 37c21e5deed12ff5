import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * CSRF for the page forms, without server state. Each form carries HMAC(key, form path), so a token
 * taken from one form does not fit another (a cancel token cannot be replayed against a booking),
 * and any instance can check any token. The key binds the token to who is posting:
 * - a signed-in staff page: the session's own CSRF token, HMAC(TOKEN_SECRET, session row id)
 *   (auth/session-cookie.ts, the API's `X-CSRF-Token`): a token from one session fails in another,
 *   and it dies with the session;
 * - an anonymous page (booking, confirm, /me, sign-in): HMAC(TOKEN_SECRET, visitor secret), where the
 *   secret is a random `csrf` cookie (HttpOnly, SameSite=Lax, `__Host-` on https). A cookie someone
 *   made up (or planted) is worth nothing without the server's key: no token can be computed from it.
 * Another site can neither read these cookies nor, with SameSite=Lax, send them on a cross-site POST.
 */

export function newCsrfSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Our own cookie values are 43 base64url characters; anything else is treated as absent. */
export function isCsrfSecret(v: unknown): v is string {
  return typeof v === 'string' && /^[A-Za-z0-9_-]{43}$/.test(v);
}

/** The form key of an anonymous visitor: their cookie's secret, keyed with the server's TOKEN_SECRET. */
export function visitorFormKey(serverSecret: string, visitorSecret: string): string {
  return createHmac('sha256', serverSecret).update(`visitor-forms:${visitorSecret}`).digest('base64url');
}

/** The token of the form posting to `formPath`, for a form key (a session's or a visitor's). */
export function csrfToken(formKey: string, formPath: string): string {
  return createHmac('sha256', formKey).update(`form:${formPath}`).digest('base64url');
}

export function verifyCsrf(formKey: string | null, formPath: string, token: unknown): boolean {
  if (!formKey || typeof token !== 'string' || token.length > 100) return false;
  const expected = Buffer.from(csrfToken(formKey, formPath));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * `__Host-` on https: such a cookie cannot be planted by a sibling subdomain (it must be Secure, Path=/, no Domain).
 */
export function csrfCookieName(secure: boolean): string {
  return secure ? '__Host-csrf' : 'csrf';
}

// The cookie helpers live in common/ so that auth/ (the API's session guard) can read cookies too.
export { cookieHeader, parseCookies } from '../../common/cookies';
