import { createHmac } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { RATE_LIMITS, RateLimits } from '../src/web/http/rate-limit';
import { bearer } from './support/test-app';
import { BookingFixture, bookingFixture, countRows, newClient, person } from './support/booking-fixture';
import { InputElement, launchBrowser, newPage, PagesApp, screenshot, see, startPagesApp } from './support/browser';
import { csrfOf } from './support/staff-forms';

// Monday 2027-03-01 07:00 in Stockholm.
const NOW = '2027-03-01T06:00:00.000Z';

/**
 * CSRF and rate limits as a browser meets them. Every context sends its own X-Forwarded-For (the app
 * trusts it from loopback only), so each test counts into rate-limit buckets of its own.
 */
describe('pages: CSRF and rate limits', () => {
  let app: PagesApp;
  let browser: Browser;
  let f: BookingFixture;
  const contexts: BrowserContext[] = [];
  let ip = 10;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startPagesApp(), launchBrowser()]);
    f = await bookingFixture(app.ctx);
  });
  beforeEach(() => app.ctx.clock.set(NOW));
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.ctx.close();
  });

  async function open(opts: Parameters<typeof newPage>[2] = {}): Promise<{ context: BrowserContext; page: Page }> {
    const opened = await newPage(browser, app.baseUrl, {
      extraHTTPHeaders: { 'X-Forwarded-For': `203.0.113.${ip++}` },
      ...opts,
    });
    contexts.push(opened.context);
    return opened;
  }
  const count = (sql: string, params: unknown[] = []) => countRows(app.ctx, sql, params);
  const formUrl = (start: string) => `/book/${f.unit.slug}?type=${f.intakeId}&start=${encodeURIComponent(start)}`;

  /** A client with two confirmed in-person follow-ups on their personal page. */
  async function clientWithTwo(day: string) {
    const c = await newClient(app.ctx, f, f.caseworkers[0].id, 'en');
    const ids: string[] = [];
    for (const startsAt of [`${day}T09:00:00+01:00`, `${day}T10:00:00+01:00`]) {
      const a = await app.ctx
        .http()
        .post(`/api/v1/me/${c.token}/appointments`)
        .send({ meetingTypeId: f.followUpId, startsAt, mode: 'in_person' })
        .expect(201);
      ids.push(a.body.id);
    }
    return { ...c, ids };
  }
  const statusOf = async (id: string) =>
    (await app.ctx.db.query(`SELECT status FROM appointments WHERE id = $1`, [id]))[0].status as string;

  describe('CSRF', () => {
    it.each([
      ['without a token', (i: InputElement) => i.remove()],
      ['with a wrong token', (i: InputElement) => (i.value = 'A'.repeat(43))],
    ])('refuses a booking form posted %s, and books nothing', async (_how, tamper) => {
      const { page } = await open();
      const email = person().email;
      await page.goto(formUrl('2027-03-02T08:00:00.000Z'));
      await page.locator('input[name="_csrf"]').evaluate(tamper);
      await page.getByLabel('Your name').fill('Ivar Nord');
      await page.getByLabel('Email address').fill(email);
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Book the meeting' }).click(),
      ]);
      expect(res.status()).toBe(403);
      await see(page.getByRole('heading', { level: 1 })).toHaveText('The form has expired');
      await see(page.getByRole('link', { name: 'Book a meeting' })).toHaveAttribute('href', `/book/${f.unit.slug}`);
      await expect(count(`SELECT 1 FROM clients WHERE email = $1`, [email])).resolves.toBe(0);
      await expect(
        count(
          `SELECT 1 FROM appointments WHERE starts_at = '2027-03-02T08:00:00Z' AND status IN ('held', 'confirmed')`,
        ),
      ).resolves.toBe(0);
    });

    it('a token made for one form does not fit another: cancelling B with A’s token is refused', async () => {
      const c = await clientWithTwo('2027-03-03');
      const { page } = await open();
      await page.goto(`/me/${c.token}?view=cancel&id=${c.ids[0]}`);
      const tokenForA = await page.locator('form input[name="_csrf"]').inputValue();
      await page.goto(`/me/${c.token}?view=cancel&id=${c.ids[1]}`);
      await page.locator('form input[name="_csrf"]').evaluate((i: InputElement, v: string) => (i.value = v), tokenForA);
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Yes, cancel the meeting' }).click(),
      ]);
      expect(res.status()).toBe(403);
      await see(page.getByRole('heading', { level: 1 })).toHaveText('The form has expired');
      expect([await statusOf(c.ids[0]), await statusOf(c.ids[1])]).toEqual(['confirmed', 'confirmed']);
      await expect(
        count(`SELECT 1 FROM audit_events WHERE appointment_id = ANY($1) AND action LIKE '%cancel%'`, [c.ids]),
      ).resolves.toBe(0);
    });

    it('another site cannot post the client’s forms, even with a valid token: the cookie stays home (SameSite=Lax)', async () => {
      const c = await clientWithTwo('2027-03-05');
      const { context, page } = await open();
      const action = `${app.baseUrl}/me/${c.token}/appointments/${c.ids[0]}/cancel`;
      await page.goto(`/me/${c.token}?view=cancel&id=${c.ids[0]}`);
      const stolen = await page.locator('form input[name="_csrf"]').inputValue();
      const cookies = await context.cookies(app.baseUrl);
      expect(cookies.find((k) => k.name === 'csrf')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

      // A page on another site with the same form and the very token (the strongest attacker).
      await context.route('http://attacker.test/**', (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><form method="post" action="${action}"><input type="hidden" name="_csrf" value="${stolen}"><button>Win a prize</button></form>`,
        }),
      );
      await page.goto('http://attacker.test/');
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Win a prize' }).click(),
      ]);
      expect(res.status()).toBe(403);
      await see(page.getByRole('heading', { level: 1 })).toHaveText('The form has expired');
      expect(await statusOf(c.ids[0])).toBe('confirmed');

      // The same token from the client's own page works: it was the site, not the token, that was refused.
      await page.goto(`/me/${c.token}?view=cancel&id=${c.ids[0]}`);
      await page.locator('form input[name="_csrf"]').evaluate((i: InputElement, v: string) => (i.value = v), stolen);
      await page.getByRole('button', { name: 'Yes, cancel the meeting' }).click();
      await see(page.getByRole('status')).toHaveText('The meeting is cancelled. We have sent you an email.');
      expect(await statusOf(c.ids[0])).toBe('cancelled');
    });
    it('a form token is bound to its visitor: another visitor’s token, or a made-up cookie with a token computed from it, is refused', async () => {
      const c = await clientWithTwo('2027-03-08');
      const action = `/me/${c.token}/appointments/${c.ids[0]}/cancel`;
      const xff = `203.0.113.${ip++}`;
      /** A visitor's first visit: their own csrf cookie, and the cancel form's token for it. */
      const visit = async () => {
        const page = await app.ctx
          .http()
          .get(`/me/${c.token}?view=cancel&id=${c.ids[0]}`)
          .set('X-Forwarded-For', xff)
          .expect(200);
        const cookie = (page.headers['set-cookie'] as unknown as string[]).find((k) => k.startsWith('csrf='));
        return { cookie: cookie!.split(';')[0], token: csrfOf(page.text, action) };
      };
      const post = (cookie: string, token: string) =>
        app.ctx
          .http()
          .post(action)
          .set('X-Forwarded-For', xff)
          .set('Cookie', cookie)
          .type('form')
          .send({ _csrf: token });
      const [a, b] = [await visit(), await visit()];
      expect(a.cookie).not.toBe(b.cookie);

      await post(b.cookie, a.token).expect(403);
      // A cookie value someone chose (planted from a sibling host, say) gives no token without the server's key.
      const madeUp = 'Q'.repeat(43);
      const computed = createHmac('sha256', madeUp).update(`form:${action}`).digest('base64url');
      await post(`csrf=${madeUp}`, computed).expect(403);
      expect(await statusOf(c.ids[0])).toBe('confirmed');

      // The visitor's own token with their own cookie works.
      await post(a.cookie, a.token).expect(303);
      expect(await statusOf(c.ids[0])).toBe('cancelled');
    });
  });

  describe('rate limits', () => {
    // A day-long window: the count cannot roll over into a fresh window halfway through a test.
    const TIGHT: RateLimits = {
      pages: { limit: 6, windowMs: 86_400_000 },
      booking: { limit: 2, windowMs: 86_400_000 },
      api: { limit: 3, windowMs: 86_400_000 },
      sign_in: { limit: 10, windowMs: 86_400_000 },
      sign_in_email: { limit: 3, windowMs: 86_400_000 },
    };
    let saved: RateLimits;
    beforeAll(() => {
      const limits = app.ctx.app.get<RateLimits>(RATE_LIMITS);
      saved = structuredClone(limits);
      Object.assign(limits, structuredClone(TIGHT));
    });
    afterAll(() => {
      Object.assign(app.ctx.app.get<RateLimits>(RATE_LIMITS), saved);
    });

    it('pages: the 7th page in the window is a 429 page in the reader’s language, with Retry-After; assets are not counted', async () => {
      const { page } = await open({ locale: 'de-DE' });
      for (let i = 0; i < 6; i++) {
        const res = await page.goto(`/book/${f.unit.slug}`);
        expect(res?.status()).toBe(200);
      }
      const css = await page.request.get('/assets/samtal.css');
      expect(css.status()).toBe(200);
      const res = await page.goto(`/book/${f.unit.slug}`);
      expect(res?.status()).toBe(429);
      const retryAfter = Number(res!.headers()['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(86_400);
      expect(res!.headers()['content-security-policy']).toContain("script-src 'self'");
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Zu viele Anfragen');
      await see(page.locator('main')).toContainText(`Bitte warten Sie ${retryAfter} Sekunden`);
      await screenshot(page, 'rate-limited-de');
      // Another client (another address) is not affected.
      const { page: other } = await open();
      expect((await other.goto(`/book/${f.unit.slug}`))?.status()).toBe(200);
    });

    it('bookings: the 3rd booking form in the window is refused with a 429 page and holds nothing', async () => {
      const { page } = await open();
      const starts = ['2027-03-04T08:00:00.000Z', '2027-03-04T09:00:00.000Z', '2027-03-04T10:00:00.000Z'];
      const statuses: number[] = [];
      for (const start of starts) {
        await page.goto(formUrl(start));
        await page.getByLabel('Your name').fill('Jon Berg');
        await page.getByLabel('Email address').fill(person().email);
        const [res] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST'),
          page.getByRole('button', { name: 'Book the meeting' }).click(),
        ]);
        statuses.push(res.status());
      }
      expect(statuses).toEqual([200, 200, 429]);
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Too many requests');
      const held = await app.ctx.db.query(
        `SELECT starts_at FROM appointments WHERE starts_at = ANY($1) AND status = 'held' ORDER BY starts_at`,
        [starts],
      );
      expect(held.map((r: { starts_at: Date }) => r.starts_at.toISOString())).toEqual(starts.slice(0, 2));
    });

    it('the public API: the 4th call is a RATE_LIMITED JSON error with Retry-After; the staff API is not counted', async () => {
      const { page } = await open();
      for (let i = 0; i < 3; i++)
        expect((await page.request.get(`/api/v1/public/units/${f.unit.slug}`)).status()).toBe(200);
      const res = await page.request.get(`/api/v1/public/units/${f.unit.slug}`);
      expect(res.status()).toBe(429);
      expect(Number(res.headers()['retry-after'])).toBeGreaterThan(0);
      expect(await res.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', message: expect.any(String) });
      // The staff API has bearer tokens and is not limited here.
      expect((await page.request.get('/api/v1/whoami', { headers: bearer(f.unit.adminToken) })).status()).toBe(200);
    });
  });
});
