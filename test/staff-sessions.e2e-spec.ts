import type { Browser } from 'playwright-core';
import type { Response } from 'supertest';
import { StaffSessionsService } from '../src/auth/staff-sessions.service';
import { RetentionWorker } from '../src/clients/retention.worker';
import { StaffPageSessions } from '../src/web/staff/staff-page-sessions';
import { countRows } from './support/booking-fixture';
import { expectAccessible, launchBrowser, newPage, PagesApp, see, startPagesApp } from './support/browser';
import { bearer, createTestContext, TestContext, TestUnit } from './support/test-app';

const MIN = 60_000;
const NOW = '2027-03-01T07:00:00.000Z';
const COOKIE = 'samtal_session';

/** The Set-Cookie headers of a response, by cookie name. */
function setCookies(res: Response): Record<string, string> {
  const raw = res.headers['set-cookie'] as unknown as string[] | string | undefined;
  const out: Record<string, string> = {};
  for (const c of raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) out[c.slice(0, c.indexOf('='))] = c;
  return out;
}
const valueOf = (setCookie: string) => setCookie.slice(setCookie.indexOf('=') + 1).split(';')[0];

/**
 * Staff sessions (docs/product-rules.md, rule 12): the cookie on the API and the pages, idle and absolute
 * timeouts with the injectable clock, sign-out that ends the session server-side, CSRF for unsafe
 * API calls, deactivation. Sessions start through the service: the sign-in flows build on it.
 */
