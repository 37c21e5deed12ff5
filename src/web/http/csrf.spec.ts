import { createHmac } from 'node:crypto';
import { staffApiCsrfToken } from '../../auth/session-cookie';
import { cookieHeader, csrfToken, newCsrfSecret, parseCookies, verifyCsrf, visitorFormKey } from './csrf';

const SERVER = 'x'.repeat(40);

describe('csrf tokens', () => {
  const key = visitorFormKey(SERVER, newCsrfSecret());

  it('accepts the token made with the same key for the same form path', () => {
    expect(verifyCsrf(key, '/book/demo', csrfToken(key, '/book/demo'))).toBe(true);
  });

  it('refuses a token of another form, another key, or none', () => {
    expect(verifyCsrf(key, '/me/abc/appointments/1/cancel', csrfToken(key, '/book/demo'))).toBe(false);
    expect(verifyCsrf(visitorFormKey(SERVER, newCsrfSecret()), '/book/demo', csrfToken(key, '/book/demo'))).toBe(false);
    expect(verifyCsrf(key, '/book/demo', undefined)).toBe(false);
    expect(verifyCsrf(key, '/book/demo', '')).toBe(false);
    expect(verifyCsrf(key, '/book/demo', [csrfToken(key, '/book/demo')])).toBe(false);
    expect(verifyCsrf(null, '/book/demo', csrfToken(key, '/book/demo'))).toBe(false);
  });
});

describe('form keys', () => {
  it('an anonymous visitor: their cookie secret keyed with the server secret, so a made-up cookie yields no token', () => {
    const cookie = newCsrfSecret();
    const k = visitorFormKey(SERVER, cookie);
    expect(k).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(visitorFormKey(SERVER, cookie)).toBe(k);
    expect(visitorFormKey(SERVER, newCsrfSecret())).not.toBe(k);
    expect(visitorFormKey('y'.repeat(40), cookie)).not.toBe(k);
    // What the cookie alone gives (the token as it was made before forms were bound) does not fit.
    const fromCookieAlone = createHmac('sha256', cookie).update('form:/book/demo').digest('base64url');
    expect(verifyCsrf(k, '/book/demo', fromCookieAlone)).toBe(false);
    // Nor does the cookie itself work as a key.
    expect(verifyCsrf(k, '/book/demo', csrfToken(cookie, '/book/demo'))).toBe(false);
  });

  it('a signed-in staff member: the session’s own CSRF token (HMAC of its row id), one session’s token fails in another', () => {
    const a = staffApiCsrfToken(SERVER, 'session-a');
    const b = staffApiCsrfToken(SERVER, 'session-b');
    const token = csrfToken(a, '/staff/settings/hours');
    expect(verifyCsrf(a, '/staff/settings/hours', token)).toBe(true);
    expect(verifyCsrf(b, '/staff/settings/hours', token)).toBe(false);
    // Not the API header token itself, and not a visitor's token for the same secret.
    expect(token).not.toBe(a);
    expect(verifyCsrf(visitorFormKey(SERVER, a), '/staff/settings/hours', token)).toBe(false);
  });
});

describe('cookies', () => {
  it('parses a Cookie header, first value wins', () => {
    expect(parseCookies('a=1; csrf=xyz; a=2; junk; =x')).toEqual({ a: '1', csrf: 'xyz' });
    expect(parseCookies(undefined)).toEqual({});
  });

  it('sets Secure only on https', () => {
    expect(cookieHeader('csrf', 'v', { secure: false })).toBe('csrf=v; Path=/; SameSite=Lax; HttpOnly');
    expect(cookieHeader('__Host-csrf', 'v', { secure: true, maxAgeSeconds: 60 })).toBe(
      '__Host-csrf=v; Path=/; SameSite=Lax; HttpOnly; Secure; Max-Age=60',
    );
  });
});
