import type { Request, Response } from 'express';
import { sessionCookieName, sessionTokenFromCookieHeader } from '../../auth/session-cookie';
import { cookieHeader } from '../http/csrf';

export { sessionCookieName };

/**
 * The staff session cookie: HttpOnly, SameSite=Lax, Path=/, Secure (and `__Host-`) on https. No
 * Max-Age: a browser-session cookie, and the server decides when the session ends (idle, absolute
 * lifetime, sign-out, deactivation). `secure` is `PUBLIC_URL` being https (WebContextFactory.secure).
 */
export function setSessionCookie(res: Response, token: string, secure: boolean): void {
  res.append('Set-Cookie', cookieHeader(sessionCookieName(secure), token, { secure }));
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.append('Set-Cookie', cookieHeader(sessionCookieName(secure), '', { secure, maxAgeSeconds: 0 }));
}

/** The session token the browser sent, or null (absent or not shaped like ours). */
export function readSessionToken(req: Request, secure: boolean): string | null {
  return sessionTokenFromCookieHeader(req.headers.cookie, secure);
}
