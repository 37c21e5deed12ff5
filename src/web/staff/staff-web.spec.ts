import type { Request, Response } from 'express';
import { safeNextPath, signedOutUrl, staffSignInUrl } from './paths';
import { clearSessionCookie, readSessionToken, setSessionCookie } from './session-cookie';

const TOKEN = 'c'.repeat(43);

function fakeResponse(): { res: Response; cookies: string[] } {
  const cookies: string[] = [];
  const res = { append: (name: string, value: string) => name === 'Set-Cookie' && cookies.push(value) };
  return { res: res as unknown as Response, cookies };
}

describe('the session cookie as the pages set it', () => {
  it('https: __Host-, HttpOnly, SameSite=Lax, Secure, Path=/, no Max-Age (a browser-session cookie)', () => {
    const { res, cookies } = fakeResponse();
    setSessionCookie(res, TOKEN, true);
    expect(cookies).toEqual([`__Host-samtal_session=${TOKEN}; Path=/; SameSite=Lax; HttpOnly; Secure`]);
  });

  it('http: the plain name, without Secure', () => {
    const { res, cookies } = fakeResponse();
    setSessionCookie(res, TOKEN, false);
    expect(cookies).toEqual([`samtal_session=${TOKEN}; Path=/; SameSite=Lax; HttpOnly`]);
  });

  it('clearing sends the same name and attributes with Max-Age=0', () => {
    const { res, cookies } = fakeResponse();
    clearSessionCookie(res, true);
    clearSessionCookie(res, false);
    expect(cookies).toEqual([
      '__Host-samtal_session=; Path=/; SameSite=Lax; HttpOnly; Secure; Max-Age=0',
      'samtal_session=; Path=/; SameSite=Lax; HttpOnly; Max-Age=0',
    ]);
  });

  it('reads the token back from the request', () => {
    const req = { headers: { cookie: `lang=en; __Host-samtal_session=${TOKEN}` } } as Request;
    expect(readSessionToken(req, true)).toBe(TOKEN);
    expect(readSessionToken(req, false)).toBeNull();
  });
});

describe('next after sign-in: a local path only', () => {
  it.each(['/staff', '/staff/clients/1?week=2027-W10', '/staff/a%2Fb'])('keeps %s', (p) => {
    expect(safeNextPath(p)).toBe(p);
  });

  it.each([
    'https://evil.example/staff',
    '//evil.example/staff',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'staff',
    '/staff\n/x',
    '/\t/evil.example',
    '',
    '/' + 'a'.repeat(1000),
  ])('refuses %j', (p) => {
    expect(safeNextPath(p)).toBeNull();
  });

  it('refuses what is not a string', () => {
    expect(safeNextPath(undefined)).toBeNull();
    expect(safeNextPath(['/staff'])).toBeNull();
  });

  it('builds the sign-in links', () => {
    expect(staffSignInUrl('/staff')).toBe('/staff/sign-in?next=%2Fstaff');
    expect(staffSignInUrl('https://evil.example')).toBe('/staff/sign-in');
    expect(staffSignInUrl()).toBe('/staff/sign-in');
    expect(signedOutUrl).toBe('/staff/sign-in?signed_out=1');
  });
});
