import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  bookingFixture,
  BookingFixture,
  FOLLOW_UP_TYPE,
  newClient,
  staffBooks,
  WEEKDAY_HOURS,
} from './support/booking-fixture';
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
import { bearer } from './support/test-app';

const ZONE = 'Europe/Stockholm';

interface Appointment {
  id: string;
  startsAt: string;
  sequence: number;
  status: string;
}

/**
 * GET /staff, the calendar: the server-rendered week (HTTP), and FullCalendar over it in a real
 * browser under the unchanged CSP: focusable events, Enter opens the panel, drag to reschedule
 * (confirmed, then through the staff API; a refused slot snaps back with the reason in words).
 */
describe('staff calendar (/staff)', () => {
  let app: PagesApp;
  let f: BookingFixture;
  let cw1: string;
  let cw2: string;
  /** Monday of next week, midnight in the unit's zone: far enough ahead for every notice rule. */
  let monday: DateTime;
  let week: string;

  const at = (day: number, time: string) => {
    const [h, m] = time.split(':').map(Number);
    return monday.plus({ days: day }).set({ hour: h, minute: m });
  };

  /** A meeting of a new client of the caseworker's (video as the staff override of rule 4 allows it). */
  async function book(caseworkerId: string, start: DateTime, mode = 'in_person', typeId = f.followUpId) {
    const override = mode === 'video' ? { firstMeetingOverrideReason: 'Known client, phone call' } : {};
    const client = await newClient(app.ctx, f, caseworkerId);
    const startsAt = start.toISO() ?? '';
    return staffBooks(app.ctx, f, {
      caseworkerId,
      clientId: client.id,
      meetingTypeId: typeId,
      startsAt,
      mode,
      ...override,
    });
  }

  async function clientName(appointmentId: string): Promise<string> {
    const [row] = await app.ctx.db.query<{ name: string }[]>(
      `SELECT c.name FROM appointments a JOIN clients c ON c.id = a.client_id WHERE a.id = $1`,
      [appointmentId],
    );
    return row.name;
  }

  /** The unit's "caseworkers see the team's calendars" (auth/calendar-access.ts), through the admin API. */
  async function teamCalendars(on: boolean) {
    const res = await app.ctx
      .http()
      .patch(`/api/v1/units/${f.unit.id}`)
      .set(bearer(f.unit.adminToken))
      .send({ teamCalendarsVisible: on })
      .expect(200);
    expect(res.body.teamCalendarsVisible).toBe(on);
  }

  async function get(caseworkerId: string, path: string, status = 200) {
    const { cookie } = await staffSession(app.ctx, caseworkerId);
    return app.ctx.http().get(path).set('Cookie', cookie).set('Accept-Language', 'en').expect(status);
  }

  beforeAll(async () => {
    app = await startPagesApp();
    f = await bookingFixture(app.ctx, { caseworkers: 2 });
    [cw1, cw2] = f.caseworkers.map((c) => c.id);
    monday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 });
    week = monday.toFormat("kkkk-'W'WW");
  });
  afterAll(() => app?.ctx.close());

  describe('over HTTP (server-rendered)', () => {
    it("lists the caseworker's appointments of that week, not another week's nor a colleague's", async () => {
      const mine = await book(cw1, at(1, '09:00'));
      const video = await book(cw1, at(2, '13:00'), 'video');
      const nextWeek = await book(cw1, at(8, '09:00'));
      const colleague = await book(cw2, at(1, '10:00'));
      const res = await get(cw1, `/staff?week=${week}`);
      const text = res.text;
      expect(text).toContain(`href="/staff/appointments/${mine.id}"`);
      expect(text).toContain(`href="/staff/appointments/${video.id}"`);
      expect(text).toContain(await clientName(mine.id));
      expect(text).not.toContain(nextWeek.id);
      expect(text).not.toContain(colleague.id);
      expect(text).toContain('Follow-up (internal)');
      expect(text).toContain('09:00–09:45');
      expect(text).toMatch(/<svg[^>]*role="img"[^>]*aria-label="Video meeting"/);
      expect(text).toContain('Working hours: in person or video');
      expect(text).toContain('Confirmed');
      expect(text).toContain('<script type="application/json" id="calendar-data">');
      // The same week by ?date= of any day in it.
      const byDate = await get(cw1, `/staff?date=${at(3, '00:00').toISODate()}`);
      expect(byDate.text).toContain(mine.id);
      // Every client shown is audited as read through the calendar.
      const [{ n }] = await app.ctx.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'client.read' AND actor_id = $1 AND details->>'via' = 'calendar'`,
        [cw1],
      );
      expect(n).toBeGreaterThanOrEqual(2);
    });

    it("another unit's caseworker is not found (404), for an admin too", async () => {
      const other = await app.ctx.newUnit();
      const stranger = await app.ctx.newCaseworker(other);
      await get(cw1, `/staff?caseworker=${stranger.id}`, 404);
      await get(f.unit.adminId, `/staff?caseworker=${stranger.id}`, 404);
      await get(cw1, `/staff?caseworker=not-an-id`, 404);
    });

    it("an admin picks a colleague (a GET form of ids); a caseworker asking for a colleague's week gets 403", async () => {
      const theirs = await book(cw2, at(3, '10:00'));
      const admin = await get(f.unit.adminId, `/staff?week=${week}&caseworker=${cw2}`);
      expect(admin.text).toContain(theirs.id);
      expect(admin.text).toContain('Calendar of Caseworker 2');
      expect(admin.text).toMatch(/<select id="cal-caseworker" name="caseworker">/);
      expect(admin.text).toContain(`<option value="${cw2}" selected>`);
      const own = await get(cw1, `/staff?week=${week}`);
      expect(own.text).not.toContain('name="caseworker"');
      const refused = await get(cw1, `/staff?week=${week}&caseworker=${cw2}`, 403);
      expect(refused.text).not.toContain(theirs.id);
      // Their own id is simply their own week.
      await get(cw1, `/staff?week=${week}&caseworker=${cw1}`);
    });

    it('the week of the 2026-10-25 DST change: a 09:00 Monday meeting shows 09:00', async () => {
      // A meeting that took place (a walk-in): Monday 26 October 2026, 09:00 in Stockholm (UTC+1 since Sunday).
      const start = DateTime.fromISO('2026-10-26T09:00', { zone: ZONE });
      const walkIn = await book(cw1, start);
      expect(walkIn.status).toBe('completed');
      expect(walkIn.startsAt).toBe('2026-10-26T08:00:00.000Z');
      // Before the change, a Friday meeting at 09:00 is 07:00 UTC.
      const before = await book(cw1, DateTime.fromISO('2026-10-23T09:00', { zone: ZONE }));
      const res = await get(cw1, '/staff?week=2026-W44');
      const day = (label: string) =>
        res.text.slice(res.text.indexOf(label), res.text.indexOf('</section>', res.text.indexOf(label)));
      expect(day('Monday 26 October')).toContain('09:00–09:45');
      expect(day('Monday 26 October')).toContain(walkIn.id);
      expect(day('Monday 26 October')).toContain('08:00–12:00 Working hours: in person');
      expect(day('Monday 26 October')).toContain('Took place');
      expect(res.text).not.toContain(before.id);
      const prev = await get(cw1, '/staff?week=2026-W43');
      expect(prev.text.slice(prev.text.indexOf('Friday 23 October'))).toContain('09:00–09:45');
      // Seven days in each week: W44 after the change, W43 with the change on its Sunday (169 hours).
      expect(res.text).toContain('Sunday 1 November');
      expect(res.text).not.toContain('Monday 2 November');
      expect(prev.text).toContain('Monday 19 October');
      expect(prev.text).toContain('Sunday 25 October');
      expect(prev.text).not.toContain('Monday 26 October');
    });

    it('the team day lists every active caseworker side by side, for a caseworker where the unit shows the team', async () => {
      const a = await book(cw1, at(4, '08:00'));
      const b = await book(cw2, at(4, '09:00'));
      await teamCalendars(true);
      const res = await get(cw1, `/staff?view=team&date=${at(4, '00:00').toISODate()}`);
      expect(res.text).toContain('<h1>Team day</h1>');
      for (const name of ['Admin', 'Caseworker 1', 'Caseworker 2'])
        expect(res.text).toMatch(new RegExp(`<h2 id="cal-cw-\\d">${name}</h2>`));
      expect(res.text).toContain(a.id);
      expect(res.text).toContain(b.id);
      // A deactivated caseworker has no column.
      const leaver = await app.ctx.newCaseworker(f.unit, { name: 'Leaving Soon' });
      await app.ctx.db.query(`UPDATE caseworkers SET active = false WHERE id = $1`, [leaver.id]);
      const again = await get(cw1, `/staff?view=team&date=${at(4, '00:00').toISODate()}`);
      expect(again.text).not.toContain('Leaving Soon');
      await teamCalendars(false);
    });

    it("a phone meeting shows the client's number as a tel: link in the week tiles and the list, beside the name", async () => {
      const phoneType = (
        await app.ctx
          .http()
          .post(`/api/v1/units/${f.unit.id}/meeting-types`)
          .set(bearer(f.unit.adminToken))
          .send({
            ...FOLLOW_UP_TYPE,
            key: 'phone-follow-up',
            name: 'Phone follow-up',
            publicLabel: 'Phone follow-up',
            modes: ['in_person', 'phone'],
          })
          .expect(201)
      ).body.id as string;
      await app.ctx
        .http()
        .put(`/api/v1/caseworkers/${cw2}/working-hours`)
        .set(bearer(f.unit.adminToken))
        .send(WEEKDAY_HOURS.map((h) => (h.start === '13:00' ? { ...h, modes: ['in_person', 'video', 'phone'] } : h)))
        .expect(200);
      const client = await app.ctx
        .http()
        .post(`/api/v1/units/${f.unit.id}/clients`)
        .set(bearer(f.unit.adminToken))
        .send({
          name: 'Tova Telefon',
          email: `tova-${Date.now()}@example.org`,
          phone: '070-111 22 33',
          caseworkerId: cw2,
        })
        .expect(201);
      const call = await staffBooks(app.ctx, f, {
        caseworkerId: cw2,
        clientId: client.body.id,
        meetingTypeId: phoneType,
        startsAt: at(3, '14:00').toISO() ?? '',
        mode: 'phone',
        firstMeetingOverrideReason: 'Lives abroad for now.',
      });
      // In person: the number is not shown.
      const inPerson = await book(cw2, at(3, '13:00'));
      const link =
        '<a class="cal-tel" href="tel:+46701112233"><span class="visually-hidden">Call Tova Telefon: </span>+46701112233</a>';
      for (const view of ['', '&view=list']) {
        const res = await get(cw2, `/staff?week=${week}${view}`);
        expect(res.text).toContain(call.id);
        expect(res.text).toContain(inPerson.id);
        expect(res.text.split(link).length - 1).toBe(1);
      }
    });

    describe("colleagues' calendars: one rule for pages and API (auth/calendar-access.ts)", () => {
      const NOTE = 'Dentist, private note';
      let theirs: Appointment;
      let absenceId: string;
      const range = () => ({ from: monday.toISO()!, to: monday.plus({ weeks: 1 }).toISO()! });
      const apiGet = (path: string, token: string) => app.ctx.http().get(path).query(range()).set(bearer(token));

      beforeAll(async () => {
        theirs = await book(cw2, at(2, '10:00'));
        const res = await app.ctx
          .http()
          .post(`/api/v1/caseworkers/${cw2}/absences`)
          .set(bearer(f.caseworkers[1].token))
          .send({ startsAt: at(3, '08:00').toISO(), endsAt: at(3, '10:00').toISO(), note: NOTE })
          .expect(201);
        absenceId = res.body.id;
      });
      afterEach(() => teamCalendars(false));

      it("by default the API refuses a colleague's appointments and absences (403 FORBIDDEN) as the pages do", async () => {
        const unit = await app.ctx.http().get(`/api/v1/units/${f.unit.id}`).set(bearer(f.unit.adminToken));
        expect(unit.body.teamCalendarsVisible).toBe(false);
        const mine = f.caseworkers[0].token;
        for (const path of [`/api/v1/caseworkers/${cw2}/appointments`, `/api/v1/caseworkers/${cw2}/absences`]) {
          const res = await apiGet(path, mine).expect(403);
          expect(res.body.code).toBe('FORBIDDEN');
          expect(res.text).not.toContain(theirs.id);
          expect(res.text).not.toContain(NOTE);
        }
        // The pages: the colleague's week and the team day are refused; the team day is not offered.
        const week403 = await get(cw1, `/staff?week=${week}&caseworker=${cw2}`, 403);
        expect(week403.text).not.toContain(theirs.id);
        await get(cw1, `/staff?view=team&date=${at(2, '00:00').toISODate()}`, 403);
        const own = await get(cw1, `/staff?week=${week}`);
        expect(own.text).not.toContain('view=team');
        expect(own.text).not.toContain('name="caseworker"');
        // The owner and an admin read the absence with its note; the admin the appointments too.
        for (const token of [f.caseworkers[1].token, f.unit.adminToken]) {
          const abs = await apiGet(`/api/v1/caseworkers/${cw2}/absences`, token).expect(200);
          expect(abs.body).toEqual([expect.objectContaining({ id: absenceId, note: NOTE })]);
        }
        const admin = await apiGet(`/api/v1/caseworkers/${cw2}/appointments`, f.unit.adminToken).expect(200);
        expect(admin.body.map((a: Appointment) => a.id)).toContain(theirs.id);
        // Free times are for booking: a colleague's are refused (as /staff/book refuses them), one's own are not.
        const slots = (cw: string, token: string) =>
          app.ctx
            .http()
            .get(`/api/v1/caseworkers/${cw}/slots`)
            .query({ meetingTypeId: f.followUpId, mode: 'in_person', ...range() })
            .set(bearer(token));
        expect((await slots(cw2, mine).expect(403)).body.code).toBe('FORBIDDEN');
        await slots(cw1, mine).expect(200);
        await slots(cw2, f.unit.adminToken).expect(200);
        // A bad value for the setting is refused.
        await app.ctx
          .http()
          .patch(`/api/v1/units/${f.unit.id}`)
          .set(bearer(f.unit.adminToken))
          .send({ teamCalendarsVisible: 'yes' })
          .expect(400);
      });

      it("with the unit's setting on, API and pages show a colleague's week and team day, never an absence note; admins see notes", async () => {
        await teamCalendars(true);
        const mine = f.caseworkers[0].token;
        const appts = await apiGet(`/api/v1/caseworkers/${cw2}/appointments`, mine).expect(200);
        expect(appts.body.map((a: Appointment) => a.id)).toContain(theirs.id);
        expect(appts.body.find((a: Appointment) => a.id === theirs.id).clientName).toBe(await clientName(theirs.id));
        const abs = await apiGet(`/api/v1/caseworkers/${cw2}/absences`, mine).expect(200);
        expect(abs.body).toEqual([expect.objectContaining({ id: absenceId, note: null })]);
        expect(abs.text).not.toContain(NOTE);

        const page = await get(cw1, `/staff?week=${week}&caseworker=${cw2}`);
        expect(page.text).toContain('Calendar of Caseworker 2');
        expect(page.text).toContain(theirs.id);
        expect(page.text).toContain('Absent');
        expect(page.text).not.toContain(NOTE);
        expect(page.text).toContain(`<option value="${cw2}" selected>`);
        const team = await get(cw1, `/staff?view=team&date=${at(2, '00:00').toISODate()}`);
        expect(team.text).toContain(theirs.id);
        expect(team.text).not.toContain(NOTE);
        // Seeing is not changing: the colleague's absences stay theirs.
        await app.ctx.http().delete(`/api/v1/absences/${absenceId}`).set(bearer(mine)).expect(403);

        const admin = await apiGet(`/api/v1/caseworkers/${cw2}/absences`, f.unit.adminToken).expect(200);
        expect(admin.body).toEqual([expect.objectContaining({ id: absenceId, note: NOTE })]);
      });
    });

    it('the list view is a table per day with th scope=col', async () => {
      const res = await get(cw1, `/staff?view=list&week=${week}`);
      expect(res.text).toContain('<table class="cal-list">');
      expect(res.text).toContain('<th scope="col">Client</th>');
    });

    it('the bundle and its CSS come from our own origin', async () => {
      const js = await app.ctx.http().get('/assets/fullcalendar.js').expect(200);
      expect(js.headers['content-type']).toContain('javascript');
      const css = await app.ctx.http().get('/assets/fullcalendar.css').expect(200);
      expect(css.headers['content-type']).toContain('text/css');
      expect(css.text).toContain('.fc-timegrid');
      expect(css.text).toContain('.fc-list');
      await app.ctx.http().get('/assets/staff-calendar.js').expect(200);
    });
  });

  describe('in a real browser', () => {
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let violations: string[];

    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(() => browser?.close());
    beforeEach(async () => {
      ({ context, page } = await newPage(browser, app.baseUrl, { viewport: { width: 1280, height: 900 } }));
      violations = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
      await page.addInitScript({
        content: `document.addEventListener('securitypolicyviolation', (e) => {
          console.error('Refused to (securitypolicyviolation) ' + e.violatedDirective + ' ' + e.blockedURI);
        });`,
      });
      await signInBrowser(app.ctx, context, app.baseUrl, cw1);
    });
    afterEach(async () => {
      await context.close();
      await teamCalendars(false);
    });

    const eventOf = (id: string) => page.locator(`.fc-event[data-href="/staff/appointments/${id}"]`);

    async function dragTo(id: string, fromTime: string, toTime: string) {
      // The whole day in view: no scrolling (FullCalendar scrolls the window near its edge) under the pointer.
      await page.setViewportSize({ width: 1280, height: 1600 });
      const ev = eventOf(id);
      const box = (await ev.boundingBox())!;
      const fromRow = (await page.locator(`td.fc-timegrid-slot-lane[data-time="${fromTime}:00"]`).boundingBox())!;
      const toRow = (await page.locator(`td.fc-timegrid-slot-lane[data-time="${toTime}:00"]`).boundingBox())!;
      // Grab the event inside its first quarter hour, drop at the same spot of the target slot.
      const x = box.x + box.width / 2;
      const y = fromRow.y + fromRow.height / 4;
      expect(y).toBeGreaterThan(box.y);
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x, y + 5, { steps: 3 });
      await page.mouse.move(x, y + (toRow.y - fromRow.y), { steps: 12 });
      await page.mouse.up();
    }

    async function api(id: string): Promise<Appointment> {
      const res = await app.ctx.http().get(`/api/v1/appointments/${id}`).set(bearer(f.unit.adminToken)).expect(200);
      return res.body as Appointment;
    }

    it('renders the week with FullCalendar under the CSP: focusable events, Enter opens the panel', async () => {
      const a = await book(cw1, at(0, '10:00'));
      const res = await page.goto(`/staff?week=${week}`);
      const csp = res!.headers()['content-security-policy'];
      expect(csp).toContain("script-src 'self'; style-src 'self'");
      expect(csp).toContain("connect-src 'self';");
      expect(csp).not.toMatch(/unsafe/);
      await page.waitForLoadState('load');
      expect(violations).toEqual([]);
      await see(page.locator('.fc-timegrid')).toBeVisible();
      await see(page.locator('#cal-static')).toHaveAttribute('hidden', '');
      const ev = eventOf(a.id);
      await see(ev).toBeVisible();
      await see(ev).toHaveAttribute('tabindex', '0');
      await see(ev).toHaveAttribute('role', 'link');
      const name = await clientName(a.id);
      await see(ev).toHaveAttribute(
        'aria-label',
        new RegExp(`^10:00–10:45, ${name}, Follow-up \\(internal\\), In person, Confirmed$`),
      );
      // FullCalendar's CSS applies (from /assets/fullcalendar.css): the grid is laid out as a table.
      expect(
        await page.evaluate<string>(`getComputedStyle(document.querySelector('.fc-scrollgrid')).tableLayout`),
      ).toBe('fixed');
      await expectAccessible(page, 'staff calendar week');
      await screenshot(page, 'staff-calendar-week');
      await ev.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(`${app.baseUrl}/staff/appointments/${a.id}`);
      expect(violations).toEqual([]);
    });

    it('drag to a free slot: confirm in words, moved through the API (sequence + 1)', async () => {
      const a = await book(cw1, at(3, '09:00'));
      const name = await clientName(a.id);
      await page.goto(`/staff?week=${week}`);
      await see(eventOf(a.id)).toBeVisible();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.accept();
      });
      await see(eventOf(a.id)).toHaveAttribute('class', /fc-event-draggable/);
      await dragTo(a.id, '09:00', '10:30');
      await see(page.locator('#cal-live')).toContainText(`${name} moved to`);
      const dayText = at(3, '10:30').setLocale('en-GB').toFormat('ccc d LLL');
      expect(dialogs).toEqual([`Move ${name} to ${dayText}, 10:30?`]);
      const after = await api(a.id);
      expect(after.startsAt).toBe(at(3, '10:30').toUTC().toISO());
      expect(after.sequence).toBe(a.sequence + 1);
      expect(violations).toEqual([]);
    });

    it('drag to a refused slot (outside the working hours): snaps back, the reason in words', async () => {
      const a = await book(cw1, at(2, '09:00'));
      await page.goto(`/staff?week=${week}`);
      await see(eventOf(a.id)).toBeVisible();
      page.on('dialog', (d) => void d.accept());
      const offset = async () =>
        (await eventOf(a.id).boundingBox())!.y -
        (await page.locator('td.fc-timegrid-slot-lane[data-time="09:00:00"]').boundingBox())!.y;
      const before = await offset();
      await dragTo(a.id, '09:00', '17:00');
      await see(page.locator('#cal-live')).toHaveText(
        'Not moved: that time is outside the working hours, off the time grid, too soon or in the past.',
      );
      // Back where it was (FullCalendar's revert is animated).
      for (let i = 0; i < 50 && Math.abs((await offset()) - before) > 1; i++) await page.waitForTimeout(100);
      expect(await offset()).toBeCloseTo(before, 0);
      const after = await api(a.id);
      expect(after.startsAt).toBe(a.startsAt);
      expect(after.sequence).toBe(a.sequence);
      await screenshot(page, 'staff-calendar-refused');
    });

    it('list and team views are accessible; 768 px has no horizontal scroll', async () => {
      // The team day is offered to caseworkers where the unit shows the team's calendars.
      await teamCalendars(true);
      await page.goto(`/staff?view=list&week=${week}`);
      await see(page.locator('.fc-list')).toBeVisible();
      await expectAccessible(page, 'staff calendar list');
      await screenshot(page, 'staff-calendar-list');
      await page.goto(`/staff?view=team&date=${at(4, '00:00').toISODate()}`);
      await see(page.locator('.cal-grid-team .fc-timegrid').first()).toBeVisible();
      await expectAccessible(page, 'staff calendar team day');
      await screenshot(page, 'staff-calendar-team');
      await page.setViewportSize({ width: 768, height: 900 });
      for (const path of [
        `/staff?week=${week}`,
        `/staff?view=list&week=${week}`,
        `/staff?view=team&date=${at(4, '00:00').toISODate()}`,
      ]) {
        await page.goto(path);
        await see(page.locator('.fc').first()).toBeVisible();
        expect(await scrollWidth(page)).toBeLessThanOrEqual(768);
      }
      await page.goto(`/staff?week=${week}`);
      await screenshot(page, 'staff-calendar-week-768');
      expect(violations).toEqual([]);
    });

    it('without the script the server-rendered week is there, readable and accessible', async () => {
      // The team day is offered to caseworkers where the unit shows the team's calendars.
      await teamCalendars(true);
      await page.route('**/assets/staff-calendar.js', (r) => r.abort());
      await page.goto(`/staff?week=${week}`);
      await see(page.getByRole('heading', { level: 1 })).toHaveText('My calendar');
      const tuesday = at(1, '00:00').setLocale('en').toFormat('cccc d LLLL');
      await see(page.getByRole('heading', { level: 2, name: tuesday })).toBeVisible();
      await see(page.locator('#cal-static .cal-appt a').first()).toBeVisible();
      await expectAccessible(page, 'staff calendar, server-rendered');
      await screenshot(page, 'staff-calendar-week-server-rendered');
      await page.goto(`/staff?view=list&week=${week}`);
      await see(page.locator('table.cal-list caption').first()).toBeVisible();
      await expectAccessible(page, 'staff calendar list, server-rendered');
      await page.goto(`/staff?view=team&date=${at(4, '00:00').toISODate()}`);
      await expectAccessible(page, 'staff calendar team day, server-rendered');
      await page.setViewportSize({ width: 768, height: 900 });
      expect(await scrollWidth(page)).toBeLessThanOrEqual(768);
      await screenshot(page, 'staff-calendar-team-server-rendered-768');
    });
  });
});