describe('staff sessions', () => {
  let ctx: TestContext;
  let unit: TestUnit;
  let cw: { id: string; token: string };
  let sessions: StaffSessionsService;

  beforeAll(async () => {
    ctx = await createTestContext();
    unit = await ctx.newUnit({ publicName: 'Office of Tests' });
    cw = await ctx.newCaseworker(unit, { name: 'Cecilia Worker' });
    sessions = ctx.app.get(StaffSessionsService);
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterAll(() => ctx.close());

  const signIn = async (caseworkerId = cw.id, previousToken?: string) =>
    (await sessions.start({ caseworkerId, method: 'email_link', previousToken })).token;
  const withCookie = (token: string) => ({ Cookie: `${COOKIE}=${token}` });
  const whoami = (token: string) => ctx.http().get('/api/v1/whoami').set(withCookie(token));
  const issueToken = (token: string, headers: Record<string, string> = {}) =>
    ctx
      .http()
      .post(`/api/v1/caseworkers/${cw.id}/tokens`)
      .set({ ...withCookie(token), ...headers })
      .send({ label: 'from the page' });
  const liveSessions = (caseworkerId: string) =>
    countRows(ctx, `SELECT 1 FROM staff_sessions WHERE caseworker_id = $1 AND ended_at IS NULL`, [caseworkerId]);

  /**
   * What a browser does: GET /staff with the session, keep the page's form token, and any cookie the
   * page sets besides the session's (none: the forms are bound to the session, not to a cookie).
   */
  async function openStaffPage(token: string, path = '/staff', action = '/staff/sign-out') {
    const page = await ctx.http().get(path).set(withCookie(token)).expect(200);
    const form = new RegExp(
      `<form method="post" action="${action}"[^>]*>\\s*<input type="hidden" name="_csrf" value="([^"]+)">`,
    ).exec(page.text);
    expect(form).not.toBeNull();
    const others = Object.entries(setCookies(page)).filter(([name]) => name !== COOKIE);
    const apiCsrf = /<meta name="csrf-token" content="([^"]+)">/.exec(page.text)?.[1];
    return {
      page,
      formToken: form![1],
      otherCookies: others.map(([name, c]) => `${name}=${valueOf(c)}`),
      apiCsrf: apiCsrf!,
    };
  }

  it('the cookie works on the staff API, and the session is stored hashed', async () => {
    const token = await signIn();
    const res = await whoami(token).expect(200);
    expect(res.body).toMatchObject({ caseworker: { id: cw.id }, unit: { id: unit.id } });
    expect(
      await countRows(ctx, `SELECT 1 FROM staff_sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, [token]),
    ).toBe(1);
    const leaked = await countRows(
      ctx,
      `SELECT 1 FROM staff_sessions WHERE encode(token_hash, 'escape') LIKE '%' || $1 || '%'`,
      [token],
    );
    expect(leaked).toBe(0);
    // No credential, or a made-up cookie: 401.
    await ctx.http().get('/api/v1/whoami').expect(401);
    const wrong = await whoami('x'.repeat(43)).expect(401);
    expect(wrong.body.code).toBe('UNAUTHENTICATED');
  });

  it('idle timeout: 31 minutes without a request ends it; requests every 29 minutes keep it alive', async () => {
    const idle = await signIn();
    const busy = await signIn();
    await whoami(busy).expect(200);
    ctx.clock.advance(29 * MIN);
    await whoami(busy).expect(200);
    ctx.clock.advance(29 * MIN); // 58 minutes after sign-in, 29 after the last request
    await whoami(busy).expect(200);
    ctx.clock.set(NOW);
    ctx.clock.advance(31 * MIN);
    await whoami(idle).expect(401);
  });

  it('absolute timeout: touched every 20 minutes, it still ends 10 hours after sign-in', async () => {
    const token = await signIn();
    for (let minutes = 20; minutes < 600; minutes += 20) {
      ctx.clock.set(new Date(Date.parse(NOW) + minutes * MIN));
      await whoami(token).expect(200);
    }
    ctx.clock.set(new Date(Date.parse(NOW) + 600 * MIN));
    await whoami(token).expect(401);
  });

  it('CSRF: an unsafe call with the cookie needs the X-CSRF-Token of its session; bearer needs none', async () => {
    const token = await signIn();
    const none = await issueToken(token).expect(403);
    expect(none.body.code).toBe('FORBIDDEN');
    expect(none.body.message).toMatch(/CSRF/);
    await issueToken(token, { 'X-CSRF-Token': 'wrong' }).expect(403);
    // Another session's token does not fit this one.
    const other = await sessions.resolve(await signIn());
    await issueToken(token, { 'X-CSRF-Token': other!.csrfToken }).expect(403);
    const { apiCsrf } = await openStaffPage(token);
    expect(apiCsrf).toBe((await sessions.resolve(token))!.csrfToken);
    await issueToken(token, { 'X-CSRF-Token': apiCsrf }).expect(201);
    // Bearer: no CSRF; and it wins over a cookie.
    await ctx
      .http()
      .post(`/api/v1/caseworkers/${cw.id}/tokens`)
      .set(bearer(cw.token))
      .send({ label: 'cli' })
      .expect(201);
    await ctx
      .http()
      .post(`/api/v1/caseworkers/${cw.id}/tokens`)
      .set({ ...bearer(cw.token), ...withCookie(token) })
      .send({ label: 'both' })
      .expect(201);
    const badBearer = await whoami(token).set(bearer('not-a-token')).expect(401);
    expect(badBearer.body.code).toBe('UNAUTHENTICATED');
  });

  it('sign-out through the page ends the session server-side', async () => {
    const token = await signIn();
    const { formToken } = await openStaffPage(token);
    const out = await ctx
      .http()
      .post('/staff/sign-out')
      .set(withCookie(token))
      .type('form')
      .send({ _csrf: formToken })
      .expect(303);
    expect(out.headers.location).toBe('/staff/sign-in?signed_out=1');
    const cleared = setCookies(out)[COOKIE];
    expect(cleared).toMatch(/^samtal_session=;/);
    expect(cleared).toMatch(/Max-Age=0/);
    // The old cookie is dead on the server, not only forgotten by the browser.
    await whoami(token).expect(401);
    const again = await ctx.http().get('/staff').set(withCookie(token)).expect(303);
    expect(again.headers.location).toBe('/staff/sign-in?next=%2Fstaff');
    expect(
      await countRows(ctx, `SELECT 1 FROM audit_events WHERE action = 'staff.signed_out' AND actor_id = $1`, [cw.id]),
    ).toBeGreaterThanOrEqual(1);
  });

  it('sign-out without the page CSRF token changes nothing', async () => {
    const token = await signIn();
    await openStaffPage(token);
    const res = await ctx
      .http()
      .post('/staff/sign-out')
      .set(withCookie(token))
      .type('form')
      .send({ _csrf: 'forged' })
      .expect(403);
    expect(setCookies(res)[COOKIE]).toBeUndefined();
    await whoami(token).expect(200);
  });

  it('a page form token is bound to its session: posted with another session’s cookie it is refused (403)', async () => {
    const colleague = await ctx.newCaseworker(unit, { name: 'Colm Colleague' });
    const mine = await signIn();
    const theirs = await signIn(colleague.id);
    // Everything the first browser holds but its session cookie goes along: only the session differs.
    const post = (token: string, action: string, opened: { formToken: string; otherCookies: string[] }, body = {}) =>
      ctx
        .http()
        .post(action)
        .set('Cookie', [`${COOKIE}=${token}`, ...opened.otherCookies].join('; '))
        .type('form')
        .send({ _csrf: opened.formToken, ...body });
    const localeOf = async (id: string) =>
      (await ctx.db.query<{ locale: string | null }[]>(`SELECT locale FROM caseworkers WHERE id = $1`, [id]))[0].locale;

    // A workspace form (my settings' language) made for the first session, posted with the colleague's.
    const settings = await openStaffPage(mine, '/staff/settings', '/staff/settings/language');
    const refused = await post(theirs, '/staff/settings/language', settings, { locale: 'sv' }).expect(403);
    expect(refused.text).toContain('<h1>');
    expect(await localeOf(colleague.id)).toBeNull();
    // The sign-out button likewise: the colleague stays signed in.
    const home = await openStaffPage(mine);
    await post(theirs, '/staff/sign-out', home).expect(403);
    await whoami(theirs).expect(200);

    // With its own session the very same tokens work.
    await post(mine, '/staff/settings/language', settings, { locale: 'de' }).expect(303);
    expect(await localeOf(cw.id)).toBe('de');
    await ctx.db.query(`UPDATE caseworkers SET locale = NULL WHERE id = $1`, [cw.id]);
    await post(mine, '/staff/sign-out', home).expect(303);
    await whoami(mine).expect(401);
  });

  it('a deactivated caseworker is locked out at once', async () => {
    const leaver = await ctx.newCaseworker(unit);
    const token = await signIn(leaver.id);
    await whoami(token).expect(200);
    await ctx.db.query(`UPDATE caseworkers SET active = false WHERE id = $1`, [leaver.id]);
    await whoami(token).expect(401);
    await ctx.http().get('/staff').set(withCookie(token)).expect(303);
    // And no new session for them either.
    await expect(signIn(leaver.id)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await sessions.endAllFor(leaver.id)).toBe(1);
    expect(await liveSessions(leaver.id)).toBe(0);
  });

  it('endAllFor ends every session of that person only', async () => {
    const a = await ctx.newCaseworker(unit);
    const [t1, t2] = [await signIn(a.id), await signIn(a.id)];
    const mine = await signIn();
    expect(await sessions.endAllFor(a.id)).toBe(2);
    await whoami(t1).expect(401);
    await whoami(t2).expect(401);
    await whoami(mine).expect(200);
  });

  it('a new sign-in gets a new session id and ends the previous one', async () => {
    const first = await signIn();
    const second = await signIn(cw.id, first);
    expect(second).not.toBe(first);
    expect(second).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await whoami(first).expect(401);
    await whoami(second).expect(200);
  });

  it("StaffPageSessions.signIn (the last step of both ways in) replaces the browser's session and sets the cookie", async () => {
    const old = await signIn();
    const appended: string[] = [];
    const res = { append: (_: string, v: string) => appended.push(v) };
    const req = { headers: { cookie: `${COOKIE}=${old}` } };
    const pages = ctx.app.get(StaffPageSessions, { strict: false });
    const { expiresAt } = await pages.signIn(req as never, res as never, { caseworkerId: cw.id, method: 'oidc' });
    expect(expiresAt.toISOString()).toBe(new Date(Date.parse(NOW) + 10 * 60 * MIN).toISOString());
    expect(appended).toHaveLength(1);
    expect(appended[0]).toMatch(/^samtal_session=[A-Za-z0-9_-]{43}; Path=\/; SameSite=Lax; HttpOnly$/);
    const fresh = valueOf(appended[0]);
    await whoami(old).expect(401);
    await whoami(fresh).expect(200);
    expect((await sessions.resolve(fresh))!.method).toBe('oidc');
  });

  it('sign-out without a live session still clears the cookie and lands on the sign-in page', async () => {
    const token = await signIn();
    const { formToken } = await openStaffPage(token);
    await sessions.endAllFor(cw.id);
    const out = await ctx
      .http()
      .post('/staff/sign-out')
      .set(withCookie(token))
      .type('form')
      .send({ _csrf: formToken })
      .expect(303);
    expect(out.headers.location).toBe('/staff/sign-in?signed_out=1');
    expect(setCookies(out)[COOKIE]).toMatch(/Max-Age=0/);
  });

  it('sign-in and sign-out are audited with the method, and no email or name', async () => {
    const token = await signIn();
    await sessions.end(token);
    expect(await sessions.end(token)).toBeNull(); // already ended: nothing more to say
    const rows = await ctx.db.query<
      { action: string; actor_type: string; unit_id: string; details: Record<string, unknown> }[]
    >(
      `SELECT action, actor_type, actor_id, unit_id, details FROM audit_events
        WHERE action IN ('staff.signed_in', 'staff.signed_out') AND actor_id = $1`,
      [cw.id],
    );
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['staff.signed_in', 'staff.signed_out']));
    for (const r of rows) {
      expect(r).toMatchObject({ actor_type: 'staff', unit_id: unit.id });
      expect(['email_link', 'oidc']).toContain(r.details.method);
      expect(Object.keys(r.details)).toEqual(['method']);
      expect(JSON.stringify(r.details)).not.toMatch(/@|Cecilia/);
    }
  });

  it('the daily retention run deletes sessions ended or expired over 30 days ago, and keeps the rest', async () => {
    const a = await ctx.newCaseworker(unit);
    const ended = await signIn(a.id);
    await sessions.end(ended);
    await signIn(a.id); // expires 10 hours from now
    ctx.clock.set(new Date(Date.parse(NOW) + 29 * 24 * 60 * MIN));
    const recent = await signIn(a.id);
    await ctx.app.get(RetentionWorker).run();
    expect(await countRows(ctx, `SELECT 1 FROM staff_sessions WHERE caseworker_id = $1`, [a.id])).toBe(3);
    ctx.clock.set(new Date(Date.parse(NOW) + 31 * 24 * 60 * MIN));
    await ctx.app.get(RetentionWorker).run();
    expect(await countRows(ctx, `SELECT 1 FROM staff_sessions WHERE caseworker_id = $1`, [a.id])).toBe(1);
    expect(
      await countRows(ctx, `SELECT 1 FROM staff_sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, [recent]),
    ).toBe(1);
  });

  it('GET /staff: who is signed in, in their language, with the API CSRF token', async () => {
    await ctx.db.query(`UPDATE caseworkers SET locale = 'de' WHERE id = $1`, [cw.id]);
    try {
      const token = await signIn();
      const { page } = await openStaffPage(token);
      expect(page.text).toContain('<html lang="de">');
      expect(page.text).toContain('Angemeldet als Cecilia Worker (Sachbearbeitung)');
      expect(page.text).toContain('Office of Tests');
      expect(page.headers['cache-control']).toBe('no-store');
    } finally {
      await ctx.db.query(`UPDATE caseworkers SET locale = NULL WHERE id = $1`, [cw.id]);
    }
  });

  it('GET /staff without a session: 303 to sign-in with a local next, never an absolute URL', async () => {
    const res = await ctx.http().get('/staff').expect(303);
    expect(res.headers.location).toBe('/staff/sign-in?next=%2Fstaff');
    const withQuery = await ctx.http().get('/staff?next=https://evil.example').expect(303);
    const location = new URL(withQuery.headers.location, 'http://samtal.test');
    expect(location.origin).toBe('http://samtal.test');
    expect(location.pathname).toBe('/staff/sign-in');
    expect(location.searchParams.get('next')!.startsWith('/staff')).toBe(true);
    // A dead cookie is cleared on the way.
    const dead = await ctx
      .http()
      .get('/staff')
      .set(withCookie('y'.repeat(43)))
      .expect(303);
    expect(setCookies(dead)[COOKIE]).toMatch(/Max-Age=0/);
  });

  it('the cookie on http: a plain name, HttpOnly, SameSite=Lax, no Secure', async () => {
    const res = await ctx
      .http()
      .get('/staff')
      .set(withCookie('z'.repeat(43)))
      .expect(303);
    // The clearing cookie has the same attributes as the setting one (setSessionCookie, unit-tested).
    expect(setCookies(res)[COOKIE]).toBe('samtal_session=; Path=/; SameSite=Lax; HttpOnly; Max-Age=0');
  });
});

