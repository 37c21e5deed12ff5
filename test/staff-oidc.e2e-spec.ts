import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible, freePort, launchBrowser, newPage, screenshot, see } from './support/browser';
import { oidcEnv, signInAtProvider, startOidcProvider, TestOidcProvider } from './support/oidc-provider';
import { createTestContext, TestContext, TestUnit } from './support/test-app';

/**
 * Staff single sign-on against a real OpenID provider (panva's oidc-provider on a loopback port):
 * its own login and consent pages in a real browser, PKCE, state, nonce, signed ID tokens, and
 * RP-initiated logout. Samtal matches the person to an active caseworker and never creates one.
 */
describe('staff sign-in with OpenID Connect', () => {
  let provider: TestOidcProvider;
  let ctx: TestContext;
  let baseUrl: string;
  let browser: Browser;
  let unit: TestUnit;
  const secureUrl = 'https://samtal.test';

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    [provider, browser] = await Promise.all([startOidcProvider({ appUrls: [baseUrl, secureUrl] }), launchBrowser()]);
    ctx = await createTestContext({ PUBLIC_URL: baseUrl, ...oidcEnv(provider) });
    await ctx.app.listen(port, '127.0.0.1');
    unit = await ctx.newUnit();
  });
  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
    await provider?.close();
  });

  const login = () => `p-${randomBytes(4).toString('hex')}`;
  const caseworker = async (name: string, init: { unit?: TestUnit } = {}) => {
    const { id } = await ctx.newCaseworker(init.unit ?? unit, { name });
    const [row] = await ctx.db.query<{ email: string }[]>(`SELECT email FROM caseworkers WHERE id = $1`, [id]);
    return { id, email: row.email };
  };
  const identityOf = async (id: string) =>
    (
      await ctx.db.query<{ oidc_issuer: string | null; oidc_subject: string | null }[]>(
        `SELECT oidc_issuer, oidc_subject FROM caseworkers WHERE id = $1`,
        [id],
      )
    )[0];
  const sessionsOf = async (id: string) =>
    Number(
      (
        await ctx.db.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM staff_sessions WHERE caseworker_id = $1 AND ended_at IS NULL`,
          [id],
        )
      )[0].n,
    );
  const sessionCookie = async (context: BrowserContext) =>
    (await context.cookies(baseUrl)).find((c) => c.name === 'samtal_session');

  /** The provider's pages, as a person fills them: any password for a known login, then consent. */
  async function atProvider(page: Page, who: string, shot?: string): Promise<void> {
    await page.waitForURL((u) => u.href.startsWith(provider.issuer));
    await page.locator('input[name=login]').fill(who);
    await page.locator('input[name=password]').fill('correct horse');
    if (shot) await screenshot(page, `${shot}-provider-login`);
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  it('signs in through the provider’s login and consent pages, lands on /staff, and the API takes the cookie', async () => {
    const cw = await caseworker('Anna Berg');
    const who = login();
    // The provider's address differs in case from Samtal's: matched case-insensitively.
    provider.account({ login: who, email: cw.email.toUpperCase(), emailVerified: true, name: 'A. Berg (provider)' });
    const { context, page } = await newPage(browser, baseUrl);
    await page.goto('/staff/sign-in');
    await page.getByRole('link', { name: 'Sign in with Test ID' }).click();
    await atProvider(page, who, 'oidc');
    await page.waitForURL(`${baseUrl}/staff`);
    await see(page.locator('.staff-who')).toContainText('Signed in as Anna Berg');
    await screenshot(page, 'oidc-signed-in');

    // The session cookie: HttpOnly, SameSite=Lax, a browser-session cookie; not Secure on http.
    const cookies = await context.cookies(baseUrl);
    const session = cookies.find((c) => c.name === 'samtal_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/', expires: -1 });
    // The pending sign-in (verifier, state, nonce) is gone once used.
    expect(cookies.find((c) => c.name === 'samtal_oidc')).toBeUndefined();
    const whoami = await ctx.http().get('/api/v1/whoami').set('Cookie', `samtal_session=${session!.value}`);
    expect(whoami.status).toBe(200);
    expect(whoami.body.caseworker).toMatchObject({ id: cw.id, name: 'Anna Berg' });
    // The provider's identity is now Samtal's key for this person; the provider's name changed nothing.
    await expect(identityOf(cw.id)).resolves.toEqual({ oidc_issuer: provider.issuer, oidc_subject: who });
    const audit = await ctx.db.query<{ details: unknown }[]>(
      `SELECT details FROM audit_events WHERE action = 'staff.signed_in' AND actor_id = $1`,
      [cw.id],
    );
    expect(audit.map((a) => a.details)).toEqual([{ method: 'oidc' }]);

    // Signing in again in the same browser (the provider remembers the person: no pages this time)
    // gives a new session and ends the old one: the session id changes at sign-in.
    await page.goto('/staff/oidc/login');
    await page.waitForURL(`${baseUrl}/staff`);
    const renewed = await sessionCookie(context);
    expect(renewed!.value).not.toBe(session!.value);
    expect((await ctx.http().get('/api/v1/whoami').set('Cookie', `samtal_session=${session!.value}`)).status).toBe(401);
    expect(await sessionsOf(cw.id)).toBe(1);
    await context.close();
  });

  it('matches the second sign-in by (iss, sub), even after the email changed in Samtal and at the provider', async () => {
    const cw = await caseworker('Bo Ek');
    const who = login();
    provider.account({ login: who, email: cw.email, emailVerified: true, name: 'Bo Ek' });
    const first = await newPage(browser, baseUrl);
    await first.page.goto('/staff/oidc/login');
    await atProvider(first.page, who);
    await first.page.waitForURL(`${baseUrl}/staff`);
    await first.context.close();

    await ctx.db.query(`UPDATE caseworkers SET email = $2 WHERE id = $1`, [cw.id, `renamed-${cw.email}`]);
    provider.account({ login: who, email: `elsewhere-${cw.email}`, emailVerified: false, name: 'Bo Ek' });
    const { context, page } = await newPage(browser, baseUrl);
    await page.goto('/staff/sign-in');
    await page.getByRole('link', { name: 'Sign in with Test ID' }).click();
    await atProvider(page, who);
    await page.waitForURL(`${baseUrl}/staff`);
    await see(page.locator('.staff-who')).toContainText('Signed in as Bo Ek');
    expect(await sessionsOf(cw.id)).toBe(2);
    await context.close();
  });

  it('refuses an email Samtal does not know with a clear page, and creates nobody', async () => {
    const who = login();
    const email = `stranger-${who}@example.org`;
    provider.account({ login: who, email, emailVerified: true, name: 'A Stranger' });
    const before = await ctx.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM caseworkers`);
    const { context, page } = await newPage(browser, baseUrl);
    const callback = page.waitForResponse((r) => r.url().startsWith(`${baseUrl}/staff/oidc/callback`));
    await page.goto('/staff/oidc/login');
    await atProvider(page, who);
    expect((await callback).status()).toBe(403);
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Your account is not set up in Samtal');
    await see(page.locator('main')).toContainText("Ask your unit's admin.");
    await screenshot(page, 'oidc-refused');
    await expectAccessible(page, 'the refused page');
    expect(await sessionCookie(context)).toBeUndefined();
    await expect(ctx.db.query(`SELECT count(*) AS n FROM caseworkers`)).resolves.toEqual(before);
    await expect(ctx.db.query(`SELECT 1 FROM caseworkers WHERE lower(email) = $1`, [email])).resolves.toEqual([]);
    await context.close();
  });

  /** The whole flow over HTTP: Samtal's login, the provider's pages, Samtal's callback with the pending cookie. */
  async function httpSignIn(
    who: string,
    opts: { app?: TestContext; base?: string; editCallback?: (u: URL) => void } = {},
  ) {
    const app = opts.app ?? ctx;
    const start = await app.http().get('/staff/oidc/login').set('Accept-Language', 'en');
    expect(start.status).toBe(303);
    const pendingCookie = (start.headers['set-cookie'] as unknown as string[]).find((c) => /samtal_oidc=/.test(c))!;
    const callbackUrl = new URL(
      await signInAtProvider(start.headers.location, who, `${opts.base ?? baseUrl}/staff/oidc/callback`),
    );
    opts.editCallback?.(callbackUrl);
    const res = await app
      .http()
      .get(callbackUrl.pathname + callbackUrl.search)
      .set('Cookie', pendingCookie.split(';')[0])
      .set('Accept-Language', 'en');
    return { start, pendingCookie, res, setCookies: (res.headers['set-cookie'] as unknown as string[]) ?? [] };
  }

  it('sends PKCE (S256), state and nonce to the provider, and keeps them in a sealed 10-minute cookie', async () => {
    const start = await ctx.http().get('/staff/oidc/login?next=/staff/settings');
    expect(start.status).toBe(303);
    const auth = new URL(start.headers.location);
    expect(auth.origin).toBe(provider.issuer);
    expect(Object.fromEntries(auth.searchParams)).toMatchObject({
      client_id: provider.clientId,
      response_type: 'code',
      redirect_uri: `${baseUrl}/staff/oidc/callback`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.stringMatching(/^[\w-]{20,}$/),
      nonce: expect.stringMatching(/^[\w-]{20,}$/),
    });
    const [cookie] = start.headers['set-cookie'] as unknown as string[];
    expect(cookie).toMatch(/^samtal_oidc=v1\.[\w-]+; Path=\/; SameSite=Lax; HttpOnly; Max-Age=600$/);
    // Sealed: neither the state nor the nonce can be read from it.
    expect(cookie).not.toContain(auth.searchParams.get('state'));
    expect(cookie).not.toContain(auth.searchParams.get('nonce'));
  });

  it('lands on the `next` it was given, and never on another site', async () => {
    const cw = await caseworker('Cia Dahl');
    const who = login();
    provider.account({ login: who, email: cw.email, emailVerified: true, name: 'Cia Dahl' });
    const go = async (next: string) => {
      const start = await ctx.http().get(`/staff/oidc/login?next=${encodeURIComponent(next)}`);
      const pending = (start.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
      const cb = new URL(await signInAtProvider(start.headers.location, who, `${baseUrl}/staff/oidc/callback`));
      return (
        await ctx
          .http()
          .get(cb.pathname + cb.search)
          .set('Cookie', pending)
      ).headers.location;
    };
    await expect(go('/staff/settings?tab=2')).resolves.toBe('/staff/settings?tab=2');
    await expect(go('//evil.example/staff')).resolves.toBe('/staff');
    await expect(go('https://evil.example/')).resolves.toBe('/staff');
  });

  it('refuses a tampered or missing state, and starts no session', async () => {
    const cw = await caseworker('Dan Falk');
    const who = login();
    provider.account({ login: who, email: cw.email, emailVerified: true, name: 'Dan Falk' });
    const tampered = await httpSignIn(who, {
      editCallback: (u) => u.searchParams.set('state', `${u.searchParams.get('state')}x`),
    });
    expect(tampered.res.status).toBe(400);
    expect(tampered.res.text).toContain('Sign-in did not finish');
    expect(tampered.setCookies.some((c) => c.startsWith('samtal_session='))).toBe(false);
    // The pending sign-in is spent: its cookie is cleared.
    expect(tampered.setCookies).toContainEqual(expect.stringMatching(/^samtal_oidc=; .*Max-Age=0/));

    const start = await ctx.http().get('/staff/oidc/login');
    const cb = new URL(await signInAtProvider(start.headers.location, who, `${baseUrl}/staff/oidc/callback`));
    const noCookie = await ctx.http().get(cb.pathname + cb.search);
    expect(noCookie.status).toBe(400);
    const withoutState = new URL(cb);
    withoutState.searchParams.delete('state');
    const pending = (start.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    expect(
      (
        await ctx
          .http()
          .get(withoutState.pathname + withoutState.search)
          .set('Cookie', pending)
      ).status,
    ).toBe(400);
    expect(await sessionsOf(cw.id)).toBe(0);
    // The same callback with its own cookie still works: the refusals above were about the state.
    const ok = await ctx
      .http()
      .get(cb.pathname + cb.search)
      .set('Cookie', pending);
    expect(ok.status).toBe(303);
    expect(await sessionsOf(cw.id)).toBe(1);
    // …once: the provider's code is single-use.
    const replay = await ctx
      .http()
      .get(cb.pathname + cb.search)
      .set('Cookie', pending);
    expect(replay.status).toBe(400);
    expect(await sessionsOf(cw.id)).toBe(1);
  });

  it('answers a sign-in cancelled at the provider with "start again", and no session', async () => {
    const start = await ctx.http().get('/staff/oidc/login').set('Accept-Language', 'en');
    const state = new URL(start.headers.location).searchParams.get('state')!;
    const pending = (start.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    const query = new URLSearchParams({ error: 'access_denied', state, iss: provider.issuer });
    const res = await ctx
      .http()
      .get(`/staff/oidc/callback?${query.toString()}`)
      .set('Cookie', pending)
      .set('Accept-Language', 'en');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Sign-in did not finish');
    expect(res.text).toContain('href="/staff/sign-in"');
    expect(((res.headers['set-cookie'] as unknown as string[]) ?? []).some((c) => /samtal_session=/.test(c))).toBe(
      false,
    );
  });

  it('refuses an email the provider does not call verified, and links nobody', async () => {
    const cw = await caseworker('Eva Gran');
    const who = login();
    provider.account({ login: who, email: cw.email, emailVerified: false, name: 'Eva Gran' });
    const { res } = await httpSignIn(who);
    expect(res.status).toBe(403);
    expect(res.text).toContain('Your account is not set up in Samtal');
    await expect(identityOf(cw.id)).resolves.toEqual({ oidc_issuer: null, oidc_subject: null });
    expect(await sessionsOf(cw.id)).toBe(0);
  });

  it('refuses a deactivated caseworker, by email and by a stored identity, and audits it in their unit', async () => {
    const byEmail = await caseworker('Finn Holm');
    const who = login();
    provider.account({ login: who, email: byEmail.email, emailVerified: true, name: 'Finn Holm' });
    await ctx.db.query(`UPDATE caseworkers SET active = false WHERE id = $1`, [byEmail.id]);
    const first = await httpSignIn(who);
    expect(first.res.status).toBe(403);
    expect(first.res.text).toContain('Your account is not set up in Samtal');

    const linked = await caseworker('Gun Ivarsson');
    const who2 = login();
    provider.account({ login: who2, email: linked.email, emailVerified: true, name: 'Gun Ivarsson' });
    expect((await httpSignIn(who2)).res.status).toBe(303);
    await ctx.db.query(`UPDATE caseworkers SET active = false WHERE id = $1`, [linked.id]);
    const again = await httpSignIn(who2);
    expect(again.res.status).toBe(403);
    expect(again.setCookies.some((c) => c.startsWith('samtal_session='))).toBe(false);

    const failures = await ctx.db.query<{ unit_id: string; details: Record<string, unknown> }[]>(
      `SELECT unit_id, details FROM audit_events WHERE action = 'staff.sign_in_failed' ORDER BY id`,
    );
    expect(failures).toEqual([
      { unit_id: unit.id, details: { method: 'oidc', reason: 'inactive', caseworkerId: byEmail.id } },
      { unit_id: unit.id, details: { method: 'oidc', reason: 'inactive', caseworkerId: linked.id } },
    ]);
    expect(await sessionsOf(byEmail.id)).toBe(0);
  });

  it('refuses an email that caseworkers of two units share, instead of picking one', async () => {
    const other = await ctx.newUnit();
    const a = await caseworker('Hanna Jonsson');
    const b = await caseworker('Hanna Jonsson', { unit: other });
    await ctx.db.query(`UPDATE caseworkers SET email = $2 WHERE id = $1`, [b.id, a.email]);
    const who = login();
    provider.account({ login: who, email: a.email, emailVerified: true, name: 'Hanna Jonsson' });
    expect((await httpSignIn(who)).res.status).toBe(403);
    expect((await sessionsOf(a.id)) + (await sessionsOf(b.id))).toBe(0);
    // Once one of them leaves, the other is the one.
    await ctx.db.query(`UPDATE caseworkers SET active = false WHERE id = $1`, [b.id]);
    expect((await httpSignIn(who)).res.status).toBe(303);
    expect(await sessionsOf(a.id)).toBe(1);
  });

  it('signs out at the provider too (RP-initiated logout), and the old cookie is dead', async () => {
    const cw = await caseworker('Ivar Karlsson');
    const who = login();
    provider.account({ login: who, email: cw.email, emailVerified: true, name: 'Ivar Karlsson' });
    const { context, page } = await newPage(browser, baseUrl);
    await page.goto('/staff/oidc/login');
    await atProvider(page, who);
    await page.waitForURL(`${baseUrl}/staff`);
    const cookie = (await sessionCookie(context))!.value;

    const endSession = page.waitForRequest((r) => r.url().startsWith(`${provider.issuer}/session/end`));
    await page.getByRole('button', { name: 'Sign out' }).click();
    const url = new URL((await endSession).url());
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: provider.clientId,
      post_logout_redirect_uri: `${baseUrl}/staff/sign-in?signed_out=1`,
    });
    // Samtal's own page said so on the way (a form's redirect may not leave the site: CSP form-action).
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${baseUrl}/staff/sign-in?signed_out=1`);
    expect((await ctx.http().get('/api/v1/whoami').set('Cookie', `samtal_session=${cookie}`)).status).toBe(401);
    // Signed out at the provider as well: the next sign-in asks for the login again.
    await page.goto('/staff/oidc/login');
    await page.waitForURL((u) => u.href.startsWith(provider.issuer));
    await see(page.locator('input[name=login]')).toBeVisible();
    await context.close();
  });

  it('on https: `__Host-` cookies, Secure, for the pending sign-in and the session', async () => {
    const secure = await createTestContext({ PUBLIC_URL: secureUrl, ...oidcEnv(provider) });
    try {
      const u = await secure.newUnit();
      const [admin] = await secure.db.query<{ email: string }[]>(`SELECT email FROM caseworkers WHERE id = $1`, [
        u.adminId,
      ]);
      const who = login();
      provider.account({ login: who, email: admin.email, emailVerified: true, name: 'Admin' });
      const { pendingCookie, res, setCookies } = await httpSignIn(who, { app: secure, base: secureUrl });
      expect(pendingCookie).toMatch(
        /^__Host-samtal_oidc=v1\.[\w-]+; Path=\/; SameSite=Lax; HttpOnly; Secure; Max-Age=600$/,
      );
      expect(res.status).toBe(303);
      expect(setCookies).toContainEqual(
        expect.stringMatching(/^__Host-samtal_session=[\w-]{43}; Path=\/; SameSite=Lax; HttpOnly; Secure$/),
      );
    } finally {
      await secure.close();
    }
  });
});

describe('staff sign-in with OpenID Connect: a provider that is down, or keeps claims at UserInfo', () => {
  it('boots while the provider is down, says so on the page, and signs in once it is back', async () => {
    const [appPort, providerPort] = [await freePort(), await freePort()];
    const base = `http://127.0.0.1:${appPort}`;
    const issuer = `http://127.0.0.1:${providerPort}`;
    const ctx = await createTestContext({
      PUBLIC_URL: base,
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: 'samtal',
      OIDC_CLIENT_SECRET: 'samtal-test-client-secret-0123456789abcdef',
      OIDC_PROVIDER_NAME: 'Test ID',
    });
    let provider: TestOidcProvider | undefined;
    try {
      const down = await ctx.http().get('/staff/oidc/login').set('Accept-Language', 'en');
      expect(down.status).toBe(503);
      expect(down.text).toContain('Sign-in with Test ID is unavailable');
      expect(down.text).toContain('sign in with an email link');
      expect(down.headers['set-cookie']).toBeUndefined();

      provider = await startOidcProvider({ appUrls: [base], port: providerPort });
      const up = await ctx.http().get('/staff/oidc/login');
      expect(up.status).toBe(303);
      expect(up.headers.location).toMatch(new RegExp(`^${issuer}/`));
    } finally {
      await ctx.close();
      await provider?.close();
    }
  });

  it('reads the email from UserInfo when the ID token leaves it out', async () => {
    const appPort = await freePort();
    const base = `http://127.0.0.1:${appPort}`;
    const provider = await startOidcProvider({ appUrls: [base], claimsOnlyAtUserInfo: true });
    const ctx = await createTestContext({ PUBLIC_URL: base, ...oidcEnv(provider) });
    try {
      const u = await ctx.newUnit();
      const [admin] = await ctx.db.query<{ email: string }[]>(`SELECT email FROM caseworkers WHERE id = $1`, [
        u.adminId,
      ]);
      provider.account({ login: 'admin', email: admin.email, emailVerified: true, name: 'Admin' });
      const start = await ctx.http().get('/staff/oidc/login');
      const pending = (start.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
      const cb = new URL(await signInAtProvider(start.headers.location, 'admin', `${base}/staff/oidc/callback`));
      const res = await ctx
        .http()
        .get(cb.pathname + cb.search)
        .set('Cookie', pending);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/staff');
    } finally {
      await ctx.close();
      await provider.close();
    }
  });
});
