import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { NotificationComposer } from '../src/notifications/notification-composer';
import {
  expectAccessible,
  launchBrowser,
  newPage,
  PagesApp,
  screenshot,
  scrollWidth,
  see,
  startPagesApp,
} from './support/browser';
import { signInBrowser, staffSession } from './support/staff-pages';
import { bearer, TestUnit } from './support/test-app';

const ZONE = 'Europe/Stockholm';

/**
 * My settings in a real browser on a real database: working hours (add, remove, save, refusals next
 * to the field, keyboard only), absences that block slots, the feed URL and its rotation, an API
 * token shown once, and the language. Then the HTTP edges: CSRF, and that settings are always one's own.
 */
describe('staff pages: my settings', () => {
  let app: PagesApp;
  let browser: Browser;
  let unit: TestUnit;
  let cw: { id: string; token: string };
  let followUpId: string;
  let context: BrowserContext;
  let page: Page;

  const api = () => app.ctx.http();
  const hoursOf = async (id: string) =>
    (await api().get(`/api/v1/caseworkers/${id}/working-hours`).set(bearer(cw.token)).expect(200)).body;
  /** The Monday of next week in the unit's zone: inside the horizon, past the notice. */
  const monday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 });
  const slotsOnMonday = async () =>
    (
      await api()
        .get(`/api/v1/caseworkers/${cw.id}/slots`)
        .query({
          meetingTypeId: followUpId,
          mode: 'in_person',
          from: monday.toISO(),
          to: monday.plus({ days: 1 }).toISO(),
        })
        .set(bearer(cw.token))
        .expect(200)
    ).body.slots as Array<{ startsAt: string }>;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startPagesApp(), launchBrowser()]);
    unit = await app.ctx.newUnit({ publicName: 'Office of Settings', timeZone: ZONE });
    // The unit speaks English by default, so a Swedish mail can only come from the caseworker's own choice.
    await app.ctx.db.query(`UPDATE units SET default_locale = 'en' WHERE id = $1`, [unit.id]);
    cw = await app.ctx.newCaseworker(unit, { name: 'Sigrid Settings' });
    followUpId = (
      await api()
        .post(`/api/v1/units/${unit.id}/meeting-types`)
        .set(bearer(unit.adminToken))
        .send({
          key: 'follow-up',
          name: 'Follow-up (internal)',
          publicLabel: 'Follow-up',
          durationMinutes: 45,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          slotStepMinutes: 15,
          minNoticeMinutes: 60,
          horizonDays: 60,
          modes: ['in_person', 'video'],
          intake: false,
        })
        .expect(201)
    ).body.id;
    ({ context, page } = await newPage(browser, app.baseUrl));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
    await signInBrowser(app.ctx, context, app.baseUrl, cw.id);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.ctx.close();
  });

  const save = () => page.getByRole('button', { name: 'Save working hours' }).click();
  const addRow = () => page.getByRole('button', { name: 'Add a row' }).click();
  const row = (field: 'Weekday' | 'Start' | 'End', n: number) => page.getByLabel(`${field}, row ${n}`, { exact: true });

  it('adds Monday and Tuesday rows (and one it removes again), saves, and the API has them in order', async () => {
    await page.goto('/staff/settings');
    await see(page.getByRole('heading', { level: 1 })).toHaveText('My settings');
    await see(page.locator('#hours-title')).toHaveText('Weekly working hours');
    // Mon..Sun, named in the page's language.
    expect(await row('Weekday', 1).locator('option').allInnerTexts()).toEqual([
      'Monday',
      'Tuesday',
      'Wednesday',
      'Thursday',
      'Friday',
      'Saturday',
      'Sunday',
    ]);
    await expectAccessible(page, 'settings (empty)');
    await screenshot(page, 'staff-settings-01-empty');

    // Tuesday first, then Monday: the saved week comes back in weekday order.
    await row('Weekday', 1).selectOption({ label: 'Tuesday' });
    await row('Start', 1).fill('9:00');
    await row('End', 1).fill('11:00');
    await addRow();
    await see(row('Start', 2)).toBeVisible();
    expect(await row('Start', 1).inputValue()).toBe('09:00'); // kept (and tidied) across "Add a row"
    await row('Weekday', 2).selectOption({ label: 'Monday' });
    await row('Start', 2).fill('08:00');
    await row('End', 2).fill('12:00');
    await page.locator('#hours-mode-video-1').check();
    await addRow();
    await row('Weekday', 3).selectOption({ label: 'Wednesday' });
    await row('Start', 3).fill('10:00');
    await row('End', 3).fill('12:00');
    await page.locator('#hours-remove-2').check();
    await save();
    await see(page.getByRole('status')).toContainText('Your working hours are saved.');
    expect(await hoursOf(cw.id)).toEqual([
      { weekday: 1, start: '08:00', end: '12:00', modes: ['in_person', 'video'] },
      { weekday: 2, start: '09:00', end: '11:00', modes: ['in_person'] },
    ]);
    // Shown Mon..Sun, with one blank row to add another.
    expect(await row('Weekday', 1).inputValue()).toBe('1');
    expect(await row('Weekday', 2).inputValue()).toBe('2');
    expect(await row('Start', 3).inputValue()).toBe('');
    await expectAccessible(page, 'settings (hours saved)');
    await screenshot(page, 'staff-settings-02-hours-saved');
  });

  it('walks the working-hours form with the keyboard only', async () => {
    await page.goto('/staff/settings');
    // Tab to the blank row's weekday, the way a keyboard user gets there.
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate<string>('document.activeElement?.id')) === 'hours-weekday-2') break;
    }
    expect(await page.evaluate<string>('document.activeElement?.id')).toBe('hours-weekday-2');
    // The focus is visible: an outline on the focused control.
    expect(await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
    await page.keyboard.type('Th'); // Thursday
    await page.keyboard.press('Tab');
    await page.keyboard.type('13:00');
    await page.keyboard.press('Tab');
    await page.keyboard.type('15:00');
    await page.keyboard.press('Tab'); // in person (ticked)
    await page.keyboard.press('Tab'); // video
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab'); // phone
    await page.keyboard.press('Tab'); // remove
    await page.keyboard.press('Tab'); // save
    expect(await page.evaluate<string>('document.activeElement?.textContent')).toBe('Save working hours');
    await page.keyboard.press('Enter');
    await see(page.getByRole('status')).toContainText('Your working hours are saved.');
    expect((await hoursOf(cw.id))[2]).toEqual({
      weekday: 4,
      start: '13:00',
      end: '15:00',
      modes: ['in_person', 'video'],
    });
  });

  it('refuses an end before the start next to the field, in the summary, and keeps the form filled in', async () => {
    await page.goto('/staff/settings');
    await row('Weekday', 4).selectOption({ label: 'Friday' });
    await row('Start', 4).fill('15:00');
    await row('End', 4).fill('14:00');
    await row('End', 2).fill('8:00'); // Tuesday 09:00–08:00: a second problem
    await save();
    await see(page.getByRole('alert')).toContainText('There is a problem');
    await see(page.locator('.error-summary')).toContainText('Row 4: The end must be after the start (15:00).');
    await see(page.locator('#hours-end-3-error')).toHaveText('The end must be after the start (15:00).');
    await see(page.locator('#hours-end-1-error')).toHaveText('The end must be after the start (09:00).');
    await see(row('End', 4)).toHaveAttribute('aria-invalid', 'true');
    expect(await row('Start', 4).inputValue()).toBe('15:00');
    expect(await row('End', 4).inputValue()).toBe('14:00');
    expect(await row('Weekday', 4).inputValue()).toBe('5');
    expect(await page.title()).toMatch(/^Error: /);
    // The summary's link leads to the field.
    await page.locator('.error-summary a').first().click();
    expect(await page.evaluate<string>('document.activeElement?.id')).toBe('hours-end-1');
    await expectAccessible(page, 'settings (hours refused)');
    await screenshot(page, 'staff-settings-03-hours-error');
    // Nothing changed.
    expect(await hoursOf(cw.id)).toHaveLength(3);

    // An overlap and a row without any mode: refused too, each where it belongs.
    await row('End', 2).fill('11:00');
    await row('Weekday', 4).selectOption({ label: 'Monday' });
    await row('Start', 4).fill('11:00');
    await row('End', 4).fill('13:00');
    await page.locator('#hours-modes-3').uncheck();
    await save();
    await see(page.locator('#hours-start-3-error')).toHaveText(
      'This overlaps another row of the same day (08:00–12:00).',
    );
    await see(page.locator('#hours-modes-3-error')).toHaveText('Choose in person, video or both.');
    await expectAccessible(page, 'settings (overlap refused)');
    expect(await hoursOf(cw.id)).toHaveLength(3);

    // Corrected in place (a changed row), it saves.
    await row('Start', 4).fill('12:00');
    await page.locator('#hours-modes-3').check();
    await row('Start', 2).fill('09:30');
    await save();
    await see(page.getByRole('status')).toContainText('Your working hours are saved.');
    expect(await hoursOf(cw.id)).toEqual([
      { weekday: 1, start: '08:00', end: '12:00', modes: ['in_person', 'video'] },
      { weekday: 1, start: '12:00', end: '13:00', modes: ['in_person'] },
      { weekday: 2, start: '09:30', end: '11:00', modes: ['in_person'] },
      { weekday: 4, start: '13:00', end: '15:00', modes: ['in_person', 'video'] },
    ]);
  });

  it('adds an absence that blocks the slots of that time, lists it, and removes it again', async () => {
    const before = await slotsOnMonday();
    expect(before.length).toBeGreaterThan(0);
    await page.goto('/staff/settings');
    await page.locator('#absence-from-date').fill(monday.toISODate()!);
    await page.locator('#absence-from-time').fill('07:00');
    await page.locator('#absence-to-date').fill(monday.toISODate()!);
    await page.locator('#absence-to-time').fill('13:00');
    await page.getByLabel('Note (optional)').fill('Course');
    await page.getByRole('button', { name: 'Add absence' }).click();
    await see(page.getByRole('status')).toContainText('The absence is added.');
    const listed = page.locator('table', { hasText: 'Your absences' });
    await see(listed).toContainText('07:00');
    await see(listed).toContainText('Course');
    // Stored as the instants of Stockholm wall-clock time.
    const [stored] = await app.ctx.db.query<Array<{ starts_at: Date; ends_at: Date }>>(
      `SELECT starts_at, ends_at FROM absences WHERE caseworker_id = $1`,
      [cw.id],
    );
    expect(stored.starts_at.toISOString()).toBe(monday.set({ hour: 7 }).toUTC().toISO());
    expect(stored.ends_at.toISOString()).toBe(monday.set({ hour: 13 }).toUTC().toISO());
    // Monday's hours are 08–12: the whole day is gone from the slots.
    expect(await slotsOnMonday()).toEqual([]);
    await expectAccessible(page, 'settings (absence added)');
    await screenshot(page, 'staff-settings-04-absence');

    await listed.getByRole('button', { name: 'Remove' }).click();
    await see(page.getByRole('status')).toContainText('The absence is removed.');
    await see(page.locator('#absences-title ~ p.empty')).toHaveText('You have no absences planned.');
    expect((await slotsOnMonday()).length).toBe(before.length);
  });

  it('refuses an absence that ends before it starts, and a time the clocks skip (DST)', async () => {
    await page.goto('/staff/settings');
    await page.locator('#absence-from-date').fill(monday.toISODate()!);
    await page.locator('#absence-from-time').fill('12:00');
    await page.locator('#absence-to-date').fill(monday.toISODate()!);
    await page.locator('#absence-to-time').fill('09:00');
    await page.getByLabel('Note (optional)').fill('Kept');
    await page.getByRole('button', { name: 'Add absence' }).click();
    await see(page.locator('#absence-to-date-error')).toHaveText('The end must be after the start.');
    await see(page.locator('.error-summary')).toContainText('The end must be after the start.');
    expect(await page.getByLabel('Note (optional)').inputValue()).toBe('Kept');
    await expectAccessible(page, 'settings (absence refused)');
    // 02:30 on the last Sunday of March 2027 does not exist in Stockholm.
    await page.locator('#absence-from-date').fill('2027-03-28');
    await page.locator('#absence-from-time').fill('02:30');
    await page.locator('#absence-to-date').fill('2027-03-28');
    await page.locator('#absence-to-time').fill('09:00');
    await page.getByRole('button', { name: 'Add absence' }).click();
    await see(page.locator('#absence-from-time-error')).toContainText('the clocks move forward');
    const [{ n }] = await app.ctx.db.query(`SELECT count(*)::int AS n FROM absences WHERE caseworker_id = $1`, [cw.id]);
    expect(n).toBe(0);
  });

  it("shows the API's feed URL with a Copy button, and rotating gives a new one while the old one 404s", async () => {
    const fromApi = (await api().get(`/api/v1/caseworkers/${cw.id}/feed-url`).set(bearer(cw.token)).expect(200)).body
      .url as string;
    await page.goto('/staff/settings');
    const field = page.getByLabel('Your calendar feed address');
    expect(await field.inputValue()).toBe(fromApi);
    await see(field).toHaveAttribute('readonly', '');
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await see(page.locator('[data-copy-status="feed-url"]')).toHaveText('Copied.');
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(fromApi);

    await page.getByRole('link', { name: /Get a new address/ }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Get a new calendar feed address?');
    await see(page.locator('main')).toContainText('must subscribe again');
    await expectAccessible(page, 'settings: rotate feed');
    await screenshot(page, 'staff-settings-05-rotate-feed');
    await page.getByRole('button', { name: 'Yes, get a new address' }).click();
    await see(page.getByRole('status')).toContainText('Your calendar feed has a new address.');
    const rotated = await page.getByLabel('Your calendar feed address').inputValue();
    expect(rotated).not.toBe(fromApi);
    expect(rotated).toMatch(/\/feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    await api().get(new URL(fromApi).pathname).expect(404);
    await api().get(new URL(rotated).pathname).expect(200);
    const again = (await api().get(`/api/v1/caseworkers/${cw.id}/feed-url`).set(bearer(cw.token)).expect(200)).body;
    expect(again.url).toBe(rotated);
  });

  it('creates a token shown once (no-store), usable as a bearer, listed without it, and revoked → 401', async () => {
    await page.goto('/staff/settings');
    // A refusal first: no label, days out of range.
    await page.getByLabel('Expires in (days)').fill('9999');
    await page.getByRole('button', { name: 'Create token' }).click();
    await see(page.locator('#token-label-error')).toHaveText('Enter a label of at most 100 characters.');
    await see(page.locator('#token-days-error')).toHaveText('Enter a number of days from 1 to 3650.');
    expect(await page.getByLabel('Expires in (days)').inputValue()).toBe('9999');
    await expectAccessible(page, 'settings (token refused)');

    await page.getByLabel('Label', { exact: true }).fill('Reporting script');
    await page.getByLabel('Expires in (days)').fill('30');
    const [result] = await Promise.all([
      page.waitForResponse((r: Response) => r.url().includes('/staff/settings/tokens/created')),
      page.getByRole('button', { name: 'Create token' }).click(),
    ]);
    expect(result.headers()['cache-control']).toBe('no-store');
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Your new API token');
    await see(page.getByRole('alert')).toContainText('It is shown only this once');
    const token = await page.getByLabel('Token "Reporting script"').inputValue();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(page.url()).not.toContain(token);
    // The one-time hand-over cookie is spent.
    expect((await context.cookies()).map((c) => c.name)).not.toContain('samtal_new_token');
    await expectAccessible(page, 'settings: token created');
    await screenshot(page, 'staff-settings-06-token-created');

    const who = await api().get('/api/v1/whoami').set(bearer(token)).expect(200);
    expect(JSON.stringify(who.body)).toContain(cw.id);

    // A reload shows it no more.
    await page.reload();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('The token is not shown again');
    expect(await page.content()).not.toContain(token);
    await expectAccessible(page, 'settings: token gone');

    await page.goto('/staff/settings');
    const list = page.locator('table', { hasText: 'Your API tokens' });
    await see(list).toContainText('Reporting script');
    await see(list).toContainText('Active');
    expect(await page.content()).not.toContain(token);
    await screenshot(page, 'staff-settings-07-tokens');
    await list.locator('tr', { hasText: 'Reporting script' }).getByRole('button', { name: 'Revoke' }).click();
    await see(page.getByRole('status')).toContainText('The token is revoked.');
    await see(
      page.locator('table', { hasText: 'Your API tokens' }).locator('tr', { hasText: 'Reporting script' }),
    ).toContainText('Revoked');
    await api().get('/api/v1/whoami').set(bearer(token)).expect(401);
  });

  it('is usable at 768 px without sideways scrolling', async () => {
    await page.setViewportSize({ width: 768, height: 900 });
    await page.goto('/staff/settings');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(768);
    await expectAccessible(page, 'settings at 768 px');
    await screenshot(page, 'staff-settings-08-768px');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/staff/settings');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(1280);
  });

  it('works without JavaScript: the Copy button stays hidden, the forms still post', async () => {
    const plain = await newPage(browser, app.baseUrl, { javaScriptEnabled: false });
    try {
      await signInBrowser(app.ctx, plain.context, app.baseUrl, cw.id);
      await plain.page.goto('/staff/settings');
      expect(await plain.page.getByRole('button', { name: 'Copy', exact: true }).isVisible()).toBe(false);
      await see(plain.page.getByLabel('Your calendar feed address')).toHaveAttribute('readonly', '');
      await plain.page.getByLabel('Weekday, row 5', { exact: true }).selectOption({ label: 'Sunday' });
      await plain.page.getByLabel('Start, row 5', { exact: true }).fill('10:00');
      await plain.page.getByLabel('End, row 5', { exact: true }).fill('11:00');
      await plain.page.getByRole('button', { name: 'Save working hours' }).click();
      await see(plain.page.getByRole('status')).toContainText('Your working hours are saved.');
      expect((await hoursOf(cw.id)).at(-1)).toEqual({ weekday: 7, start: '10:00', end: '11:00', modes: ['in_person'] });
      expect(await plain.page.getByLabel('Weekday, row 5', { exact: true }).inputValue()).toBe('7');
      await plain.page.locator('#hours-remove-4').check();
      await plain.page.getByRole('button', { name: 'Save working hours' }).click();
      await see(plain.page.getByRole('status')).toContainText('Your working hours are saved.');
      expect(await hoursOf(cw.id)).toHaveLength(4);
    } finally {
      await plain.context.close();
    }
  });

  it('switches to Swedish: the page after saving, and the next mail to the caseworker', async () => {
    await page.goto('/staff/settings');
    await page.getByLabel('Svenska').check();
    await page.getByRole('button', { name: 'Save language' }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Mina inställningar');
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await see(page.getByRole('status')).toContainText('Ditt språk är sparat.');
    await see(page.locator('#hours-title')).toHaveText('Arbetstider per vecka');
    expect(await page.getByLabel('Veckodag, rad 1', { exact: true }).locator('option').first().innerText()).toBe(
      'måndag',
    );
    await expectAccessible(page, 'settings in Swedish');
    await screenshot(page, 'staff-settings-09-swedish');
    const [{ locale }] = await app.ctx.db.query(`SELECT locale FROM caseworkers WHERE id = $1`, [cw.id]);
    expect(locale).toBe('sv');
    // A fresh browser (no language cookie, an English browser) gets Swedish too: it is the caseworker's own.
    const other = await newPage(browser, app.baseUrl);
    await signInBrowser(app.ctx, other.context, app.baseUrl, cw.id);
    await other.page.goto('/staff/settings');
    await see(other.page.getByRole('heading', { level: 1 })).toHaveText('Mina inställningar');
    await other.context.close();
    // The next mail (a sign-in link) is in Swedish though the unit's default is English.
    const mail = await app.ctx.app
      .get(NotificationComposer)
      .compose(
        { kind: 'staff_sign_in', unitId: unit.id, caseworkerId: cw.id, requestedAt: new Date().toISOString() },
        '00000000-0000-4000-8000-000000000001',
      );
    expect(typeof mail).toBe('object');
    expect((mail as { subject: string }).subject).toContain('inloggningslänk');

    // And back to English for the rest.
    await page.getByLabel('English').check();
    await page.getByRole('button', { name: 'Spara språk' }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('My settings');
  });

  describe('over HTTP', () => {
    const formToken = (html: string, action: string): string => {
      const form = html.split('<form').find((f) => f.includes(`action="${action}"`));
      const m = form && /name="_csrf" value="([^"]+)"/.exec(form);
      if (!m) throw new Error(`no form for ${action}`);
      return m[1];
    };
    /** A signed-in agent, and the settings page as it read it; `csrfFor` makes a form token of its session. */
    const signedIn = async (caseworkerId: string) => {
      const { cookie, formToken: csrfFor } = await staffSession(app.ctx, caseworkerId);
      const res = await api().get('/staff/settings').set('Cookie', cookie).expect(200);
      return { cookie, html: res.text, csrfFor };
    };

    it('refuses a form without its CSRF token with a page, and changes nothing', async () => {
      const a = await signedIn(cw.id);
      const before = await hoursOf(cw.id);
      const refused = await api()
        .post('/staff/settings/hours')
        .set('Cookie', a.cookie)
        .type('form')
        .send({ rows: '1', 'hours-weekday-0': '6', 'hours-start-0': '08:00', 'hours-end-0': '09:00', action: 'save' })
        .expect(403);
      expect(refused.headers['content-type']).toContain('text/html');
      expect(refused.text).toContain('<h1>');
      expect(await hoursOf(cw.id)).toEqual(before);
      // A token made for another form does not fit this one either.
      await api()
        .post('/staff/settings/tokens')
        .set('Cookie', a.cookie)
        .type('form')
        .send({ _csrf: formToken(a.html, '/staff/settings/hours'), 'token-label': 'x', 'token-days': '5' })
        .expect(403);
      const [{ n }] = await app.ctx.db.query(
        `SELECT count(*)::int AS n FROM staff_tokens WHERE caseworker_id = $1 AND label = 'x'`,
        [cw.id],
      );
      expect(n).toBe(0);
      // Signed out: to the sign-in page, not a settings page.
      const out = await api().get('/staff/settings').expect(303);
      expect(out.headers.location).toMatch(/^\/staff\/sign-in/);
    });

    it("has no id in any address: another caseworker sees only their own, and cannot touch someone else's", async () => {
      const other = await app.ctx.newCaseworker(unit, { name: 'Otto Other' });
      const mineUrl = (await api().get(`/api/v1/caseworkers/${cw.id}/feed-url`).set(bearer(cw.token))).body.url;
      const absence = (
        await api()
          .post(`/api/v1/caseworkers/${cw.id}/absences`)
          .set(bearer(cw.token))
          .send({ startsAt: monday.plus({ weeks: 2 }).toISO(), endsAt: monday.plus({ weeks: 2, hours: 5 }).toISO() })
          .expect(201)
      ).body.id as string;
      const token = (
        await api()
          .post(`/api/v1/caseworkers/${cw.id}/tokens`)
          .set(bearer(cw.token))
          .send({ label: 'Mine-A-token' })
          .expect(201)
      ).body;

      const b = await signedIn(other.id);
      expect(b.html).not.toContain(mineUrl);
      expect(b.html).not.toContain('Mine-A-token');
      expect(b.html).not.toContain(absence);
      // Posting the other's ids with B's own valid tokens: not found, nothing removed.
      const removeAbsence = `/staff/settings/absences/${absence}/remove`;
      // The form path decides the token; B's page has no form for A's ids, so make it as a page would.
      await api()
        .post(removeAbsence)
        .set('Cookie', b.cookie)
        .type('form')
        .send({ _csrf: b.csrfFor(removeAbsence) })
        .expect(404);
      const revoke = `/staff/settings/tokens/${token.id}/revoke`;
      await api()
        .post(revoke)
        .set('Cookie', b.cookie)
        .type('form')
        .send({ _csrf: b.csrfFor(revoke) })
        .expect(404);
      await api().get('/api/v1/whoami').set(bearer(token.token)).expect(200);
      const [{ n }] = await app.ctx.db.query(`SELECT count(*)::int AS n FROM absences WHERE id = $1`, [absence]);
      expect(n).toBe(1);
      // Even an admin's own settings are their own: the admin removes no one's absence here.
      const admin = await signedIn(unit.adminId);
      await api()
        .post(removeAbsence)
        .set('Cookie', admin.cookie)
        .type('form')
        .send({ _csrf: admin.csrfFor(removeAbsence) })
        .expect(404);
      // The result page of someone else's token is not found either.
      await api().get(`/staff/settings/tokens/created?id=${token.id}`).set('Cookie', b.cookie).expect(404);
    });
  });
});
