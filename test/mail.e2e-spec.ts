import * as ical from 'node-ical';
import { BookingParties } from '../src/appointments/data/booking-parties.read-model';
import { BookingService } from '../src/appointments/booking/booking.service';
import { IdempotencyService } from '../src/appointments/booking/idempotency.service';
import { bearer, createTestContext, TestContext } from './support/test-app';
import { bookingFixture, BookingFixture, countRows, emailOf, newClient, person } from './support/booking-fixture';
import { calendarPart, linksIn, ReceivedMail, SmtpSink } from './support/smtp-sink';
import { sleep } from './support/wait';

// Monday 2027-03-01 07:00 in Stockholm.
const NOW = '2027-03-01T06:00:00.000Z';
const INTERNAL_NAMES = ['Intake (internal)', 'Follow-up (internal)', 'first-meeting', 'follow-up'];
const PUBLIC_NAME = 'Appointment — Test City';

function vevent(m: ReceivedMail) {
  const part = calendarPart(m);
  if (!part) throw new Error(`no calendar part in "${m.parsed.subject}"`);
  const parsed = ical.sync.parseICS(part.content);
  const event = Object.values(parsed).find((c) => c?.type === 'VEVENT') as ical.VEvent & {
    sequence?: string;
    class?: string;
  };
  return { method: part.method, content: part.content, event };
}

