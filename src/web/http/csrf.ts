import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * CSRF for the page forms, without server state: a random `csrf` cookie (HttpOnly, SameSite=Lax)
 * and, in each form, HMAC(cookie, form path). Another site can neither read the cookie nor, with
 * SameSite=Lax, send it on a cross-site POST; and a token taken from one form does not fit another
 * (a cancel token cannot be replayed against a booking). Any instance can check any token.
 */

export function newCsrfSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Our own cookie values are 43 base64url characters; anything else is treated as absent. */
export function isCsrfSecret(v: unknown): v is string {
  return typeof v === 'string' && /^[A-Za-z0-9_-]{43}$/.test(v);
}

export function csrfToken(secret: string, formPath: string): string {
  return createHmac('sha256', secret).update(`form:${formPath}`).digest('base64url');
}

export function verifyCsrf(secret: unknown, formPath: string, token: unknown): boolean {
  if (!isCsrfSecret(secret) || typeof token !== 'string' || token.length > 100) return false;
  const expected = Buffer.from(csrfToken(secret, formPath));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `__Host-` on https: such a cookie cannot be planted by a sibling subdomain (it must be Secure, Path=/, no Domain). */
export function csrfCookieName(secure: boolean): string {
  return secure ? '__Host-csrf' : 'csrf';
}

// The cookie helpers live in common/ so that auth/ (the API's session guard) can read cookies too.
export { cookieHeader, parseCookies } from '../../common/cookies';
