import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedDemo } from '../src/demo/seed-demo';
import { expectAccessible, newPage, PagesApp, screenshot, see, slotLink } from './support/browser';
import { calendarPart, linksIn, ReceivedMail, SmtpSink } from './support/smtp-sink';
import { startStaffPages, stopStaffPages } from './support/staff-pages';
import { bearer } from './support/test-app';

const ZONE = 'Europe/Stockholm';
// Wednesday 2 December, 12:00 in Stockholm: Monday to Wednesday morning are past, Thursday and Friday ahead.
// The first such Wednesday after this year: pg-boss starts a reminder by the database's real clock, so
// a week that is past for the real clock (as 2026's was from 3 December 2026) mails every reminder at once.
const YEAR = ((y) => {
  while (DateTime.fromObject({ year: y, month: 12, day: 2 }).weekday !== 3) y++;
  return y;
})(new Date().getFullYear() + 1);
const NOW = DateTime.fromObject({ year: YEAR, month: 12, day: 2, hour: 12 }, { zone: ZONE });
const ANNA = 'anna.berg@demo.samtal.localhost';

interface Row {
  id: string;
  status: string;
  starts_at: Date;
  sequence: number;
  cancel_reason: string | null;
  email: string;
  name: string;
}

/**
 * The caseworker's day, end to end: the demo week seeded, the real sign-in link from the mail (SMTP sink),
 * the FullCalendar week, the panel opened by click and by keyboard, attendance on a past meeting, a
 * reschedule through the slot picker, one by drag and drop, a cancel with a reason, and the mails the
 * clients receive (REQUEST with the same UID and SEQUENCE + 1, CANCEL), checked in the DB and the staff API.
 */