describe('mail: invites and delivery over real SMTP', () => {
  let ctx: TestContext;
  let sink: SmtpSink;
  let f: BookingFixture;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    ctx = await createTestContext({
      SMTP_URL: sink.url,
      JOBS_ENABLED: 'true',
      JOB_RETRY_DELAY_SECONDS: '1',
      JOB_RETRY_LIMIT: '12',
    });
    ctx.clock.set(NOW);
    f = await bookingFixture(ctx);
  });
  afterAll(async () => {
    await ctx.close();
    await sink.stop();
  });

  const to = (email: string) => (m: ReceivedMail) =>
    m.parsed.to !== undefined && JSON.stringify(m.parsed.to).includes(email);
  /** Mails are told apart by kind from their subject ("Appointment — <publicName>: reminder"). */
  const kindIs = (subjectEnd: string) => (m: ReceivedMail) => (m.parsed.subject ?? '').endsWith(`: ${subjectEnd}`);

  it('booking → confirm mail → confirm link → confirmed invite; reschedule → SEQUENCE + 1; cancel → CANCEL', async () => {
    const client = { ...person('Sara Lind'), locale: 'en' };
    const booked = await ctx
      .http()
      .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
      .send({ meetingTypeId: f.intakeId, startsAt: '2027-03-02T09:00:00+01:00', mode: 'in_person', client })
      .expect(201);
    expect(booked.body.status).toBe('held');

    const [hold] = await sink.waitFor(to(client.email));
    expect(hold.parsed.subject).toContain('Appointment — Test City');
    expect(calendarPart(hold)).toBeNull();
    const confirmUrl = linksIn(hold).find((l) => l.includes('/confirm/'))!;
    expect(confirmUrl).toMatch(/^http:\/\/samtal\.test\/confirm\/[A-Za-z0-9_-]{43}$/);
    const confirmed = await ctx
      .http()
      .post(`/api/v1/public/confirm/${confirmUrl.split('/').pop()}`)
      .expect(200);
    expect(confirmed.body.status).toBe('confirmed');

    const [, confirmation] = await sink.waitFor(to(client.email), 2);
    const invite = vevent(confirmation);
    expect(invite.method).toBe('REQUEST');
    expect(invite.event.uid).toBe(`${booked.body.id}@samtal.test`);
    expect(Number(invite.event.sequence)).toBe(0);
    expect(new Date(invite.event.start as unknown as string).toISOString()).toBe('2027-03-02T08:00:00.000Z');
    expect(invite.content).toContain('CLASS:PRIVATE');
    expect(invite.content).toMatch(/BEGIN:VTIMEZONE[\s\S]*TZID:Europe\/Stockholm/);
    // The invite lands on shared calendars: no personal-page link in it, and no reply asked for; the
    // mail body keeps the link and says that changes are made from it.
    expect(invite.content.replace(/\r\n[ \t]/g, '')).not.toContain('/me/');
    expect(invite.content.replace(/\r\n[ \t]/g, '')).toContain('RSVP=FALSE');
    expect(linksIn(confirmation).some((l) => l.includes('/me/'))).toBe(true);
    expect(confirmation.parsed.text).toContain('use the link in this email');

    await ctx
      .http()
      .post(`/api/v1/appointments/${booked.body.id}/reschedule`)
      .set(bearer(f.unit.adminToken))
      .send({ startsAt: '2027-03-03T10:00:00+01:00' })
      .expect(200);
    const [, , rescheduled] = await sink.waitFor(to(client.email), 3);
    const update = vevent(rescheduled);
    expect(update.method).toBe('REQUEST');
    expect(update.event.uid).toBe(invite.event.uid);
    expect(Number(update.event.sequence)).toBe(1);

    await ctx
      .http()
      .post(`/api/v1/appointments/${booked.body.id}/cancel`)
      .set(bearer(f.unit.adminToken))
      .send({})
      .expect(200);
    const [, , , cancelled] = await sink.waitFor(to(client.email), 4);
    const cancel = vevent(cancelled);
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.event.uid).toBe(invite.event.uid);
    expect(Number(cancel.event.sequence)).toBe(2);

    for (const m of [hold, confirmation, rescheduled, cancelled]) {
      // The sender is the unit's neutral publicName (rule 8), at MAIL_FROM's address when the unit has no mailbox.
      expect(m.parsed.from?.value).toEqual([{ name: PUBLIC_NAME, address: 'no-reply@samtal.localhost' }]);
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
    const email = await emailOf(ctx, c.id);
    await ctx
      .http()
      .post(`/api/v1/me/${c.token}/appointments`)
      .send({ meetingTypeId: f.followUpId, startsAt: `2027-03-04T${hhmm}:00+01:00`, mode: 'in_person' })
      .expect(201);
    const [mail] = await sink.waitFor(to(email));
    expect(`${mail.parsed.subject}\n${mail.parsed.text}`).toMatch(pattern);
    expect(mail.parsed.html).toContain(`lang="${locale}"`);
  });

  it('SMTP down while three bookings are made, then up: each mail arrives exactly once', async () => {
    const port = sink.port;
    await sink.stop();
    const people = [person('A One'), person('B Two'), person('C Three')];
    const clients = await Promise.all(
      people.map(async (p) => {
        const res = await ctx
          .http()
          .post(`/api/v1/units/${f.unit.id}/clients`)
          .set(bearer(f.unit.adminToken))
          .send({ ...p, caseworkerId: f.caseworkers[0].id })
          .expect(201);
        return res.body.id as string;
      }),
    );
    await Promise.all(
      clients.map((clientId, i) =>
        ctx
          .http()
          .post('/api/v1/appointments')
          .set(bearer(f.unit.adminToken))
          .send({
            caseworkerId: f.caseworkers[0].id,
            clientId,
            meetingTypeId: f.followUpId,
            startsAt: `2027-03-05T${['09:00', '10:00', '11:00'][i]}:00+01:00`,
            mode: 'in_person',
          })
          .expect(201),
      ),
    );
    // Let the worker fail at least once against the closed port.
    const until = Date.now() + 15_000;
    while (
      (await countRows(ctx, `SELECT 1 FROM pgboss.job WHERE name = 'notify' AND state = 'retry'`)) === 0 &&
      Date.now() < until
    )
      await new Promise((r) => setTimeout(r, 200));
    await expect(
      countRows(ctx, `SELECT 1 FROM pgboss.job WHERE name = 'notify' AND state = 'retry'`),
    ).resolves.toBeGreaterThan(0);
    await sink.start(port);
    for (const p of people) await sink.waitFor(to(p.email), 1, 30_000);
    await new Promise((r) => setTimeout(r, 2000));
    for (const p of people) expect(sink.mails.filter(to(p.email))).toHaveLength(1);
  });

  it('a booking rolled back after its mail was queued sends no mail; the same booking committed is mailed once', async () => {
    const c = await newClient(ctx, f, f.caseworkers[0].id);
    const email = await emailOf(ctx, c.id);
    const loader = ctx.app.get(BookingParties);
    const [unit, caseworker, type, client] = await Promise.all([
      loader.unit(f.unit.id),
      loader.caseworker(f.unit.id, f.caseworkers[0].id),
      loader.meetingType(f.unit.id, f.followUpId),
      loader.client(f.unit.id, c.id),
    ]);
    const start = '2027-03-10T09:00:00+01:00';
    let queuedBeforeFailure: string[] = [];
    {
      // The failure comes after the booking queued its jobs (storing the idempotent response), with the worker running.
      await expect(
        ctx.app.get(IdempotencyService).idempotent('mail-test', 'rolled-back', 'h', async (m) => {
          const a = await ctx.app.get(BookingService).book(
            {
              unit,
              type,
              mode: 'in_person',
              start: new Date(start),
              actor: { type: 'staff', id: f.unit.adminId },
              createdBy: 'staff',
              caseworkers: [caseworker],
              client,
            },
            m,
          );
          // Seen from inside the transaction: the jobs are there, uncommitted.
          const jobs = await m!.query<Array<{ name: string }>>(
            `SELECT name FROM pgboss.job WHERE data->>'appointmentId' = $1`,
            [a.id],
          );
          queuedBeforeFailure = jobs.map((j) => j.name);
          throw new Error('boom after enqueue');
        }),
      ).rejects.toThrow('boom after enqueue');
    }
    expect(queuedBeforeFailure).toContain('notify');
    // The same booking again, committed: its mail arrives, and it is the only one.
    const booked = await ctx
      .http()
      .post(`/api/v1/me/${c.token}/appointments`)
      .send({ meetingTypeId: f.followUpId, startsAt: start, mode: 'in_person' })
      .expect(201);
    await sink.waitFor(to(email));
    await sleep(2500);
    const mails = sink.mails.filter(to(email));
    expect(mails).toHaveLength(1);
    expect(vevent(mails[0]).event.uid).toBe(`${booked.body.id}@samtal.test`);
  });

  it('reminders carry the current invite; a cancelled or rescheduled appointment gets none for its old time, and a reschedule sends one update', async () => {
    const [gone, moved] = await Promise.all([
      newClient(ctx, f, f.caseworkers[0].id, 'en'),
      newClient(ctx, f, f.caseworkers[0].id, 'en'),
    ]);
    const [goneEmail, movedEmail] = await Promise.all([emailOf(ctx, gone.id), emailOf(ctx, moved.id)]);
    const a = await ctx
      .http()
      .post(`/api/v1/me/${gone.token}/appointments`)
      .send({ meetingTypeId: f.followUpId, startsAt: '2027-03-08T09:00:00+01:00', mode: 'in_person' })
      .expect(201);
    const b = await ctx
      .http()
      .post(`/api/v1/me/${moved.token}/appointments`)
      .send({ meetingTypeId: f.followUpId, startsAt: '2027-03-08T10:00:00+01:00', mode: 'in_person' })
      .expect(201);
    await ctx
      .http()
      .post(`/api/v1/appointments/${a.body.id}/cancel`)
      .set(bearer(f.unit.adminToken))
      .send({})
      .expect(200);
    await ctx
      .http()
      .post(`/api/v1/appointments/${b.body.id}/reschedule`)
      .set(bearer(f.unit.adminToken))
      .send({ startsAt: '2027-03-09T10:00:00+01:00' })
      .expect(200);
    // The confirmation may be skipped if the change overtook it; the cancellation and the update always go.
    await sink.waitFor((m) => to(goneEmail)(m) && calendarPart(m)?.method === 'CANCEL');
    await sink.waitFor((m) => to(movedEmail)(m) && kindIs('new time')(m));

    // Make every queued reminder due now: two for the cancelled one, two for b's old time, two for its new time.
    const ids = [a.body.id, b.body.id];
    const reminders = `SELECT 1 FROM pgboss.job WHERE name = 'notify' AND data->>'appointmentId' = ANY($1) AND data->>'kind' = 'reminder'`;
    await expect(countRows(ctx, reminders, [ids])).resolves.toBe(6);
    await ctx.db.query(
      `UPDATE pgboss.job SET start_after = now() WHERE name = 'notify' AND data->>'appointmentId' = ANY($1) AND data->>'kind' = 'reminder'`,
      [ids],
    );
    const until = Date.now() + 15_000;
    while ((await countRows(ctx, `${reminders} AND state = 'completed'`, [ids])) < 6 && Date.now() < until)
      await sleep(200);
    await expect(countRows(ctx, `${reminders} AND state = 'completed'`, [ids])).resolves.toBe(6);
    await sleep(1000);

    expect(sink.mails.filter((m) => to(goneEmail)(m) && kindIs('reminder')(m))).toHaveLength(0);
    const sent = sink.mails.filter((m) => to(movedEmail)(m) && kindIs('reminder')(m));
    expect(sent).toHaveLength(2);
    for (const m of sent) {
      const invite = vevent(m);
      expect(invite.method).toBe('REQUEST');
      expect(invite.event.uid).toBe(`${b.body.id}@samtal.test`);
      expect(Number(invite.event.sequence)).toBe(1);
      expect(new Date(invite.event.start as unknown as string).toISOString()).toBe('2027-03-09T09:00:00.000Z');
      expect(m.parsed.text).toMatch(/9 March 2027.*10:00–10:45/);
    }
    expect(sink.mails.filter((m) => to(movedEmail)(m) && kindIs('new time')(m))).toHaveLength(1);
  });

  it('queued mails hold ids only: no token, no link, no address in any notify job, whatever its kind', async () => {
    const cw = f.caseworkers[0];
    await ctx
      .http()
      .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
      .send({ meetingTypeId: f.intakeId, startsAt: '2027-03-11T09:00:00+01:00', mode: 'in_person', client: person() })
      .expect(201);
    const c = await newClient(ctx, f, cw.id, 'en');
    const video = await ctx
      .http()
      .post('/api/v1/appointments')
      .set(bearer(f.unit.adminToken))
      .send({
        caseworkerId: cw.id,
        clientId: c.id,
        meetingTypeId: f.followUpId,
        startsAt: '2027-03-11T13:00:00+01:00',
        mode: 'video',
        firstMeetingOverrideReason: 'Client asked for video',
      })
      .expect(201);
    await ctx
      .http()
      .post(`/api/v1/appointments/${video.body.id}/reschedule`)
      .set(bearer(f.unit.adminToken))
      .send({ startsAt: '2027-03-11T14:00:00+01:00' })
      .expect(200);
    await ctx
      .http()
      .post(`/api/v1/appointments/${video.body.id}/mode`)
      .set(bearer(f.unit.adminToken))
      .send({ mode: 'in_person' })
      .expect(200);
    await ctx
      .http()
      .post(`/api/v1/appointments/${video.body.id}/cancel`)
      .set(bearer(f.unit.adminToken))
      .send({})
      .expect(200);
    await ctx.http().post(`/api/v1/clients/${c.id}/personal-link`).set(bearer(f.unit.adminToken)).expect(202);

    const jobs: Array<{ kind: string; data: string }> = await ctx.db.query(
      `SELECT data->>'kind' AS kind, data::text AS data FROM pgboss.job WHERE name = 'notify'
       UNION ALL SELECT data->>'kind', data::text FROM pgboss.archive WHERE name = 'notify'`,
    );
    expect(new Set(jobs.map((j) => j.kind))).toEqual(
      new Set(['hold', 'confirmed', 'rescheduled', 'mode_changed', 'cancelled', 'reminder', 'personal_link']),
    );
    for (const { data } of jobs) {
      expect(data).not.toMatch(/[A-Za-z0-9_-]{43}/);
      expect(data).not.toMatch(/https?:|\/(me|join|confirm)\//);
      expect(data).not.toContain('@');
    }
  });

  it("sends as the unit's publicName from the unit's own mailbox when it has one", async () => {
    const g = await bookingFixture(ctx, { settings: { mailbox: 'bokning@stad.example' } });
    const c = await newClient(ctx, g, g.caseworkers[0].id);
    const email = await emailOf(ctx, c.id);
    await ctx
      .http()
      .post(`/api/v1/me/${c.token}/appointments`)
      .send({ meetingTypeId: g.followUpId, startsAt: '2027-03-04T09:00:00+01:00', mode: 'in_person' })
      .expect(201);
    const [mail] = await sink.waitFor(to(email));
    expect(mail.parsed.from?.value).toEqual([{ name: PUBLIC_NAME, address: 'bokning@stad.example' }]);
    expect(vevent(mail).content).toMatch(/ORGANIZER;CN="?Appointment — Test City"?:mailto:bokning@stad\.example/);
  });

  it("serves a caseworker's calendar feed with initials only, at a URL that stays until it is rotated", async () => {
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
    // Asking again gives the same URL: the subscribed calendar keeps working.
    const again = await ctx.http().get(`/api/v1/caseworkers/${cw.id}/feed-url`).set(bearer(cw.token)).expect(200);
    expect(again.body.url).toBe(first.body.url);
    // The token is stored only hashed.
    const token = path.slice('/feeds/'.length, -'.ics'.length);
    await expect(
      countRows(
        ctx,
        `SELECT 1 FROM capability_tokens WHERE purpose = 'feed' AND token_hash = sha256(convert_to($1, 'UTF8'))`,
        [token],
      ),
    ).resolves.toBe(1);
    await expect(
      countRows(ctx, `SELECT 1 FROM capability_tokens t WHERE t::text LIKE '%' || $1 || '%'`, [token]),
    ).resolves.toBe(0);
    // Another caseworker cannot read it; rotating retires the old URL at once.
    const other = await ctx.newCaseworker(f.unit);
    await ctx.http().get(`/api/v1/caseworkers/${cw.id}/feed-url`).set(bearer(other.token)).expect(403);
    const rotated = await ctx
      .http()
      .post(`/api/v1/caseworkers/${cw.id}/feed-url/rotate`)
      .set(bearer(cw.token))
      .expect(200);
    expect(rotated.body.url).not.toBe(first.body.url);
    await ctx.http().get(path).expect(404);
    await ctx.http().get(new URL(rotated.body.url).pathname).expect(200);
    const afterRotate = await ctx.http().get(`/api/v1/caseworkers/${cw.id}/feed-url`).set(bearer(cw.token)).expect(200);
    expect(afterRotate.body.url).toBe(rotated.body.url);
  });
});
