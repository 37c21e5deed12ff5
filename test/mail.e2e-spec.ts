import * as ical from 'node-ical';
import { bearer, createTestContext, TestContext } from './support/test-app';
import { BookingFixture, bookingFixture, countRows, newClient, person } from './support/booking-fixture';
import { calendarPart, linksIn, ReceivedMail, SmtpSink } from './support/smtp-sink';

// Monday 2027-03-01 07:00 in Stockholm.
const NOW = '2027-03-01T06:00:00.000Z';
const INTERNAL_NAMES = ['Intake (internal)', 'Follow-up (internal)', 'first-meeting', 'follow-up'];

function vevent(m: ReceivedMail) {
  const part = calendarPart(m);
  if (!part) throw new Error(`no calendar part in "${m.parsed.subject}"`);
  const parsed = ical.sync.parseICS(part.content);
  const event = Object.values(parsed).find((c) => c?.type === 'VEVENT') as ical.VEvent & { sequence?: string; class?: string };
  return { method: part.method, content: part.content, event };
}

describe('mail: invites and delivery over real SMTP', () => {
  let ctx: TestContext;
  let sink: SmtpSink;
  let f: BookingFixture;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    ctx = await createTestContext({ SMTP_URL: sink.url, JOBS_ENABLED: 'true', JOB_RETRY_DELAY_SECONDS: '1', JOB_RETRY_LIMIT: '12' });
    ctx.clock.set(NOW);
    f = await bookingFixture(ctx);
  });
  afterAll(async () => {
    await ctx.close();
    await sink.stop();
  });

  const to = (email: string) => (m: ReceivedMail) => m.parsed.to !== undefined && JSON.stringify(m.parsed.to).includes(email);

  it('booking → confirm mail → confirm link → confirmed invite; reschedule → SEQUENCE + 1; cancel → CANCEL', async () => {
    const client = { ...person('Sara Lind'), locale: 'en' };
    const booked = await ctx.http().post(`/api/v1/public/units/${f.unit.slug}/bookings`).send({ meetingTypeId: f.intakeId, startsAt: '2027-03-02T09:00:00+01:00', mode: 'in_person', client }).expect(201);
    expect(booked.body.status).toBe('held');

    const [hold] = await sink.waitFor(to(client.email));
    expect(hold.parsed.subject).toContain('Appointment — Test City');
    expect(calendarPart(hold)).toBeNull();
    const confirmUrl = linksIn(hold).find((l) => l.includes('/confirm/'))!;
    expect(confirmUrl).toMatch(/^http:\/\/samtal\.test\/confirm\/[A-Za-z0-9_-]{43}$/);
    const confirmed = await ctx.http().post(`/api/v1/public/confirm/${confirmUrl.split('/').pop()}`).expect(200);
    expect(confirmed.body.status).toBe('confirmed');

    const [, confirmation] = await sink.waitFor(to(client.email), 2);
    const invite = vevent(confirmation);
    expect(invite.method).toBe('REQUEST');
    expect(invite.event.uid).toBe(`${booked.body.id}@samtal.test`);
    expect(Number(invite.event.sequence)).toBe(0);
    expect(new Date(invite.event.start as unknown as string).toISOString()).toBe('2027-03-02T08:00:00.000Z');
    expect(invite.content).toContain('CLASS:PRIVATE');
    expect(invite.content).toMatch(/BEGIN:VTIMEZONE[\s\S]*TZID:Europe\/Stockholm/);

    await ctx.http().post(`/api/v1/appointments/${booked.body.id}/reschedule`).set(bearer(f.unit.adminToken)).send({ startsAt: '2027-03-03T10:00:00+01:00' }).expect(200);
    const [, , rescheduled] = await sink.waitFor(to(client.email), 3);
    const update = vevent(rescheduled);
    expect(update.method).toBe('REQUEST');
    expect(update.event.uid).toBe(invite.event.uid);
    expect(Number(update.event.sequence)).toBe(1);

    await ctx.http().post(`/api/v1/appointments/${booked.body.id}/cancel`).set(bearer(f.unit.adminToken)).send({}).expect(200);
    const [, , , cancelled] = await sink.waitFor(to(client.email), 4);
    const cancel = vevent(cancelled);
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.event.uid).toBe(invite.event.uid);
    expect(Number(cancel.event.sequence)).toBe(2);

    for (const m of [hold, confirmation, rescheduled, cancelled]) {
      for (const name of INTERNAL_NAMES) {
        expect(m.parsed.subject).not.toContain(name);
        expect(calendarPart(m)?.content ?? '').not.toContain(name);
      }
    }
    // One update per change: no duplicate sends for the same notification.
    expect(new Set(sink.mails.filter(to(client.email)).map((m) => m.parsed.messageId)).size).toBe(4);
  });

  it.each([
    ['sv', /Bokning|bokning|möte/, '09:00'],
    ['de', /Termin/, '10:00'],
  ])('writes to a client with locale %s in that language', async (locale, pattern, hhmm) => {
    const c = await newClient(ctx, f, f.caseworkers[0].id, locale);
    const email = (await ctx.db.query(`SELECT email FROM clients WHERE id = $1`, [c.id]))[0].email;
    await ctx.http().post(`/api/v1/me/${c.token}/appointments`).send({ meetingTypeId: f.followUpId, startsAt: `2027-03-04T${hhmm}:00+01:00`, mode: 'in_person' }).expect(201);
    const [mail] = await sink.waitFor(to(email));
    expect(`${mail.parsed.subject}\n${mail.parsed.text}`).toMatch(pattern);
    expect(mail.parsed.html).toContain(`lang="${locale}"`);
  });

  it('SMTP down while three bookings are made, then up: each mail arrives exactly once', async () => {
    const port = sink.port;
    await sink.stop();
    const people = [person('A One'), person('B Two'), person('C Three')];
    const clients = await Promise.all(people.map(async (p) => {
      const res = await ctx.http().post(`/api/v1/units/${f.unit.id}/clients`).set(bearer(f.unit.adminToken)).send({ ...p, caseworkerId: f.caseworkers[0].id }).expect(201);
      return res.body.id as string;
    }));
    await Promise.all(clients.map((clientId, i) =>
      ctx.http().post('/api/v1/appointments').set(bearer(f.unit.adminToken)).send({ caseworkerId: f.caseworkers[0].id, clientId, meetingTypeId: f.followUpId, startsAt: `2027-03-05T${['09:00', '10:00', '11:00'][i]}:00+01:00`, mode: 'in_person' }).expect(201)));
    // Let the worker fail at least once against the closed port.
    const until = Date.now() + 15_000;
    while ((await countRows(ctx, `SELECT 1 FROM pgboss.job WHERE name = 'notify' AND state = 'retry'`)) === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    await expect(countRows(ctx, `SELECT 1 FROM pgboss.job WHERE name = 'notify' AND state = 'retry'`)).resolves.toBeGreaterThan(0);
    await sink.start(port);
    for (const p of people) await sink.waitFor(to(p.email), 1, 30_000);
    await new Promise((r) => setTimeout(r, 2000));
    for (const p of people) expect(sink.mails.filter(to(p.email))).toHaveLength(1);
  });

  it('a booking that is rolled back sends no mail', async () => {
    const c = await newClient(ctx, f, f.caseworkers[0].id);
    const email = (await ctx.db.query(`SELECT email FROM clients WHERE id = $1`, [c.id]))[0].email;
    await ctx.http().post(`/api/v1/me/${c.token}/appointments`).send({ meetingTypeId: f.followUpId, startsAt: '2027-03-04T09:00:00+01:00', mode: 'in_person' }).expect(409);
    await new Promise((r) => setTimeout(r, 2500));
    expect(sink.mails.filter(to(email))).toHaveLength(0);
  });

  it('a reminder for a rescheduled or cancelled appointment is not sent', async () => {
    const c = await newClient(ctx, f, f.caseworkers[0].id);
    const email = (await ctx.db.query(`SELECT email FROM clients WHERE id = $1`, [c.id]))[0].email;
    const a = await ctx.http().post(`/api/v1/me/${c.token}/appointments`).send({ meetingTypeId: f.followUpId, startsAt: '2027-03-08T09:00:00+01:00', mode: 'in_person' }).expect(201);
    await ctx.http().post(`/api/v1/appointments/${a.body.id}/cancel`).set(bearer(f.unit.adminToken)).send({}).expect(200);
    // The confirmation may be skipped if the cancellation overtook it; the cancellation always goes.
    await sink.waitFor((m) => to(email)(m) && calendarPart(m)?.method === 'CANCEL');
    // Make the queued reminders due now and let the worker see them.
    await ctx.db.query(`UPDATE pgboss.job SET start_after = now() WHERE name = 'notify' AND data->>'appointmentId' = $1 AND data->>'kind' = 'reminder'`, [a.body.id]);
    const until = Date.now() + 15_000;
    while ((await countRows(ctx, `SELECT 1 FROM pgboss.job WHERE data->>'appointmentId' = $1 AND data->>'kind' = 'reminder' AND state = 'completed'`, [a.body.id])) < 2 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
    }
    await expect(countRows(ctx, `SELECT 1 FROM pgboss.job WHERE data->>'appointmentId' = $1 AND data->>'kind' = 'reminder' AND state = 'completed'`, [a.body.id])).resolves.toBe(2);
    await new Promise((r) => setTimeout(r, 1000));
    const methods = sink.mails.filter(to(email)).map((m) => calendarPart(m)?.method ?? 'no invite (a reminder?)');
    expect(methods[methods.length - 1]).toBe('CANCEL');
    expect(methods.every((x) => x === 'REQUEST' || x === 'CANCEL')).toBe(true);
  });

  it("serves a caseworker's calendar feed with initials only, and rotates its URL", async () => {
    const cw = f.caseworkers[0];
    const first = await ctx.http().get(`/api/v1/caseworkers/${cw.id}/feed-url`).set(bearer(cw.token)).expect(200);
    expect(first.body.url).toMatch(/^http:\/\/samtal\.test\/feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    const path = new URL(first.body.url).pathname;
    const feed = await ctx.http().get(path).expect(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    expect(feed.text).toContain('BEGIN:VCALENDAR');
    expect(feed.text).toMatch(/SUMMARY:[A-Z]\. [A-Z]\./);
    expect(feed.text).not.toContain('Test Person');
    expect(feed.text).not.toContain('@example.org');
    const second = await ctx.http().get(`/api/v1/caseworkers/${cw.id}/feed-url`).set(bearer(cw.token)).expect(200);
    await ctx.http().get(path).expect(404);
    await ctx.http().get(new URL(second.body.url).pathname).expect(200);
  });
});
