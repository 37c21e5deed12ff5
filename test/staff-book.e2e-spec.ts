import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible, newPage, PagesApp, screenshot, scrollWidth, see, slotLink } from './support/browser';
import { BookingFixture, bookingFixture, countRows, FOLLOW_UP_TYPE, WEEKDAY_HOURS } from './support/booking-fixture';
import { ReceivedMail, SmtpSink } from './support/smtp-sink';
import { csrfOf, hiddenFieldsOf, StaffBrowser } from './support/staff-forms';
import { signInBrowser, startStaffPages, stopStaffPages } from './support/staff-pages';
import { bearer, TestContext } from './support/test-app';

// Monday 2027-03-01 07:00 in Stockholm.
const NOW = '2027-03-01T06:00:00.000Z';

/**
 * Booking for a client by staff in a real browser, against the real app, PostgreSQL and an SMTP sink:
 * find, type, mode (the first-meeting rule in words, and its override), a slot, confirm; a new client;
 * a walk-in; keyboard only; axe on every step; 768 px; Swedish. Then the rules over HTTP.
 */
describe('staff pages: book for a client', () => {
  let app: PagesApp;
  let ctx: TestContext;
  let browser: Browser;
  let sink: SmtpSink;
  let f: BookingFixture;
  let other: BookingFixture;
  let cw1: string;
  let cw2: string;
  let context: BrowserContext;
  let page: Page;
  let requested: string[];

  beforeAll(async () => {
    ({ app, browser, sink } = await startStaffPages(NOW));
    ctx = app.ctx;
    f = await bookingFixture(ctx, { caseworkers: 2 });
    other = await bookingFixture(ctx);
    [cw1, cw2] = f.caseworkers.map((c) => c.id);
  });
  afterAll(() => stopStaffPages({ app, browser, sink }));

  async function open(caseworkerId: string, opts: { locale?: string; width?: number } = {}): Promise<void> {
    ({ context, page } = await newPage(browser, app.baseUrl, {
      locale: opts.locale ?? 'en-GB',
      viewport: { width: opts.width ?? 1280, height: 900 },
    }));
    requested = [];
    page.on('request', (r) => requested.push(r.url()));
    page.on('response', (r) => {
      const location = r.headers().location;
      if (location) requested.push(location);
    });
    await signInBrowser(ctx, context, app.baseUrl, caseworkerId);
  }
  afterEach(async () => {
    await context?.close();
  });

  let seq = 0;
  async function client(fx: BookingFixture, name: string): Promise<{ id: string; email: string }> {
    const email = `book-${Date.now()}-${seq++}@example.org`;
    const res = await ctx
      .http()
      .post(`/api/v1/units/${fx.unit.id}/clients`)
      .set(bearer(fx.unit.adminToken))
      .send({ name, email, locale: 'en' })
      .expect(201);
    return { id: res.body.id, email };
  }
  const to = (email: string) => (m: ReceivedMail) => JSON.stringify(m.parsed.to ?? '').includes(email);
  const appointmentId = () => /\/staff\/appointments\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
  async function step(label: string, width = 1280): Promise<void> {
    await expectAccessible(page, label);
    await screenshot(page, `staff-book-${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(width);
  }
  const row = async (id: string) =>
    (
      await ctx.db.query(
        `SELECT status, mode, caseworker_id, client_id, first_meeting_override_reason, created_by FROM appointments WHERE id = $1`,
        [id],
      )
    )[0] as Record<string, string | null>;

  it('by phone: search by name, pick, type; video refused for a first meeting in words; override with a reason; slot; booked and mailed', async () => {
    const greta = await client(f, 'Greta Telefon');
    await open(cw1);
    await page.goto('/staff/book');
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Book for a client');
    await step('01 find');

    await page.getByLabel('Name or email address').fill('greta tele');
    await page.getByRole('button', { name: 'Search' }).click();
    await see(page.getByRole('table', { name: 'Clients found' })).toContainText(greta.email);
    await step('02 results');
    await page.getByRole('link', { name: /^Book for this client\s*: Greta Telefon$/ }).click();

    await see(page.getByRole('heading', { level: 1 })).toHaveText('Book for Greta Telefon');
    await step('03 type');
    await page.getByLabel('Follow-up (internal) (Follow-up)').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await see(page.getByRole('heading', { level: 1 })).toHaveText('In person or video?');
    await see(page.getByRole('radio', { name: 'Video meeting' })).toBeDisabled();
    await see(page.locator('#mode-video-reason')).toHaveText('The first meeting with this client must be in person.');
    await step('04 mode refused');
    await page.getByRole('button', { name: 'Book video anyway, with a reason' }).click();

    await see(page.getByRole('heading', { level: 1 })).toHaveText('Choose a time');
    await step('05 slots');
    await slotLink(page, '13:00', 'Monday 1 March').click();

    await see(page.getByRole('heading', { level: 1 })).toHaveText('Check and book');
    await see(page.locator('dl.summary')).toContainText('Video anyway, with a reason');
    await page.getByRole('button', { name: 'Book the meeting' }).click();
    // No reason: refused in words, next to the field, nothing booked.
    await see(page.getByRole('alert')).toContainText('Write the reason for video (at least 5 characters).');
    await step('06 confirm without reason');
    await page.getByLabel('Why video for this first meeting?').fill('Lives far away; agreed on the phone.');
    await page.getByRole('button', { name: 'Book the meeting' }).click();

    await page.waitForURL(/\/staff\/appointments\/[0-9a-f-]{36}$/);
    const id = appointmentId()!;
    expect(await row(id)).toMatchObject({
      status: 'confirmed',
      mode: 'video',
      caseworker_id: cw1,
      client_id: greta.id,
      first_meeting_override_reason: 'Lives far away; agreed on the phone.',
      created_by: 'staff',
    });
    const [audit] = await ctx.db.query(
      `SELECT details FROM audit_events WHERE appointment_id = $1 AND action = 'appointment.created'`,
      [id],
    );
    expect(audit.details).toMatchObject({ createdBy: 'staff', mode: 'video', firstMeetingOverride: true });
    const [mail] = await sink.waitFor(to(greta.email));
    expect(mail.parsed.subject).toContain('Appointment — Test City');

    // Never the search text, the name or the email in any URL or redirect.
    expect(requested.join(' ')).not.toMatch(/greta|telefon|example\.org/i);
  });

  it('a new client, created and booked in person, in Swedish at 768 px', async () => {
    await open(cw1, { locale: 'sv-SE', width: 768 });
    await page.goto('/staff/book');
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Boka åt en klient');
    // A problem is shown next to the field, with the form kept filled in.
    await page.getByLabel('Namn', { exact: true }).fill('Ny Klientsson');
    await page.getByLabel('E-postadress', { exact: true }).fill('inte-en-adress');
    await page.getByRole('button', { name: 'Lägg till klienten och fortsätt' }).click();
    await see(page.getByRole('alert')).toContainText('Skriv en e-postadress som namn@exempel.se.');
    await see(page.getByLabel('Namn', { exact: true })).toHaveAttribute('value', 'Ny Klientsson');
    await step('sv 01 new client error', 768);

    const email = `ny-${Date.now()}@example.org`;
    await page.getByLabel('E-postadress', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Lägg till klienten och fortsätt' }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Boka åt Ny Klientsson');
    await step('sv 02 type', 768);
    await page.getByRole('button', { name: 'Fortsätt' }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('På plats eller video?');
    await step('sv 03 mode', 768);
    await page.getByRole('button', { name: 'Fortsätt' }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Välj en tid');
    await step('sv 04 slots', 768);
    await page.locator('a.slot').first().click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Kontrollera och boka');
    await step('sv 05 confirm', 768);
    await page.getByRole('button', { name: 'Boka mötet' }).click();
    await page.waitForURL(/\/staff\/appointments\/[0-9a-f-]{36}$/);

    const [c] = await ctx.db.query(`SELECT id, name, unit_id, caseworker_id FROM clients WHERE email = $1`, [email]);
    expect(c).toMatchObject({ name: 'Ny Klientsson', unit_id: f.unit.id, caseworker_id: cw1 });
    expect(await row(appointmentId()!)).toMatchObject({ status: 'confirmed', mode: 'in_person', client_id: c.id });
    await sink.waitFor(to(email));
    expect(requested.join(' ')).not.toMatch(/klientsson|example\.org/i);
  });

  it('records a meeting that took place (walk-in) as completed; a time ahead is refused in words', async () => {
    const walk = await client(f, 'Walter Walkin');
    await open(cw1);
    await page.goto(`/staff/book?clientId=${walk.id}`);
    await page.getByRole('link', { name: 'Record a meeting that took place' }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Record a meeting that took place');
    await step('walk-in 01 form');
    await page.getByLabel('Meeting type').selectOption({ label: 'Intake (internal) (First meeting)' });
    await page.getByLabel('Date').fill('2027-03-02');
    await page.getByLabel('Start time').fill('10:00');
    await page.getByRole('button', { name: 'Record the meeting' }).click();
    await see(page.getByRole('alert')).toContainText('The meeting must have started already');
    await step('walk-in 02 refused');

    await page.getByLabel('Date').fill('2027-02-26');
    await page.getByRole('button', { name: 'Record the meeting' }).click();
    await page.waitForURL(/\/staff\/appointments\/[0-9a-f-]{36}$/);
    const id = appointmentId()!;
    expect(await row(id)).toMatchObject({
      status: 'completed',
      mode: 'in_person',
      client_id: walk.id,
      caseworker_id: cw1,
    });
    const [a] = await ctx.db.query(`SELECT starts_at FROM appointments WHERE id = $1`, [id]);
    expect((a.starts_at as Date).toISOString()).toBe('2027-02-26T09:00:00.000Z');
    await expect(
      countRows(ctx, `SELECT 1 FROM audit_events WHERE appointment_id = $1 AND action = 'appointment.recorded'`, [id]),
    ).resolves.toBe(1);
  });

  it('an empty list of times says why, in words', async () => {
    const first = await client(f, 'Fia Forst');
    await open(cw1);
    const q = (extra: string) => `clientId=${first.id}&caseworkerId=${cw1}&${extra}`;
    await page.goto(`/staff/book/slots?${q(`meetingTypeId=${f.followUpId}&mode=video`)}`);
    await see(page.getByRole('alert')).toHaveText('The first meeting with this client must be in person.');
    await see(page.locator('a.slot')).toHaveCount(0);
    await step('slots empty first meeting');
    await page.goto(`/staff/book/slots?${q(`meetingTypeId=${f.intakeId}&mode=video`)}`);
    await see(page.getByRole('alert')).toContainText('do not offer video');
    // The intake type offers no video: the mode step says so next to the disabled choice.
    await page.goto(`/staff/book/mode?${q(`meetingTypeId=${f.intakeId}`)}`);
    await see(page.locator('#mode-video-reason')).toContainText('do not offer video');
    await see(page.getByRole('button', { name: 'Book video anyway, with a reason' })).toHaveCount(0);
  });

  it('by phone: offered when the type has it; no number refused in words; a first meeting by phone with a reason; tel: link', async () => {
    // A follow-up type with phone, and cw2's afternoons by phone too.
    const phoneType = (
      await ctx
        .http()
        .post(`/api/v1/units/${f.unit.id}/meeting-types`)
        .set(bearer(f.unit.adminToken))
        .send({
          ...FOLLOW_UP_TYPE,
          key: 'phone-follow-up',
          name: 'Phone follow-up',
          publicLabel: 'Phone follow-up',
          modes: ['in_person', 'video', 'phone'],
        })
        .expect(201)
    ).body.id as string;
    await ctx
      .http()
      .put(`/api/v1/caseworkers/${cw2}/working-hours`)
      .set(bearer(f.unit.adminToken))
      .send(WEEKDAY_HOURS.map((h) => (h.start === '13:00' ? { ...h, modes: ['in_person', 'video', 'phone'] } : h)))
      .expect(200);
    const mute = await client(f, 'Mona Nummerlos');
    const caller = (
      await ctx
        .http()
        .post(`/api/v1/units/${f.unit.id}/clients`)
        .set(bearer(f.unit.adminToken))
        .send({ name: 'Pia Ringer', email: `book-${Date.now()}-${seq++}@example.org`, phone: '070-123 45 67' })
        .expect(201)
    ).body.id as string;
    await open(cw2);
    const q = (c: string, extra = '') => `clientId=${c}&caseworkerId=${cw2}&meetingTypeId=${phoneType}${extra}`;

    // The fixture's follow-up offers no phone: no phone choice at all.
    await page.goto(`/staff/book/mode?clientId=${caller}&caseworkerId=${cw2}&meetingTypeId=${f.followUpId}`);
    await see(page.getByRole('radio', { name: 'Phone call' })).toHaveCount(0);
    await page.goto(
      `/staff/book/slots?clientId=${caller}&caseworkerId=${cw2}&meetingTypeId=${f.followUpId}&mode=phone`,
    );
    await see(page.getByRole('alert')).toHaveText('This meeting type does not offer phone calls.');

    // No number: phone disabled with the reason, and a forged confirm is refused in words, not a crash.
    await page.goto(`/staff/book/mode?${q(mute.id)}`);
    await see(page.getByRole('radio', { name: 'Phone call' })).toBeDisabled();
    await see(page.locator('#mode-phone-reason')).toContainText('The client has no phone number.');
    await see(page.getByRole('button', { name: 'Book phone anyway, with a reason' })).toHaveCount(0);
    await page.goto(`/staff/book/confirm?${q(mute.id, '&mode=phone&startsAt=2027-03-02T13:30:00.000Z')}`);
    await page.getByRole('button', { name: 'Book the meeting' }).click();
    await see(page.getByRole('alert')).toContainText('The client has no phone number.');
    await step('phone no number');

    // A number, but a first meeting: phone refused like video, and booked anyway with a reason.
    await page.goto(`/staff/book/mode?${q(caller)}`);
    await see(page.locator('#mode-phone-reason')).toHaveText('The first meeting with this client must be in person.');
    await step('phone mode refused');
    await page.getByRole('button', { name: 'Book phone anyway, with a reason' }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Choose a time');
    await slotLink(page, '13:30', 'Tuesday 2 March').click();
    await see(page.locator('dl.summary')).toContainText('Phone call');
    await page.getByLabel('Why phone for this first meeting?').fill('Cannot travel this month.');
    await page.getByRole('button', { name: 'Book the meeting' }).click();
    await page.waitForURL(/\/staff\/appointments\/[0-9a-f-]{36}$/);
    expect(await row(appointmentId()!)).toMatchObject({
      status: 'confirmed',
      mode: 'phone',
      client_id: caller,
      first_meeting_override_reason: 'Cannot travel this month.',
    });
    await see(page.locator('a[href="tel:+46701234567"]').first()).toBeVisible();
  });

  it('keyboard only: Tab, Enter and Space through the whole booking', async () => {
    const kb = await client(f, 'Karin Tangent');
    await open(cw1);
    await page.goto('/staff/book');
    const active = () =>
      page.evaluate<string>(
        `(() => { const a = document.activeElement; return [a.tagName, a.id, a.getAttribute('type') || '', (a.textContent || '').trim().replace(/\\s+/g, ' '), a.getAttribute('value') || ''].join('|'); })()`,
      );
    async function tabTo(pattern: RegExp, max = 60): Promise<void> {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        if (pattern.test(await active())) return;
      }
      throw new Error(`Tab never reached ${pattern}; last: ${await active()}`);
    }
    await tabTo(/^INPUT\|q\|/);
    await page.keyboard.type('karin tan');
    await page.keyboard.press('Enter');
    await see(page.getByRole('table', { name: 'Clients found' })).toContainText('Karin Tangent');
    await tabTo(/^A\|\|\|Book for this client: Karin Tangent/);
    await page.keyboard.press('Enter');
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Book for Karin Tangent');
    await tabTo(/^INPUT\|meetingTypeId\|radio/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await tabTo(/^BUTTON\|\|submit\|Continue/);
    await page.keyboard.press('Enter');
    await see(page.getByRole('heading', { level: 1 })).toHaveText('In person or video?');
    expect(page.url()).toContain(`meetingTypeId=${f.followUpId}`);
    await tabTo(/^INPUT\|mode\|radio/);
    await page.keyboard.press('Space');
    await tabTo(/^BUTTON\|\|submit\|Continue/);
    await page.keyboard.press('Enter');
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Choose a time');
    await tabTo(/^A\|\|\|\d\d:\d\d/);
    await page.keyboard.press('Enter');
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Check and book');
    await tabTo(/^BUTTON\|\|submit\|Book the meeting/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/staff\/appointments\/[0-9a-f-]{36}$/);
    expect(await row(appointmentId()!)).toMatchObject({ status: 'confirmed', mode: 'in_person', client_id: kb.id });
  });

  describe('over HTTP', () => {
    it('the search text never appears in a URL or a redirect', async () => {
      const c = await client(f, 'Hanna Http');
      const staff = await StaffBrowser.signIn(ctx, cw1);
      const res = await staff.submit('/staff/book', '/staff/book/search', { q: 'hanna http' });
      expect(res.status).toBe(200);
      expect(res.text).toContain(`href="/staff/book?clientId=${c.id}"`);
      const created = await staff.submit('/staff/book', '/staff/book/new-client', {
        name: 'Ivar Ny',
        email: 'ivar-http@example.org',
        phone: '',
        locale: 'sv',
      });
      expect(created.status).toBe(303);
      expect(created.headers.location).toMatch(/^\/staff\/book\?clientId=[0-9a-f-]{36}$/);
      // A number outside the unit's smsCountries (rule 14) is refused next to the field, nothing created.
      const finnish = await staff.submit('/staff/book', '/staff/book/new-client', {
        name: 'Ivar Finne',
        email: 'ivar-fi@example.org',
        phone: '+358 40 123 4567',
        locale: 'sv',
      });
      expect(finnish.status).toBe(400);
      expect(finnish.text).toContain('id="phone-error"');
      await expect(ctx.db.query(`SELECT 1 FROM clients WHERE email = 'ivar-fi@example.org'`)).resolves.toEqual([]);
      expect(staff.urls.join(' ')).not.toMatch(/hanna|ivar|example\.org/i);
    });

    it("a caseworker cannot book into a colleague's calendar (403 page, nothing booked); an admin can", async () => {
      const c = await client(f, 'Colleague Case');
      const cw = await StaffBrowser.signIn(ctx, cw1);
      const state = `clientId=${c.id}&meetingTypeId=${f.followUpId}&caseworkerId=${cw2}`;
      const mode = await cw.get(`/staff/book/mode?${state}`);
      expect(mode.status).toBe(403);
      expect(mode.text).toContain('You can book only into your own calendar.');
      expect((await cw.get(`/staff/book/slots?${state}&mode=in_person`)).status).toBe(403);
      // A non-admin sees no caseworker choice at all.
      expect((await cw.get(`/staff/book?clientId=${c.id}`)).text).not.toContain('<select id="caseworkerId"');
      const startsAt = '2027-03-03T08:00:00.000Z';
      const own = await cw.get(
        `/staff/book/confirm?clientId=${c.id}&meetingTypeId=${f.followUpId}&caseworkerId=${cw1}&mode=in_person&startsAt=${startsAt}`,
      );
      expect(own.status).toBe(200);
      const posted = await cw.post('/staff/book/confirm', {
        _csrf: csrfOf(own.text, '/staff/book/confirm'),
        clientId: c.id,
        meetingTypeId: f.followUpId,
        caseworkerId: cw2,
        mode: 'in_person',
        startsAt,
      });
      expect(posted.status).toBe(403);
      expect(posted.text).toContain('You can book only into your own calendar.');
      await expect(countRows(ctx, `SELECT 1 FROM appointments WHERE client_id = $1`, [c.id])).resolves.toBe(0);
      // A walk-in into a colleague's calendar: the same.
      const walk = await cw.get(`/staff/book/walk-in?clientId=${c.id}`);
      const refusedWalk = await cw.post('/staff/book/walk-in', {
        _csrf: csrfOf(walk.text, '/staff/book/walk-in'),
        clientId: c.id,
        meetingTypeId: f.followUpId,
        caseworkerId: cw2,
        date: '2027-02-26',
        time: '10:00',
      });
      expect(refusedWalk.status).toBe(403);
      await expect(countRows(ctx, `SELECT 1 FROM appointments WHERE client_id = $1`, [c.id])).resolves.toBe(0);

      const admin = await StaffBrowser.signIn(ctx, f.unit.adminId);
      const choose = await admin.get(`/staff/book?clientId=${c.id}`);
      expect(choose.text).toContain('<label for="caseworkerId">In the calendar of</label>');
      expect((await admin.get(`/staff/book/mode?${state}`)).status).toBe(200);
      const page2 = await admin.get(`/staff/book/confirm?${state}&mode=in_person&startsAt=${startsAt}`);
      const booked = await admin.post('/staff/book/confirm', {
        _csrf: csrfOf(page2.text, '/staff/book/confirm'),
        clientId: c.id,
        meetingTypeId: f.followUpId,
        caseworkerId: cw2,
        mode: 'in_person',
        startsAt,
      });
      expect(booked.status).toBe(303);
      const id = /^\/staff\/appointments\/([0-9a-f-]{36})$/.exec(booked.headers.location)![1];
      expect(await row(id)).toMatchObject({ status: 'confirmed', caseworker_id: cw2, client_id: c.id });
    });

    it("another unit's client id is the not-found page at every step", async () => {
      const foreign = await client(other, 'Foreign Person');
      const staff = await StaffBrowser.signIn(ctx, cw1);
      const state = `clientId=${foreign.id}&meetingTypeId=${f.followUpId}&caseworkerId=${cw1}`;
      expect((await staff.get(`/staff/book?clientId=${foreign.id}`)).status).toBe(404);
      expect((await staff.get(`/staff/book/mode?${state}`)).status).toBe(404);
      expect((await staff.get(`/staff/book/slots?${state}&mode=in_person`)).status).toBe(404);
      expect((await staff.get(`/staff/book/walk-in?clientId=${foreign.id}`)).status).toBe(404);
      // Another unit's meeting type, too.
      expect(
        (
          await staff.get(
            `/staff/book/mode?clientId=${foreign.id}&meetingTypeId=${other.followUpId}&caseworkerId=${cw1}`,
          )
        ).status,
      ).toBe(404);
      await expect(
        countRows(ctx, `SELECT 1 FROM audit_events WHERE client_id = $1 AND actor_id = $2`, [foreign.id, cw1]),
      ).resolves.toBe(0);
    });

    it('a slot taken meanwhile is refused in words on the confirm page, the choice kept', async () => {
      const a = await client(f, 'Anna First');
      const b = await client(f, 'Bo Second');
      const startsAt = '2027-03-04T08:00:00.000Z';
      await ctx
        .http()
        .post('/api/v1/appointments')
        .set(bearer(f.unit.adminToken))
        .send({ caseworkerId: cw1, clientId: a.id, meetingTypeId: f.followUpId, startsAt, mode: 'in_person' })
        .expect(201);
      const staff = await StaffBrowser.signIn(ctx, cw1);
      const path = `/staff/book/confirm?clientId=${b.id}&meetingTypeId=${f.followUpId}&caseworkerId=${cw1}&mode=in_person&startsAt=${startsAt}`;
      const form = await staff.get(path);
      const res = await staff.post('/staff/book/confirm', {
        _csrf: csrfOf(form.text, '/staff/book/confirm'),
        ...hiddenFieldsOf(form.text, '/staff/book/confirm'),
      });
      expect(res.status).toBe(422);
      expect(res.text).toMatch(/role="alert"><p>(Someone else just booked this time|This time cannot be booked)/);
      expect(res.text).toContain(`name="startsAt" value="${startsAt}"`);
    });
  });
});
