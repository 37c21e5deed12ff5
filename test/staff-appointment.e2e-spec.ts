import type { Browser, Page } from 'playwright-core';
import {
  BookingFixture,
  bookingFixture,
  FOLLOW_UP_TYPE,
  personalLinkToken,
  WEEKDAY_HOURS,
} from './support/booking-fixture';
import { expectAccessible, newPage, PagesApp, screenshot, scrollWidth, see, slotLink } from './support/browser';
import { calendarPart, ReceivedMail, SmtpSink } from './support/smtp-sink';
import { signInBrowser, staffSession, startStaffPages, stopStaffPages } from './support/staff-pages';
import { bearer } from './support/test-app';

// Monday 2027-03-01 07:00 in Stockholm. The unit works Mon–Fri 08–12 (in person) and 13–16 (both).
const NOW = '2027-03-01T06:00:00.000Z';

interface Row {
  id: string;
  status: string;
  mode: string;
  starts_at: Date;
  sequence: number;
  cancel_reason: string | null;
}

/**
 * The appointment panel (/staff/appointments/:id) on the real app, PostgreSQL, SMTP sink and a real
 * browser: what it shows, who may act, and each action with the mails the client receives.
 */
describe('staff appointment panel', () => {
  let app: PagesApp;
  let browser: Browser;
  let sink: SmtpSink;
  let f: BookingFixture;
  let cw: { id: string; token: string };
  let colleague: { id: string; token: string };
  let n = 0;

  const to = (email: string) => (m: ReceivedMail) => JSON.stringify(m.parsed.to ?? '').includes(email);
  const invite = (m: ReceivedMail) => {
    const part = calendarPart(m);
    if (!part) return null;
    const unfolded = part.content.replace(/\r?\n[ \t]/g, '');
    return {
      method: part.method,
      uid: /^UID:(.+)$/m.exec(unfolded)?.[1].trim(),
      sequence: Number(/^SEQUENCE:(\d+)$/m.exec(unfolded)?.[1]),
    };
  };
  const row = async (id: string): Promise<Row> =>
    (
      await app.ctx.db.query<Row[]>(
        `SELECT id, status, mode, starts_at, sequence, cancel_reason FROM appointments WHERE id = $1`,
        [id],
      )
    )[0];

  /** A client of the caseworker, with a meeting booked by staff (confirmed: the client gets the invite). */
  async function booked(opts: { startsAt: string; mode?: 'in_person' | 'video'; name?: string }) {
    const email = `client-${++n}-${Date.now()}@example.org`;
    const client = await app.ctx
      .http()
      .post(`/api/v1/units/${f.unit.id}/clients`)
      .set(bearer(cw.token))
      .send({ name: opts.name ?? `Client ${n}`, email, phone: '+46 70 123 45 67', locale: 'en', caseworkerId: cw.id })
      .expect(201);
    const a = await app.ctx
      .http()
      .post('/api/v1/appointments')
      .set(bearer(cw.token))
      .send({
        caseworkerId: cw.id,
        clientId: client.body.id,
        meetingTypeId: f.followUpId,
        startsAt: opts.startsAt,
        mode: opts.mode ?? 'in_person',
      })
      .expect(201);
    const personalLink = await personalLinkToken(app.ctx, client.body.id as string);
    return { id: a.body.id as string, clientId: client.body.id as string, email, personalLink };
  }

  beforeAll(async () => {
    ({ app, browser, sink } = await startStaffPages(NOW));
    f = await bookingFixture(app.ctx, { caseworkers: 2 });
    [cw, colleague] = f.caseworkers;
  });
  afterAll(() => stopStaffPages({ app, browser, sink }));
  afterEach(() => app.ctx.clock.set(NOW));

  describe('over HTTP', () => {
    it('shows the meeting, the client and the notes they added, the history, and audits the read', async () => {
      const a = await booked({ name: 'Sara Lind', startsAt: '2027-03-02T09:00:00+01:00' });
      await app.ctx
        .http()
        .post(`/api/v1/me/${a.personalLink}/appointments/${a.id}/notes`)
        .send({ text: 'I would like to talk about housing.' })
        .expect(200);
      const { cookie } = await staffSession(app.ctx, cw.id);
      const res = await app.ctx
        .http()
        .get(`/staff/appointments/${a.id}`)
        .set('Cookie', cookie)
        .set('Accept-Language', 'en')
        .expect(200);
      const text = res.text;
      expect(text).toContain('<h1>Appointment: Follow-up (internal)</h1>');
      expect(text).toContain('Tuesday, 2 March 2027, 09:00–09:45');
      expect(text).toContain('Europe/Stockholm');
      expect(text).toContain('Confirmed');
      expect(text).toContain('In person at our office');
      expect(text).toContain('Storgatan 1');
      expect(text).toContain('Caseworker 1');
      expect(text).toContain(`href="/staff/clients/${a.clientId}">Sara Lind</a>`);
      expect(text).toContain(a.email);
      // Stored in E.164 and shown as a number to tap (rule 14).
      expect(text).toContain('<a href="tel:+46701234567">+46701234567</a>');
      expect(text).toContain('English');
      expect(text).toContain('I would like to talk about housing.');
      // History: booked by the caseworker (by name), the note by the client; no raw JSON.
      expect(text).toMatch(/<td>[^<]+<\/td><td>Caseworker 1<\/td><td>Booked<\/td>/);
      expect(text).toMatch(/<td>[^<]+<\/td><td>Client<\/td><td>Added information<\/td>/);
      expect(text).not.toContain('appointment.created');
      const audit = await app.ctx.db.query<Array<{ actor_id: string; client_id: string; details: unknown }>>(
        `SELECT actor_id, client_id, details FROM audit_events WHERE action = 'client.read' AND appointment_id = $1`,
        [a.id],
      );
      expect(audit).toEqual([{ actor_id: cw.id, client_id: a.clientId, details: { via: 'appointment_panel' } }]);
      // The page carries no client data in its links except ids.
      expect(text).not.toMatch(new RegExp(`href="[^"]*${a.email.replace(/[.+]/g, '\\$&')}`));
    });

    it("lets a caseworker read a colleague's appointment but not act on it (403), and shows nothing of another unit (404)", async () => {
      const a = await booked({ startsAt: '2027-03-02T10:00:00+01:00' });
      const { cookie, formToken } = await staffSession(app.ctx, colleague.id);
      const page = await app.ctx
        .http()
        .get(`/staff/appointments/${a.id}`)
        .set('Cookie', cookie)
        .set('Accept-Language', 'en')
        .expect(200);
      expect(page.text).toContain('This is a colleague’s appointment');
      expect(page.text).not.toContain(`action="/staff/appointments/${a.id}/cancel"`);
      await app.ctx
        .http()
        .get(`/staff/appointments/${a.id}?view=cancel`)
        .set('Cookie', cookie)
        .set('Accept-Language', 'en')
        .expect(403);
      await app.ctx
        .http()
        .get(`/staff/appointments/${a.id}?view=reschedule`)
        .set('Cookie', cookie)
        .set('Accept-Language', 'en')
        .expect(403);
      // A well-formed POST (valid CSRF for this session) is still refused, and nothing changes.
      for (const [action, body] of [
        ['cancel', { reason: 'Not mine to cancel' }],
        ['attendance', { status: 'completed' }],
        ['resend', {}],
        ['mode', { mode: 'video', override: 'A good reason' }],
        ['reschedule', { start: '2027-03-03T09:00:00.000Z' }],
      ] as const) {
        const path = `/staff/appointments/${a.id}/${action}`;
        const res = await app.ctx
          .http()
          .post(path)
          .set('Cookie', cookie)
          .type('form')
          .send({ ...body, _csrf: formToken(path) })
          .expect(403);
        expect(res.text).toContain('<h1>');
      }
      expect(await row(a.id)).toMatchObject({ status: 'confirmed', sequence: 0 });

      // Another unit's admin: not found, also for the actions.
      const other = await app.ctx.newUnit();
      const otherSession = await staffSession(app.ctx, other.adminId);
      await app.ctx.http().get(`/staff/appointments/${a.id}`).set('Cookie', otherSession.cookie).expect(404);
      const path = `/staff/appointments/${a.id}/cancel`;
      await app.ctx
        .http()
        .post(path)
        .set('Cookie', otherSession.cookie)
        .type('form')
        .send({ reason: 'x', _csrf: otherSession.formToken(path) })
        .expect(404);
      await app.ctx
        .http()
        .get(`/staff/appointments/not-a-uuid`)
        .set('Cookie', cookie)
        .set('Accept-Language', 'en')
        .expect(404);
      // The unit's admin may act on any of its calendars.
      const admin = await staffSession(app.ctx, f.unit.adminId);
      const adminPage = await app.ctx
        .http()
        .get(`/staff/appointments/${a.id}`)
        .set('Cookie', admin.cookie)
        .set('Accept-Language', 'en')
        .expect(200);
      expect(adminPage.text).toContain(`action="/staff/appointments/${a.id}/resend"`);
      // A form without its CSRF token changes nothing.
      await app.ctx
        .http()
        .post(path)
        .set('Cookie', admin.cookie)
        .set('Accept-Language', 'en')
        .type('form')
        .send({ reason: 'no token' })
        .expect(403);
      expect((await row(a.id)).status).toBe('confirmed');
    });

    it('sends a refused reschedule back to the week with the rule in words, and reads in German', async () => {
      const a = await booked({ startsAt: '2027-03-05T10:00:00+01:00' });
      const { cookie, formToken } = await staffSession(app.ctx, cw.id);
      const path = `/staff/appointments/${a.id}/reschedule`;
      // Saturday: outside working hours.
      const res = await app.ctx
        .http()
        .post(path)
        .set('Cookie', cookie)
        .type('form')
        .send({ start: '2027-03-06T09:00:00.000Z', _csrf: formToken(path) })
        .expect(303);
      expect(res.headers.location).toBe(
        `/staff/appointments/${a.id}?view=reschedule&week=2027-03-06&error=slot-unavailable`,
      );
      const back = await app.ctx.http().get(res.headers.location).set('Cookie', cookie).set('Accept-Language', 'en');
      expect(back.text).toContain(
        'That time cannot be booked (outside working hours, during an absence, or too soon).',
      );
      expect(back.text).toContain('Choose a new time');
      expect((await row(a.id)).sequence).toBe(0);
      const de = await app.ctx
        .http()
        .get(`/staff/appointments/${a.id}`)
        .set('Cookie', cookie)
        .set('Accept-Language', 'de');
      expect(de.text).toContain('<h1>Termin: Follow-up (internal)</h1>');
      expect(de.text).toContain('Verschieben');
      expect(de.text).toContain('Freitag, 5. März 2027');
    });
  });

  describe('in a browser', () => {
    let page: Page;
    const shot = (name: string) => screenshot(page, `staff-appointment-${name}`);

    async function signedIn(caseworkerId: string, locale = 'en-GB', width = 1280) {
      const opened = await newPage(browser, app.baseUrl, { locale, viewport: { width, height: 900 } });
      await signInBrowser(app.ctx, opened.context, app.baseUrl, caseworkerId);
      page = opened.page;
      return opened;
    }

    it('reschedules through the slot picker: moved, SEQUENCE + 1, and the client gets the updated invite', async () => {
      const a = await booked({ startsAt: '2027-03-02T11:00:00+01:00' });
      const [first] = await sink.waitFor((m) => to(a.email)(m) && invite(m)?.method === 'REQUEST');
      const original = invite(first)!;
      expect(original.sequence).toBe(0);
      const { context } = await signedIn(cw.id);
      await page.goto(`/staff/appointments/${a.id}`);
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Appointment: Follow-up (internal)');
      await expectAccessible(page, 'appointment panel');
      await shot('panel');
      await page.getByRole('link', { name: 'Reschedule' }).click();
      await see(page.getByRole('heading', { name: 'Choose a new time' })).toBeVisible();
      await expectAccessible(page, 'reschedule week');
      await shot('reschedule-week');
      await slotLink(page, '10:00', 'Wednesday 3 March').click();
      await see(page.locator('.appt-step .summary')).toContainText('Wednesday, 3 March 2027 at 10:00');
      await shot('reschedule-confirm');
      await page.getByRole('button', { name: 'Move the appointment' }).click();
      await see(page.getByRole('status')).toContainText('The appointment was moved');
      await see(page.locator('.summary').first()).toContainText('Wednesday, 3 March 2027, 10:00–10:45');
      await see(page.getByRole('table')).toContainText('Moved to another time');
      const moved = await row(a.id);
      expect(moved.starts_at.toISOString()).toBe('2027-03-03T09:00:00.000Z');
      expect(moved.sequence).toBe(1);
      const [update] = await sink.waitFor((m) => to(a.email)(m) && invite(m)?.sequence === 1);
      expect(invite(update)).toEqual({ method: 'REQUEST', uid: original.uid, sequence: 1 });
      // Via the API the same appointment reads the new time.
      const api = await app.ctx.http().get(`/api/v1/appointments/${a.id}`).set(bearer(cw.token)).expect(200);
      expect(api.body).toMatchObject({ startsAt: '2027-03-03T09:00:00.000Z', sequence: 1 });
      await context.close();
    });

    it('switches a first meeting to video only with a written reason: the refusal in words, then the override', async () => {
      const a = await booked({ startsAt: '2027-03-02T14:00:00+01:00' });
      const { context } = await signedIn(cw.id);
      await page.goto(`/staff/appointments/${a.id}`);
      await page.getByRole('button', { name: 'Switch to video meeting' }).click();
      await see(
        page.getByText('The first meeting with this client must be in person. Override with a reason?'),
      ).toBeVisible();
      expect((await row(a.id)).mode).toBe('in_person');
      await expectAccessible(page, 'first-meeting refusal');
      await shot('mode-refusal');
      // Too short a reason: the message at the field, the text kept.
      await page.getByLabel('Reason for holding it by video').fill('abc');
      await page.getByRole('button', { name: 'Switch to video with this reason' }).click();
      await see(page.getByRole('alert').first()).toContainText('at least 5 characters');
      expect(await page.getByLabel('Reason for holding it by video').inputValue()).toBe('abc');
      await expectAccessible(page, 'override reason error');
      await page.getByLabel('Reason for holding it by video').fill('The client lives far away and cannot travel.');
      await page.getByRole('button', { name: 'Switch to video with this reason' }).click();
      await see(page.getByRole('status')).toContainText('mode was changed');
      await see(page.locator('.summary').first()).toContainText('Video meeting');
      await see(page.getByText('The client can join from')).toBeVisible();
      await see(page.getByRole('table')).toContainText('Switched to: Video meeting (first-meeting rule overridden');
      const switched = await row(a.id);
      expect(switched).toMatchObject({ mode: 'video', sequence: 1 });
      const audit = await app.ctx.db.query<Array<{ details: Record<string, unknown> }>>(
        `SELECT details FROM audit_events WHERE action = 'appointment.mode_changed' AND appointment_id = $1`,
        [a.id],
      );
      expect(audit).toEqual([{ details: { mode: 'video', firstMeetingOverride: true } }]);
      await shot('mode-switched');
      // Start video meeting: the host page, before the room opens for the host (30 minutes before the start).
      await page.getByRole('link', { name: 'Start video meeting' }).click();
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Video meeting (host)');
      await see(page.getByRole('status')).toContainText('The room opens for you at Tuesday, 2 March 2027 at 13:30');
      expect(page.url()).toBe(`${app.baseUrl}/staff/appointments/${a.id}/video`);
      await expectAccessible(page, 'host page before the window');
      // Inside the window: the device check and Join; the token is asked for with the session, never in the page.
      app.ctx.clock.set('2027-03-02T12:40:00.000Z');
      await signInBrowser(app.ctx, context, app.baseUrl, cw.id);
      await page.goto(`/staff/appointments/${a.id}/video`);
      await see(page.getByRole('button', { name: 'Join the meeting', exact: true })).toBeVisible();
      const data = JSON.parse((await page.locator('#join-data').textContent()) ?? '{}') as Record<string, unknown>;
      expect(data.apiUrl).toBe(`/api/v1/appointments/${a.id}/video-token`);
      expect(Object.keys(data).sort()).toEqual(['apiUrl', 'csrfToken', 'messages', 'opensInMs', 'state']);
      await expectAccessible(page, 'host page in the window');
      // What join.js sends: with the page's CSRF header the session may ask for the host token; without it, not.
      const post = (header: boolean) =>
        page.evaluate<number>(
          `fetch(${JSON.stringify(data.apiUrl)}, { method: 'POST', headers: ${header ? JSON.stringify({ 'X-CSRF-Token': data.csrfToken }) : '{}'} }).then((r) => r.status)`,
        );
      expect(await post(false)).toBe(403);
      expect([200, 503]).toContain(await post(true));
      await shot('host-open');
      await context.close();
    });

    it('switches to phone only when the type offers it: no number refused in words; a first meeting with a reason; tel: link', async () => {
      // The fixture's follow-up has no phone: no phone button.
      const plain = await booked({ startsAt: '2027-03-04T14:00:00+01:00' });
      const { context } = await signedIn(cw.id);
      await page.goto(`/staff/appointments/${plain.id}`);
      await see(page.getByRole('button', { name: 'Switch to video meeting' })).toBeVisible();
      await see(page.getByRole('button', { name: 'Switch to phone call' })).toHaveCount(0);

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
            modes: ['in_person', 'video', 'phone'],
          })
          .expect(201)
      ).body.id as string;
      await app.ctx
        .http()
        .put(`/api/v1/caseworkers/${cw.id}/working-hours`)
        .set(bearer(f.unit.adminToken))
        .send(WEEKDAY_HOURS.map((h) => (h.start === '13:00' ? { ...h, modes: ['in_person', 'video', 'phone'] } : h)))
        .expect(200);
      const bookPhoneType = async (phone: string | null, startsAt: string) => {
        const client = await app.ctx
          .http()
          .post(`/api/v1/units/${f.unit.id}/clients`)
          .set(bearer(cw.token))
          .send({
            name: `Client ${++n}`,
            email: `client-${n}-${Date.now()}@example.org`,
            locale: 'en',
            caseworkerId: cw.id,
            ...(phone ? { phone } : {}),
          })
          .expect(201);
        const a = await app.ctx
          .http()
          .post('/api/v1/appointments')
          .set(bearer(cw.token))
          .send({
            caseworkerId: cw.id,
            clientId: client.body.id,
            meetingTypeId: phoneType,
            startsAt,
            mode: 'in_person',
          })
          .expect(201);
        return a.body.id as string;
      };

      // No number: refused in words, nothing changed.
      const mute = await bookPhoneType(null, '2027-03-04T15:00:00+01:00');
      await page.goto(`/staff/appointments/${mute}`);
      await page.getByRole('button', { name: 'Switch to phone call' }).click();
      await see(page.getByRole('alert').first()).toContainText('The client has no phone number.');
      expect((await row(mute)).mode).toBe('in_person');

      // A number, but a first meeting: the override step for phone, then switched; the number as a tel: link.
      const caller = await bookPhoneType('070-765 43 21', '2027-03-05T14:00:00+01:00');
      await page.goto(`/staff/appointments/${caller}`);
      await page.getByRole('button', { name: 'Switch to phone call' }).click();
      await page.getByLabel('Reason for holding it by phone').fill('The client is abroad this week.');
      await page.getByRole('button', { name: 'Switch to phone with this reason' }).click();
      await see(page.getByRole('status')).toContainText('mode was changed');
      expect((await row(caller)).mode).toBe('phone');
      await see(page.locator('a[href="tel:+46707654321"]').first()).toBeVisible();
      await see(page.getByRole('button', { name: 'Switch to in person' })).toBeVisible();
      await expectAccessible(page, 'phone meeting panel');
      await context.close();
    });

    it('cancels with a reason, keyboard only: the reason is required, and the client receives a CANCEL', async () => {
      const a = await booked({ startsAt: '2027-03-04T09:00:00+01:00' });
      await sink.waitFor((m) => to(a.email)(m) && invite(m)?.method === 'REQUEST');
      const { context } = await signedIn(cw.id);
      await page.goto(`/staff/appointments/${a.id}`);
      const focused = () =>
        page.evaluate<string>('(document.activeElement && document.activeElement.textContent || "").trim()');
      let presses = 0;
      while ((await focused()) !== 'Cancel appointment') {
        await page.keyboard.press('Tab');
        if (++presses > 60) throw new Error('Cancel appointment is not reachable with Tab');
      }
      await page.keyboard.press('Enter');
      await see(page.getByRole('heading', { name: 'Cancel this appointment' })).toBeVisible();
      // Tab to the reason field, then to the button; first with no reason at all.
      const reason = page.getByLabel('Reason for cancelling');
      presses = 0;
      while (!(await reason.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement))) {
        await page.keyboard.press('Tab');
        if (++presses > 60) throw new Error('the reason field is not reachable with Tab');
      }
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('Cancel the appointment');
      await page.keyboard.press('Enter');
      await see(page.locator('.error-summary')).toContainText('Write why the appointment is cancelled.');
      await expectAccessible(page, 'cancel reason required');
      await shot('cancel-error');
      expect((await row(a.id)).status).toBe('confirmed');
      await reason.focus();
      await page.keyboard.type('The client phoned: moved abroad.');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await see(page.getByRole('status')).toContainText('The appointment was cancelled');
      await see(page.locator('.summary').first()).toContainText('Cancelled');
      await see(page.locator('.summary').first()).toContainText('The client phoned: moved abroad.');
      expect(await row(a.id)).toMatchObject({ status: 'cancelled', cancel_reason: 'The client phoned: moved abroad.' });
      const [cancel] = await sink.waitFor((m) => to(a.email)(m) && invite(m)?.method === 'CANCEL');
      expect(invite(cancel)?.sequence).toBe(1);
      await see(page.getByRole('button', { name: 'Resend the invite' })).toHaveCount(0);
      await shot('cancelled');
      await context.close();
    });

    it('marks attendance only once the meeting has started, saying why before', async () => {
      const a = await booked({ startsAt: '2027-03-04T10:00:00+01:00' });
      const { context } = await signedIn(cw.id);
      await page.goto(`/staff/appointments/${a.id}`);
      await page.getByRole('button', { name: 'Mark attended' }).click();
      await see(page.getByRole('alert')).toContainText('Attendance can be marked once the meeting has started.');
      expect((await row(a.id)).status).toBe('confirmed');
      await expectAccessible(page, 'attendance before the start');
      await shot('attendance-refused');
      // Two days on, the first session has long gone idle: sign in again.
      app.ctx.clock.set('2027-03-04T09:10:00.000Z');
      await signInBrowser(app.ctx, context, app.baseUrl, cw.id);
      await page.goto(`/staff/appointments/${a.id}`);
      await page.getByRole('button', { name: 'Mark attended' }).click();
      await see(page.getByRole('status')).toContainText('Marked as attended.');
      await see(page.locator('.summary').first()).toContainText('Attended');
      await see(page.getByRole('table')).toContainText('Marked as attended');
      expect((await row(a.id)).status).toBe('completed');
      // A mistake is corrected with the other button.
      await see(page.getByRole('button', { name: 'Mark attended' })).toHaveCount(0);
      await page.getByRole('button', { name: 'Mark no-show' }).click();
      await see(page.getByRole('status')).toContainText('Marked as no-show.');
      expect((await row(a.id)).status).toBe('no_show');
      await context.close();
    });

    it('resends the invite: a new mail with the same UID and SEQUENCE, audited', async () => {
      const a = await booked({ startsAt: '2027-03-04T11:00:00+01:00' });
      const [first] = await sink.waitFor((m) => to(a.email)(m) && invite(m)?.method === 'REQUEST');
      const { context } = await signedIn(cw.id);
      await page.goto(`/staff/appointments/${a.id}`);
      await page.getByRole('button', { name: 'Resend the invite' }).click();
      await see(page.getByRole('status')).toContainText('The invite was sent to the client again.');
      const mails = await sink.waitFor((m) => to(a.email)(m) && invite(m)?.method === 'REQUEST', 2);
      expect(invite(mails[1])).toEqual(invite(first));
      const audit = await app.ctx.db.query<Array<{ actor_id: string }>>(
        `SELECT actor_id FROM audit_events WHERE action = 'appointment.invite_resent' AND appointment_id = $1`,
        [a.id],
      );
      expect(audit).toEqual([{ actor_id: cw.id }]);
      await see(page.getByRole('table')).toContainText('Invite sent again');
      expect((await row(a.id)).sequence).toBe(0);
      await context.close();
    });

    it('reads in Swedish, fits 768 px without sideways scrolling, and is axe-clean read-only for a colleague', async () => {
      const a = await booked({ startsAt: '2027-03-05T09:00:00+01:00' });
      const sv = await signedIn(cw.id, 'sv-SE', 768);
      await page.goto(`/staff/appointments/${a.id}`);
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Möte: Follow-up (internal)');
      await see(page.getByRole('link', { name: 'Boka om' })).toBeVisible();
      await see(page.locator('.summary').first()).toContainText('fredag 5 mars 2027');
      await see(page.getByRole('heading', { name: 'Historik' })).toBeVisible();
      expect(await scrollWidth(page)).toBeLessThanOrEqual(768);
      await expectAccessible(page, 'panel in Swedish at 768 px');
      await shot('sv-768');
      await page.getByRole('link', { name: 'Boka om' }).click();
      expect(await scrollWidth(page)).toBeLessThanOrEqual(768);
      await shot('sv-768-reschedule');
      await sv.context.close();
      const ro = await signedIn(colleague.id);
      await page.goto(`/staff/appointments/${a.id}`);
      await see(page.getByText('This is a colleague’s appointment')).toBeVisible();
      await expectAccessible(page, 'read-only panel');
      await ro.context.close();
    });
  });
});
