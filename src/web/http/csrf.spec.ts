import { cookieHeader, csrfToken, newCsrfSecret, parseCookies, verifyCsrf } from './csrf';

describe('csrf tokens', () => {
  const secret = newCsrfSecret();

  it('accepts the token made for the same cookie and form path', () => {
    expect(verifyCsrf(secret, '/book/demo', csrfToken(secret, '/book/demo'))).toBe(true);
  });

  it('refuses a token of another form, another cookie, or none', () => {
    expect(verifyCsrf(secret, '/me/abc/appointments/1/cancel', csrfToken(secret, '/book/demo'))).toBe(false);
    expect(verifyCsrf(newCsrfSecret(), '/book/demo', csrfToken(secret, '/book/demo'))).toBe(false);
    expect(verifyCsrf(secret, '/book/demo', undefined)).toBe(false);
    expect(verifyCsrf(secret, '/book/demo', '')).toBe(false);
    expect(verifyCsrf(undefined, '/book/demo', csrfToken(secret, '/book/demo'))).toBe(false);
    expect(verifyCsrf('short', '/book/demo', csrfToken('short', '/book/demo'))).toBe(false);
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