describe('staff sessions on https', () => {
  let ctx: TestContext;
  let unit: TestUnit;
  beforeAll(async () => {
    ctx = await createTestContext({ PUBLIC_URL: 'https://samtal.test' });
    unit = await ctx.newUnit();
  });
  afterAll(() => ctx.close());

  it('the cookie is __Host-samtal_session, Secure; the plain name is not accepted there', async () => {
    const { token } = await ctx.app.get(StaffSessionsService).start({ caseworkerId: unit.adminId, method: 'oidc' });
    await ctx.http().get('/api/v1/whoami').set('Cookie', `__Host-samtal_session=${token}`).expect(200);
    await ctx.http().get('/api/v1/whoami').set('Cookie', `samtal_session=${token}`).expect(401);
    const page = await ctx.http().get('/staff').set('Cookie', `__Host-samtal_session=${token}`).expect(200);
    const form = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    // The form is bound to the session: the page sets no form cookie of its own.
    expect(Object.keys(setCookies(page))).toEqual([]);
    const out = await ctx
      .http()
      .post('/staff/sign-out')
      .set('Cookie', `__Host-samtal_session=${token}`)
      .type('form')
      .send({ _csrf: form })
      .expect(303);
    expect(setCookies(out)['__Host-samtal_session']).toBe(
      '__Host-samtal_session=; Path=/; SameSite=Lax; HttpOnly; Secure; Max-Age=0',
    );
    await ctx.http().get('/api/v1/whoami').set('Cookie', `__Host-samtal_session=${token}`).expect(401);
  });
});

