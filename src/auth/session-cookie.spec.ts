import {
  csrfTokenMatches,
  isSafeMethod,
  sessionCookieName,
  sessionTokenFromCookieHeader,
  staffApiCsrfToken,
} from './session-cookie';

const TOKEN = 'A'.repeat(21) + '_-' + 'b'.repeat(20); // 43 base64url characters
const SECRET = 'x'.repeat(32);

describe('the staff session cookie', () => {
  it('is __Host- on https and plain on http', () => {
    expect(sessionCookieName(true)).toBe('__Host-samtal_session');
    expect(sessionCookieName(false)).toBe('samtal_session');
  });

  it('is read by its own name only, and only when shaped like our token', () => {
    expect(sessionTokenFromCookieHeader(`csrf=abc; samtal_session=${TOKEN}`, false)).toBe(TOKEN);
    expect(sessionTokenFromCookieHeader(`__Host-samtal_session=${TOKEN}`, true)).toBe(TOKEN);
    // The plain name on https could be planted by a sibling subdomain: not ours.
    expect(sessionTokenFromCookieHeader(`samtal_session=${TOKEN}`, true)).toBeNull();
    expect(sessionTokenFromCookieHeader(`__Host-samtal_session=${TOKEN}`, false)).toBeNull();
    expect(sessionTokenFromCookieHeader(`samtal_session=${TOKEN}x`, false)).toBeNull();
    expect(sessionTokenFromCookieHeader(`samtal_session=a%20b`, false)).toBeNull();
    expect(sessionTokenFromCookieHeader('', false)).toBeNull();
    expect(sessionTokenFromCookieHeader(undefined, false)).toBeNull();
  });
});

describe('the staff API CSRF token', () => {
  it('is derived from the secret and the session id: stable, and different per session and per secret', () => {
    const a = staffApiCsrfToken(SECRET, 'session-a');
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(staffApiCsrfToken(SECRET, 'session-a')).toBe(a);
    expect(staffApiCsrfToken(SECRET, 'session-b')).not.toBe(a);
    expect(staffApiCsrfToken('y'.repeat(32), 'session-a')).not.toBe(a);
  });

  it('matches only exactly', () => {
    const a = staffApiCsrfToken(SECRET, 'session-a');
    expect(csrfTokenMatches(a, a)).toBe(true);
    expect(csrfTokenMatches(a, a.slice(1))).toBe(false);
    expect(csrfTokenMatches(a, a + 'x')).toBe(false);
    expect(csrfTokenMatches(a, undefined)).toBe(false);
    expect(csrfTokenMatches(a, [a])).toBe(false);
    expect(csrfTokenMatches(a, '')).toBe(false);
  });

  it('is needed for every method but GET, HEAD and OPTIONS', () => {
    expect(['GET', 'HEAD', 'OPTIONS'].every(isSafeMethod)).toBe(true);
    expect(['POST', 'PUT', 'PATCH', 'DELETE', 'get'].some(isSafeMethod)).toBe(false);
  });
});
