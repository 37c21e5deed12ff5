import type { Browser, BrowserContext } from 'playwright-core';
import { StaffSessionsService } from '../../src/auth/staff-sessions.service';
import { csrfToken } from '../../src/web/http/csrf';
import { launchBrowser, PagesApp, startPagesApp } from './browser';
import { SmtpSink } from './smtp-sink';
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

/** The app, browser and mail sink of a staff page spec. */
export interface StaffPagesWorld {
  app: PagesApp;
  browser: Browser;
  sink: SmtpSink;
}

/**
 * What the staff page specs run on: the app on a real PostgreSQL with the mail job sending into an SMTP
 * sink (a failed send retried after a second), a browser, and the test clock at `now`. `env` adds to or
 * overrides the app's settings. Stop it with stopStaffPages.
 */
export async function startStaffPages(now: Date | string, env: Record<string, string> = {}): Promise<StaffPagesWorld> {
  const sink = await new SmtpSink().start();
  const [app, browser] = await Promise.allSettled([
    startPagesApp({ SMTP_URL: sink.url, JOBS_ENABLED: 'true', JOB_RETRY_DELAY_SECONDS: '1', ...env }),
    launchBrowser(),
  ]);
  if (app.status === 'rejected' || browser.status === 'rejected') {
    // Whatever did start is stopped here: the spec never got hold of it.
    await stopStaffPages({
      app: app.status === 'fulfilled' ? app.value : undefined,
      browser: browser.status === 'fulfilled' ? browser.value : undefined,
      sink,
    });
    throw app.status === 'rejected' ? app.reason : (browser as PromiseRejectedResult).reason;
  }
  app.value.ctx.clock.set(now);
  return { app: app.value, browser: browser.value, sink };
}

/** Stops what startStaffPages started (in an afterAll: any part may be missing when a beforeAll failed). */
export async function stopStaffPages(world: Partial<StaffPagesWorld>): Promise<void> {
  await world.browser?.close();
  await world.app?.ctx.close();
  await world.sink?.stop();
}