describe('staff sessions in a browser', () => {
  let app: PagesApp;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startPagesApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.ctx.close();
  });

  it('GET /staff is accessible and its "Sign out" button ends the session', async () => {
    const unit = await app.ctx.newUnit({ publicName: 'Browser Office' });
    const cw = await app.ctx.newCaseworker(unit, { name: 'Bea Browser' });
    const { token } = await app.ctx.app.get(StaffSessionsService).start({ caseworkerId: cw.id, method: 'email_link' });
    const { context, page } = await newPage(browser, app.baseUrl);
    try {
      await context.addCookies([
        { name: COOKIE, value: token, url: app.baseUrl, httpOnly: true, sameSite: 'Lax', secure: false },
      ]);
      await page.goto('/staff');
      await see(page.locator('.staff-who')).toHaveText('Signed in as Bea Browser (caseworker)');
      await expectAccessible(page, 'staff home');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/staff\/sign-in\?signed_out=1$/);
      expect((await context.cookies()).find((c) => c.name === COOKIE)).toBeUndefined();
      await app.ctx.http().get('/api/v1/whoami').set('Cookie', `${COOKIE}=${token}`).expect(401);
      await page.goto('/staff');
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/staff/sign-in?next=%2Fstaff');
    } finally {
      await context.close();
    }
  });
});
