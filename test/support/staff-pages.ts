import type { BrowserContext } from 'playwright-core';
import { StaffSessionsService } from '../../src/auth/staff-sessions.service';
import { csrfToken } from '../../src/web/http/csrf';
import type { TestContext } from './test-app';

/** The session cookie's name on http:// test apps (on https it is `__Host-samtal_session`). */
export const STAFF_COOKIE = 'samtal_session';

/**
 * A signed-in staff member without going through a sign-in page (those have their own specs):
 * the session is started as the sign-in flows start it. `cookie` is for supertest's `.set('Cookie')`;
 * `csrfToken` is the session's API header token; `formToken(action)` the token a page of this
 * session puts in its form posting to `action` (for a form the page does not show, made as it would).
 */
export async function staffSession(
  ctx: TestContext,
  caseworkerId: string,
): Promise<{ token: string; cookie: string; csrfToken: string; formToken: (action: string) => string }> {
  const sessions = ctx.app.get(StaffSessionsService);
  const { token } = await sessions.start({ caseworkerId, method: 'email_link' });
  const principal = await sessions.resolve(token);
  if (!principal) throw new Error('the new session did not resolve');
  return {
    token,
    cookie: `${STAFF_COOKIE}=${token}`,
    csrfToken: principal.csrfToken,
    formToken: (action) => csrfToken(principal.csrfToken, action),
  };
}

/** The same, as a browser context's cookie: the page then opens signed in. */
export async function signInBrowser(
  ctx: TestContext,
  context: BrowserContext,
  baseUrl: string,
  caseworkerId: string,
): Promise<void> {
  const { token } = await staffSession(ctx, caseworkerId);
  await context.addCookies([
    { name: STAFF_COOKIE, value: token, url: baseUrl, httpOnly: true, sameSite: 'Lax', secure: false },
  ]);
}
