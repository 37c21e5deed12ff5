import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BookingFixture, bookingFixture, person, videoFollowUp } from './support/booking-fixture';
import {
  launchBrowser,
  newPage,
  PagesApp,
  screenshot,
  expectNoSideScroll,
  see,
  slotLink,
  startPagesApp,
} from './support/browser';

// Monday 2027-03-01 07:00 in Stockholm.
const NOW = '2027-03-01T06:00:00.000Z';

/** The booking form without JavaScript, the pages in Swedish and German, and on a 320 px wide phone. */
describe('pages: forms without JavaScript, languages, small screens', () => {
  let app: PagesApp;
  let browser: Browser;
  let f: BookingFixture;
  const contexts: BrowserContext[] = [];

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

  async function open(opts: Parameters<typeof newPage>[2] = {}): Promise<Page> {
    const { context, page } = await newPage(browser, app.baseUrl, opts);
    contexts.push(context);
    return page;
  }

  const clientRow = (email: string) =>
    app.ctx.db.query<Array<{ name: string; locale: string; status: string; starts_at: Date }>>(
      `SELECT c.name, c.locale, a.status, a.starts_at FROM clients c LEFT JOIN appointments a ON a.client_id = c.id WHERE c.email = $1`,
      [email],
    );

  /** A client of `locale` with a past in-person meeting and a video follow-up; the join page path. */
  async function videoClient(locale: string, startsAt: string) {
    const m = await videoFollowUp(app.ctx, f, startsAt, locale);
    return { token: m.client.token, joinPath: new URL(m.joinUrl).pathname };
  }

  describe('without JavaScript', () => {
    it('books: steps by links, server-side errors tied to their fields, a lost time offered again with the typed details kept', async () => {
      const page = await open({ javaScriptEnabled: false });
      // Proof that page scripts do not run in this context.
      await page.setContent('<title>before</title><script>document.title = "script ran"</script>');
      expect(await page.title()).toBe('before');
      await page.goto(`/book/${f.unit.slug}`);
      await page.getByRole('link', { name: /First meeting/ }).click();
      // Next week and back, by plain links.
      await page.getByRole('link', { name: 'Next week' }).first().click();
      await see(page.locator('.week-label')).toHaveText('Week 10: 8 March – 14 March');
      await page.getByRole('link', { name: 'Previous week' }).first().click();
      await see(page.locator('.week-label')).toHaveText('Week 9: 1 March – 7 March');
      await slotLink(page, '10:00', 'Tuesday 2 March').click();
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Your details');

      // Nothing typed: the server answers 400 with an error summary linking to each field.
      const [empty] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Book the meeting' }).click(),
      ]);
      expect(empty.status()).toBe(400);
      await see(page.getByRole('alert')).toContainText('There is a problem');
      await see(page.getByRole('alert').getByRole('link', { name: 'Enter your name.' })).toHaveAttribute(
        'href',
        '#name',
      );
      await see(
        page.getByRole('alert').getByRole('link', { name: 'Enter an email address like name@example.com.' }),
      ).toHaveAttribute('href', '#email');
      await see(page.getByLabel('Your name')).toHaveAttribute('aria-invalid', 'true');
      await see(page.getByLabel('Your name')).toHaveAttribute('aria-describedby', 'name-error');
      await screenshot(page, 'nojs-book-errors');

      // Someone else takes the time while the client types.
      const email = person().email;
      await page.getByLabel('Your name').fill('Filip Holm');
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Phone number (optional)').fill('+46 70 123 45 67');
      await app.ctx
        .http()
        .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
        .send({
          meetingTypeId: f.intakeId,
          startsAt: '2027-03-02T10:00:00+01:00',
          mode: 'in_person',
          client: person('Someone Else'),
        })
        .expect(201);
      const [lost] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Book the meeting' }).click(),
      ]);
      expect([409, 422]).toContain(lost.status());
      await see(page.getByRole('alert')).toContainText('Please choose another time.');
      await see(page.getByLabel('Your name')).toHaveAttribute('value', 'Filip Holm');
      await see(page.getByLabel('Email address')).toHaveAttribute('value', email);
      await see(page.getByLabel('Phone number (optional)')).toHaveAttribute('value', '+46 70 123 45 67');
      const options = await page.getByLabel('Time').locator('option').allInnerTexts();
      expect(options).not.toContain('Tuesday, 2 March 2027 at 10:00');
      expect(options).toContain('Tuesday, 2 March 2027 at 11:00');
      await page.getByLabel('Time').selectOption({ label: 'Tuesday, 2 March 2027 at 11:00' });
      await screenshot(page, 'nojs-book-alternatives');
      await page.getByRole('button', { name: 'Book the meeting' }).click();
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Check your email to confirm');
      const [row] = await clientRow(email);
      expect(row).toMatchObject({ name: 'Filip Holm', status: 'held' });
      expect(row.starts_at.toISOString()).toBe('2027-03-02T10:00:00.000Z');
    });

    it('"Next week" stops at the booking horizon (60 days), and a week beyond it says so', async () => {
      const page = await open({ javaScriptEnabled: false });
      await page.goto(`/book/${f.unit.slug}?type=${f.intakeId}`);
      const labels: string[] = [];
      for (let i = 0; i < 20 && (await page.getByRole('link', { name: 'Next week' }).count()) > 0; i++) {
        labels.push(await page.locator('.week-label').innerText());
        await page.getByRole('link', { name: 'Next week' }).first().click();
        await see(page.locator('.week-label')).notToContainText(labels[labels.length - 1]);
      }
      // Now + 60 days is Friday 30 April 07:00: the week of 26 April is the last one with times.
      await see(page.locator('.week-label')).toHaveText('Week 17: 26 April – 2 May');
      expect(labels).toHaveLength(8);
      await see(slotLink(page, '15:00', 'Thursday 29 April')).toBeVisible();
      await see(page.locator('a.slot', { hasText: 'Friday 30 April' })).toHaveCount(0);

      await page.goto(`/book/${f.unit.slug}?type=${f.intakeId}&week=2027-05-03`);
      await see(page.locator('.empty')).toHaveText(
        'There are no free times this week, and later weeks cannot be booked yet. Please call us, or try again in a few days.',
      );
      await see(page.getByRole('link', { name: 'Next week' })).toHaveCount(0);
      await see(page.getByRole('link', { name: 'Previous week' })).toHaveAttribute(
        'href',
        new RegExp('week=2027-04-26$'),
      );
    });

    it('the client page works by forms and <details>; the join page says it needs JavaScript', async () => {
      const { token } = await videoClient('en', '2027-03-03T14:00:00+01:00');
      const page = await open({ javaScriptEnabled: false });
      await page.goto(`/me/${token}`);
      const video = page.locator('article.appointment', { hasText: 'Wednesday, 3 March 2027, 14:00–14:45' });
      await video.locator('summary', { hasText: 'Change or cancel' }).click();
      await video.getByRole('link', { name: 'Cancel the meeting' }).click();
      await page.getByRole('button', { name: 'Yes, cancel the meeting' }).click();
      await see(page.getByRole('status')).toHaveText('The meeting is cancelled. We have sent you an email.');
      const overview = await app.ctx.http().get(`/api/v1/me/${token}`).expect(200);
      expect(overview.body.appointments.map((a: { mode: string; status: string }) => [a.mode, a.status])).toEqual([
        ['in_person', 'completed'],
        ['video', 'cancelled'],
      ]);

      const other = await videoClient('en', '2027-03-03T15:00:00+01:00');
      app.ctx.clock.set('2027-03-03T13:50:00.000Z');
      await page.goto(other.joinPath);
      await see(page.locator('main')).toContainText(
        'The video meeting needs JavaScript. Please turn it on, or use another browser.',
      );
    });
  });

  describe('languages', () => {
    it('follows Accept-Language (German): texts, dates, the switcher, and the locale stored with the booking', async () => {
      const page = await open({ locale: 'de-DE' });
      await page.goto(`/book/${f.unit.slug}`);
      await see(page.locator('html')).toHaveAttribute('lang', 'de');
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Einen Termin buchen');
      await see(
        page.getByRole('navigation', { name: 'Sprache' }).getByRole('link', { name: 'Deutsch' }),
      ).toHaveAttribute('aria-current', 'true');
      await page.getByRole('link', { name: /First meeting/ }).click();
      await see(page.locator('.week-label')).toHaveText('Woche 9: 1. März – 7. März');
      await see(page.locator('main')).toContainText(
        'Die Zeiten sind in Mitteleuropäische Zeit (Europe/Stockholm) angegeben.',
      );
      await slotLink(page, '13:00', 'Dienstag, 2. März').click();
      await see(page.locator('.summary')).toContainText('Dienstag, 2. März 2027, 13:00–14:00 Uhr');
      await see(page.getByLabel('Sprache unserer E-Mails')).toHaveAttribute('id', 'locale');
      expect(await page.getByLabel('Sprache unserer E-Mails').inputValue()).toBe('de');
      const email = person().email;
      await page.getByLabel('Ihr Name').fill('Greta Hahn');
      await page.getByLabel('E-Mail-Adresse').fill(email);
      await page.getByRole('button', { name: 'Termin buchen' }).click();
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Bitte bestätigen Sie in Ihrer E-Mail');
      await see(page.getByRole('status')).toContainText('vor 07:30 Uhr');
      await screenshot(page, 'lang-de-held');
      const [row] = await clientRow(email);
      expect(row).toMatchObject({ locale: 'de', status: 'held' });

      const missing = await page.goto('/me/not-a-token');
      expect(missing?.status()).toBe(404);
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Seite nicht gefunden');
    });

    it('?lang= wins over Accept-Language and is remembered; the switcher keeps the step the reader is on', async () => {
      const page = await open({ locale: 'de-DE' });
      await page.goto(`/book/${f.unit.slug}?lang=sv`);
      await see(page.locator('html')).toHaveAttribute('lang', 'sv');
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Boka ett möte');
      // Remembered in a cookie: the next page, without ?lang=, is still Swedish.
      await page.getByRole('link', { name: /First meeting/ }).click();
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Välj en tid');
      await see(page.locator('.week-label')).toHaveText('Vecka 9: 1 mars – 7 mars');
      await page.getByRole('link', { name: 'Nästa vecka' }).first().click();
      await see(page.locator('.week-label')).toHaveText('Vecka 10: 8 mars – 14 mars');
      expect(page.url()).not.toContain('lang=');

      // The switcher: same step, same week, now German.
      await page.getByRole('navigation', { name: 'Språk' }).getByRole('link', { name: 'Deutsch' }).click();
      await see(page.locator('html')).toHaveAttribute('lang', 'de');
      await see(page.locator('.week-label')).toHaveText('Woche 10: 8. März – 14. März');
      expect(new URL(page.url()).searchParams.get('week')).toBe('2027-03-08');
      await see(
        page.getByRole('navigation', { name: 'Sprache' }).getByRole('link', { name: 'Deutsch' }),
      ).toHaveAttribute('aria-current', 'true');
      await page.goto(`/book/${f.unit.slug}`);
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Einen Termin buchen');
    });

    it('the switcher on a page that answers a form (an error, an expired form) leads to a page that exists', async () => {
      const { token } = await videoClient('en', '2027-03-04T15:00:00+01:00');
      const page = await open();
      const switchTo = async (language: string) => {
        const [res] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'GET' && r.request().isNavigationRequest()),
          page.getByRole('link', { name: language }).click(),
        ]);
        return res.status();
      };

      // An empty note re-renders the page at …/notes, which has no GET.
      await page.goto(`/me/${token}`);
      await page.locator('summary', { hasText: 'Add information' }).click();
      await page.getByRole('button', { name: 'Send the information' }).click();
      await see(page.locator('.field-error')).toHaveText('Write something before you send.');
      expect(page.url()).toMatch(/\/notes$/);
      expect(await switchTo('Svenska')).toBe(200);
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Dina möten');

      // "The form has expired" at …/cancel.
      await page.goto(
        `/me/${token}?view=cancel&id=${(await app.ctx.http().get(`/api/v1/me/${token}`)).body.appointments[1].id}&lang=en`,
      );
      await page.locator('form input[name="_csrf"]').evaluate((i: { value: string }) => (i.value = 'forged'));
      await page.getByRole('button', { name: 'Yes, cancel the meeting' }).click();
      await see(page.getByRole('heading', { level: 1 })).toHaveText('The form has expired');
      expect(await switchTo('Deutsch')).toBe(200);
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Ihre Termine');

      // The booking form with errors, answered at POST /book/:slug: the switcher keeps the chosen time.
      await page.goto(`/book/${f.unit.slug}?type=${f.intakeId}&start=2027-03-05T08:00:00.000Z&lang=en`);
      await page.getByRole('button', { name: 'Book the meeting' }).click();
      await see(page.getByRole('alert')).toContainText('Enter your name.');
      expect(await switchTo('Svenska')).toBe(200);
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Dina uppgifter');
      await see(page.locator('.summary')).toContainText('fredag 5 mars 2027, kl. 09:00–10:00');
    });

    it('a client’s own language wins over the browser’s on their personal page', async () => {
      const { token } = await videoClient('sv', '2027-03-04T14:00:00+01:00');
      const page = await open({ locale: 'en-GB' });
      await page.goto(`/me/${token}`);
      await see(page.locator('html')).toHaveAttribute('lang', 'sv');
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Dina möten');
      await see(page.locator('article.appointment h3')).toHaveText('torsdag 4 mars 2027, kl. 14:00–14:45');
      await page.getByRole('link', { name: 'English' }).click();
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Your meetings');
      await see(page.locator('article.appointment h3')).toHaveText('Thursday, 4 March 2027, 14:00–14:45');
    });
  });

  describe('a 320 px wide screen', () => {
    const phone = (locale: string) => ({
      locale,
      viewport: { width: 320, height: 640 },
      isMobile: true,
      hasTouch: true,
    });

    it.each([['de-DE'], ['sv-SE']])('every page fits without sideways scrolling (%s)', async (locale) => {
      const page = await open(phone(locale));
      const tag = locale.slice(0, 2);
      await page.goto(`/book/${f.unit.slug}`);
      await expectNoSideScroll(page, `${tag}-book-type`);
      await page.getByRole('link', { name: /First meeting/ }).click();
      await see(page.locator('.week-label')).toContainText('9');
      await expectNoSideScroll(page, `${tag}-book-week`);
      await (
        locale === 'de-DE' ? slotLink(page, '08:00', 'Donnerstag, 4. März') : slotLink(page, '10:00', 'torsdag 4 mars')
      ).click();
      await see(page.locator('input[name="name"]')).toBeVisible();
      await expectNoSideScroll(page, `${tag}-book-form`);
      // A long address without any break: the page wraps it rather than widening.
      const email = `a-very-long-address-without-any-natural-break-${Date.now()}@social-services.example-municipality.org`;
      await page.locator('#email').fill('not-an-address-and-also-very-long-without-breaks-at-all');
      await page.locator('form button[type="submit"]').click();
      await see(page.locator('.error-summary')).toBeVisible();
      await expectNoSideScroll(page, `${tag}-book-errors`);
      await page.locator('#name').fill('Hanna Lindqvist-Andersson');
      await page.locator('#email').fill(email);
      await page.locator('form button[type="submit"]').click();
      await see(page.getByRole('status')).toContainText(email);
      await expectNoSideScroll(page, `${tag}-book-held`);
      await screenshot(page, `phone-${tag}-book-held`);

      const { token, joinPath } = await videoClient(
        tag,
        locale === 'de-DE' ? '2027-03-05T13:00:00+01:00' : '2027-03-05T14:00:00+01:00',
      );
      await page.goto(`/me/${token}`);
      for (const summary of await page.locator('summary').all()) await summary.click();
      await expectNoSideScroll(page, `${tag}-me`);
      await screenshot(page, `phone-${tag}-me`);
      await page.goto(`/me/${token}?view=book`);
      await expectNoSideScroll(page, `${tag}-me-book-mode`);
      await page.goto(joinPath);
      await expectNoSideScroll(page, `${tag}-join-before`);
      app.ctx.clock.set('2027-03-05T11:55:00.000Z');
      await page.goto(joinPath);
      await expectNoSideScroll(page, `${tag}-join-open`);
      await screenshot(page, `phone-${tag}-join-open`);
      await page.goto('/me/not-a-token');
      await expectNoSideScroll(page, `${tag}-404`);
    });
  });
});