describe("staff: a caseworker's day in a real browser", () => {
  let app: PagesApp;
  let browser: Browser;
  let sink: SmtpSink;
  let context: BrowserContext;
  let page: Page;
  let annaId: string;
  let host: string;
  let adminToken: string;

  const at = (day: number, time: string) => {
    const [h, m] = time.split(':').map(Number);
    return NOW.startOf('week').plus({ days: day }).set({ hour: h, minute: m });
  };
  const ics = (m: ReceivedMail) => {
    const part = calendarPart(m);
    if (!part) return null;
    const unfolded = part.content.replace(/\r?\n[ \t]/g, '');
    return {
      method: /^METHOD:(\w+)/m.exec(unfolded)?.[1] ?? part.method,
      uid: /^UID:(.+)$/m.exec(unfolded)?.[1].trim(),
      sequence: Number(/^SEQUENCE:(\d+)$/m.exec(unfolded)?.[1]),
    };
  };
  const mailsFor = (id: string) => (m: ReceivedMail) => ics(m)?.uid === `${id}@${host}`;
  async function row(id: string): Promise<Row> {
    const [r] = await app.ctx.db.query<Row[]>(
      `SELECT a.id, a.status, a.starts_at, a.sequence, a.cancel_reason, c.email, c.name
         FROM appointments a JOIN clients c ON c.id = a.client_id WHERE a.id = $1`,
      [id],
    );
    return r;
  }
  async function annaAt(start: DateTime): Promise<Row> {
    const [r] = await app.ctx.db.query<Array<{ id: string }>>(
      `SELECT id FROM appointments WHERE caseworker_id = $1 AND starts_at = $2`,
      [annaId, start.toJSDate()],
    );
    if (!r) throw new Error(`no seeded meeting of Anna Berg at ${start.toISO()}`);
    return row(r.id);
  }
  /** The staff API, with the demo admin's token that the seed issued. */
  const staffApi = (id: string) => app.ctx.http().get(`/api/v1/appointments/${id}`).set(bearer(adminToken));
  const eventOf = (id: string) => page.locator(`.fc-event[data-href="/staff/appointments/${id}"]`);

  async function dragTo(id: string, fromTime: string, toTime: string) {
    const box = (await eventOf(id).boundingBox())!;
    const fromRow = (await page.locator(`td.fc-timegrid-slot-lane[data-time="${fromTime}:00"]`).boundingBox())!;
    const toRow = (await page.locator(`td.fc-timegrid-slot-lane[data-time="${toTime}:00"]`).boundingBox())!;
    const x = box.x + box.width / 2;
    // Grab the event in its middle, drop at the same spot of the target slot.
    const y = box.y + box.height / 2;
    expect(y).toBeGreaterThan(box.y);
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.waitForTimeout(100);
    await page.mouse.move(x, y + (toRow.y - fromRow.y), { steps: 20 });
    // Rest on the target a moment, so that FullCalendar's last hit is the drop point.
    await page.mouse.move(x, y + (toRow.y - fromRow.y) + 1);
    await page.waitForTimeout(150);
    await page.mouse.up();
  }

  beforeAll(async () => {
    ({ app, browser, sink } = await startStaffPages(NOW.toJSDate()));
    host = new URL(app.baseUrl).hostname;
    ({ token: adminToken } = await seedDemo(app.ctx.app, app.ctx.config));
    [{ id: annaId }] = await app.ctx.db.query<Array<{ id: string }>>(`SELECT id FROM caseworkers WHERE email = $1`, [
      ANNA,
    ]);
    ({ context, page } = await newPage(browser, app.baseUrl, { viewport: { width: 1280, height: 900 } }));
  });
  afterAll(async () => {
    await context?.close();
    await stopStaffPages({ app, browser, sink });
  });

  it('signs in with the link from the mail, works through the week, and the clients get the right invites', async () => {
    // --- Sign in with the real email link, received by the SMTP sink.
    await page.goto('/staff/sign-in');
    await page.getByLabel('Your work email address').fill(ANNA);
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Check your email');
    const [signInMail] = await sink.waitFor((m) => JSON.stringify(m.parsed.to ?? '').includes(ANNA));
    const link = linksIn(signInMail).find((u) => /\/staff\/sign-in\/[A-Za-z0-9_-]{43}$/.test(u));
    expect(link).toBeDefined();
    await page.goto(link!);
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to Samtal');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${app.baseUrl}/staff`);
    await see(page.getByText('Signed in as Anna Berg')).toBeVisible();

    // --- The week with the seeded meetings, in FullCalendar.
    const noShow = await annaAt(at(0, '14:30'));
    const thu = await annaAt(at(3, '10:30'));
    const friMorning = await annaAt(at(4, '10:30'));
    const friAfternoon = await annaAt(at(4, '14:30'));
    expect([noShow.status, thu.status, friMorning.status, friAfternoon.status]).toEqual([
      'no_show',
      'confirmed',
      'confirmed',
      'confirmed',
    ]);
    for (const r of [thu, friMorning, friAfternoon]) expect(r.sequence).toBe(0);
    await see(page.locator('.fc-timegrid')).toBeVisible();
    for (const r of [noShow, thu, friMorning, friAfternoon]) await see(eventOf(r.id)).toBeVisible();
    await see(eventOf(thu.id)).toHaveAttribute('aria-label', new RegExp(`^10:30–11:15, ${thu.name}, `));
    // "Today" is the unit's today by the server's clock (Wednesday here), not the browser's.
    await see(page.locator('.fc-timegrid .fc-col-header-cell.fc-day-today')).toHaveAttribute(
      'data-date',
      `${YEAR}-12-02`,
    );
    await expectAccessible(page, 'staff day: the week');
    await screenshot(page, 'staff-day-01-week');

    // --- A past meeting, missed as recorded: opened by a click, marked attended after all.
    await eventOf(noShow.id).click();
    await page.waitForURL(`${app.baseUrl}/staff/appointments/${noShow.id}`);
    await see(page.locator('.summary').first()).toContainText('No-show');
    await page.getByRole('button', { name: 'Mark attended' }).click();
    await see(page.getByRole('status')).toContainText('Marked as attended.');
    await see(page.locator('.summary').first()).toContainText('Attended');
    expect((await row(noShow.id)).status).toBe('completed');
    await screenshot(page, 'staff-day-02-attended');

    // --- Thursday 10:30, opened by a click, moved to Friday 08:00 with the slot picker.
    await page.goto('/staff');
    await eventOf(thu.id).click();
    await page.waitForURL(`${app.baseUrl}/staff/appointments/${thu.id}`);
    await page.getByRole('link', { name: 'Reschedule' }).click();
    await see(page.getByRole('heading', { name: 'Choose a new time' })).toBeVisible();
    await screenshot(page, 'staff-day-03-slot-picker');
    await slotLink(page, '08:00', 'Friday 4 December').click();
    await see(page.locator('.appt-step .summary')).toContainText(`Friday, 4 December ${YEAR} at 08:00`);
    await page.getByRole('button', { name: 'Move the appointment' }).click();
    await see(page.getByRole('status')).toContainText('The appointment was moved');
    await see(page.locator('.summary').first()).toContainText(`Friday, 4 December ${YEAR}, 08:00–08:45`);
    await screenshot(page, 'staff-day-04-rescheduled');
    expect(await row(thu.id)).toMatchObject({ starts_at: at(4, '08:00').toJSDate(), sequence: 1 });

    // --- Friday 10:30 dragged to 09:30 in the week (confirmed in a dialog). The whole day in view, laid
    // out at that size before the drag (FullCalendar re-measures after a resize, a moment later).
    await page.setViewportSize({ width: 1280, height: 1600 });
    await page.goto('/staff');
    await see(eventOf(friMorning.id)).toHaveAttribute('class', /fc-event-draggable/);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.accept();
    });
    await page.waitForTimeout(500);
    await dragTo(friMorning.id, '10:30', '09:30');
    await see(page.locator('#cal-live')).toContainText(`${friMorning.name} moved to`);
    expect(dialogs).toEqual([`Move ${friMorning.name} to Fri 4 Dec, 09:30?`]);
    await screenshot(page, 'staff-day-05-dragged');
    expect(await row(friMorning.id)).toMatchObject({ starts_at: at(4, '09:30').toJSDate(), sequence: 1 });
    await page.setViewportSize({ width: 1280, height: 900 });

    // --- Friday 14:30, opened with the keyboard (Tab to it, Enter), cancelled with a reason.
    await page.goto('/staff');
    await see(eventOf(friAfternoon.id)).toBeVisible();
    const isFocused = () =>
      eventOf(friAfternoon.id).evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement);
    let presses = 0;
    while (!(await isFocused())) {
      await page.keyboard.press('Tab');
      if (++presses > 120) throw new Error('the Friday 14:30 meeting is not reachable with Tab');
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.baseUrl}/staff/appointments/${friAfternoon.id}`);
    await page.getByRole('link', { name: 'Cancel appointment' }).click();
    await see(page.getByRole('heading', { name: 'Cancel this appointment' })).toBeVisible();
    await page.getByLabel('Reason for cancelling').fill('The client phoned: ill this week.');
    await screenshot(page, 'staff-day-06-cancel');
    await page.getByRole('button', { name: 'Cancel the appointment' }).click();
    await see(page.getByRole('status')).toContainText('The appointment was cancelled');
    await see(page.locator('.summary').first()).toContainText('The client phoned: ill this week.');
    await screenshot(page, 'staff-day-07-cancelled');
    expect(await row(friAfternoon.id)).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'The client phoned: ill this week.',
      sequence: 1,
    });

    // --- The clients' mails: a REQUEST for each move (same UID, SEQUENCE 0 → 1), a CANCEL for the cancel.
    const [thuMail] = await sink.waitFor(mailsFor(thu.id));
    expect(thuMail.parsed.to).toMatchObject({ value: [{ address: thu.email }] });
    expect(ics(thuMail)).toEqual({ method: 'REQUEST', uid: `${thu.id}@${host}`, sequence: 1 });
    const [dragMail] = await sink.waitFor(mailsFor(friMorning.id));
    expect(dragMail.parsed.to).toMatchObject({ value: [{ address: friMorning.email }] });
    expect(ics(dragMail)).toEqual({ method: 'REQUEST', uid: `${friMorning.id}@${host}`, sequence: 1 });
    const [cancelMail] = await sink.waitFor(mailsFor(friAfternoon.id));
    expect(cancelMail.parsed.to).toMatchObject({ value: [{ address: friAfternoon.email }] });
    expect(ics(cancelMail)).toEqual({ method: 'CANCEL', uid: `${friAfternoon.id}@${host}`, sequence: 1 });
    // Exactly one mail each (the attendance change mails nobody).
    await new Promise((r) => setTimeout(r, 1500));
    for (const r of [thu, friMorning, friAfternoon]) expect(sink.mails.filter(mailsFor(r.id))).toHaveLength(1);
    expect(sink.mails.filter(mailsFor(noShow.id))).toHaveLength(0);

    // --- The staff API reads the same state.
    const api = async (id: string) => {
      const res = await staffApi(id);
      expect(res.status).toBe(200);
      return res.body as { startsAt: string; sequence: number; status: string };
    };
    expect(await api(thu.id)).toMatchObject({
      startsAt: at(4, '08:00').toUTC().toISO(),
      sequence: 1,
      status: 'confirmed',
    });
    expect(await api(friMorning.id)).toMatchObject({
      startsAt: at(4, '09:30').toUTC().toISO(),
      sequence: 1,
      status: 'confirmed',
    });
    expect(await api(friAfternoon.id)).toMatchObject({ status: 'cancelled', sequence: 1 });
    expect(await api(noShow.id)).toMatchObject({ status: 'completed' });

    // The week afterwards: the moved meetings at their new times, the cancelled one marked so.
    await page.goto('/staff');
    await see(eventOf(thu.id)).toHaveAttribute('aria-label', /^08:00–08:45, /);
    await see(eventOf(friMorning.id)).toHaveAttribute('aria-label', /^09:30–10:15, /);
    await screenshot(page, 'staff-day-08-week-after');
  });
});
