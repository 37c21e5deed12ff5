import request from 'supertest';
import { AppointmentLifecycle } from '../src/appointments/changes/appointment-lifecycle';
import { bearer, createTestContext, TestContext } from './support/test-app';
import {
  bookingFixture,
  BookingFixture,
  countRows,
  emailOf,
  newClient,
  person,
  publicBooks,
} from './support/booking-fixture';
import { mailedLinks } from './support/mailbox';

// Monday 2027-03-01 07:00 in Stockholm.
const NOW = '2027-03-01T06:00:00.000Z';
const MINUTE = 60_000;

/** Distinct intake slots (60 min on a 30-min grid, Mon–Fri 08–12 and 13–16 local): one per booking. */
const SLOTS = [2, 3, 4, 5, 8, 9, 10, 11, 12, 15, 16, 17, 18, 19].flatMap((day) =>
  [8, 9, 10, 11, 13, 14, 15].map(
    (h) => `2027-03-${String(day).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00+01:00`,
  ),
);

describe('unconfirmed holds: limits, expiry, and the returning client', () => {
  let ctx: TestContext;
  let f: BookingFixture;
  let next = 0;
  const slot = () => SLOTS[next++];

  beforeAll(async () => {
    // TRUST_PROXY=loopback: supertest connects from 127.0.0.1, so X-Forwarded-For names the client.
    ctx = await createTestContext({ TRUST_PROXY: 'loopback' });
    f = await bookingFixture(ctx);
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterAll(() => ctx.close());

  const book = (client: { name: string; email: string }, ip = '198.51.100.1', slug = f.unit.slug) =>
    publicBooks(ctx.http(), f, { startsAt: slot(), client, ip, slug });
  const confirm = async (appointmentId: string) => {
    const token = (await mailedLinks(ctx, appointmentId, 'hold')).confirm.split('/').pop();
    return ctx.http().post(`/api/v1/public/confirm/${token}`).expect(200);
  };
  const heldFor = (email: string) =>
    countRows(
      ctx,
      `SELECT 1 FROM appointments a JOIN clients c ON c.id = a.client_id WHERE lower(c.email) = lower($1) AND a.status = 'held'`,
      [email],
    );

  describe('limits', () => {
    it('a third hold with one email is 429 HOLD_LIMIT_REACHED, whatever the letter case; a confirmed or expired hold frees a place', async () => {
      const p = person('Holder One');
      const first = await book(p, '198.51.100.10').expect(201);
      await book({ ...p, email: p.email.toUpperCase() }, '198.51.100.11').expect(201);
      const third = await book({ ...p, name: 'Someone Else' }, '198.51.100.12').expect(429);
      expect(third.body).toMatchObject({ statusCode: 429, code: 'HOLD_LIMIT_REACHED' });
      await expect(heldFor(p.email)).resolves.toBe(2);
      await confirm(first.body.id);
      const fourth = await book(p, '198.51.100.13').expect(201);
      await book(p, '198.51.100.14').expect(429);
      ctx.clock.set(fourth.body.holdExpiresAt); // the holds made at NOW have expired
      await book(p, '198.51.100.15').expect(201);
    });

    it('per address: maxHoldsPerIp holds from one IPv4 address or one IPv6 /64, whatever the emails; the address is stored only hashed, while held', async () => {
      await ctx
        .http()
        .patch(`/api/v1/units/${f.unit.id}`)
        .set(bearer(f.unit.adminToken))
        .send({ maxHoldsPerIp: 3 })
        .expect(200);
      try {
        const v4 = [];
        for (let i = 0; i < 3; i++) v4.push(await book(person(), '203.0.113.50').expect(201));
        const refused = await book(person(), '203.0.113.50').expect(429);
        expect(refused.body.code).toBe('HOLD_LIMIT_REACHED');
        await book(person(), '203.0.113.51').expect(201);

        for (const ip of ['2001:db8:aa:bb::1', '2001:db8:aa:bb:abcd::2', '2001:0db8:00aa:00bb:ffff:ffff:ffff:3'])
          await book(person(), ip).expect(201);
        await book(person(), '2001:db8:aa:bb:1:2:3:4').expect(429);
        await book(person(), '2001:db8:aa:bc::1').expect(201);

        const rows = await ctx.db.query(`SELECT holder_ip_hash FROM appointments WHERE id = ANY($1)`, [
          v4.map((r) => r.body.id),
        ]);
        expect(new Set(rows.map((r: { holder_ip_hash: string }) => r.holder_ip_hash)).size).toBe(1);
        expect(rows[0].holder_ip_hash).not.toContain('203.0.113');
        await confirm(v4[0].body.id);
        await expect(
          ctx.db.query(`SELECT holder_ip_hash FROM appointments WHERE id = $1`, [v4[0].body.id]),
        ).resolves.toEqual([{ holder_ip_hash: null }]);
        await book(person(), '203.0.113.50').expect(201);
      } finally {
        await ctx
          .http()
          .patch(`/api/v1/units/${f.unit.id}`)
          .set(bearer(f.unit.adminToken))
          .send({ maxHoldsPerIp: 5 })
          .expect(200);
      }
    });

    it('10 parallel bookings with one email: at most maxHoldsPerEmail are held, the rest 429, no 5xx', async () => {
      const p = person('Parallel Booker');
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => book(p, `198.51.100.${100 + i}`)));
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 201, 429, 429, 429, 429, 429, 429, 429, 429]);
      await expect(heldFor(p.email)).resolves.toBe(2);
    });

    it('the booking page shows the refusal at the email field, in the visitor’s language', async () => {
      const p = person('Page Booker');
      await book(p).expect(201);
      await book(p).expect(201);
      const expected = {
        en: 'Too many bookings from this email address or this connection are waiting for confirmation.',
        sv: 'För många bokningar från den här e-postadressen eller anslutningen väntar på bekräftelse.',
        de: 'Zu viele Buchungen von dieser E-Mail-Adresse oder dieser Verbindung warten auf Bestätigung.',
      };
      for (const [lang, text] of Object.entries(expected)) {
        const agent = request.agent(ctx.app.getHttpServer());
        const start = new Date(slot()).toISOString();
        const form = await agent
          .get(`/book/${f.unit.slug}`)
          .query({ type: f.intakeId, start })
          .set('Accept-Language', lang)
          .expect(200);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
        const res = await agent
          .post(`/book/${f.unit.slug}`)
          .type('form')
          .set('Accept-Language', lang)
          .set('X-Forwarded-For', '198.51.100.200')
          .send({
            _csrf: csrf,
            type: f.intakeId,
            start,
            mode: 'in_person',
            name: p.name,
            email: p.email,
            locale: lang,
          });
        expect(res.status).toBe(429);
        expect(res.text).toContain(text);
        expect(res.text).toMatch(/id="email"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="email"/);
      }
    });

    it('staff bookings are not holds and are not limited', async () => {
      const c = await newClient(ctx, f, f.caseworkers[0].id);
      for (let i = 0; i < 3; i++) {
        await ctx
          .http()
          .post('/api/v1/appointments')
          .set(bearer(f.unit.adminToken))
          .send({
            caseworkerId: f.caseworkers[0].id,
            clientId: c.id,
            meetingTypeId: f.intakeId,
            startsAt: slot(),
            mode: 'in_person',
          })
          .expect(201);
      }
    });
  });

  describe('expiry', () => {
    it('a hold released by a later booking of its slot is deleted with its client when the job runs', async () => {
      const p = person('Late Confirmer');
      const start = slot();
      const held = await publicBooks(ctx.http(), f, { startsAt: start, client: p }).expect(201);
      ctx.clock.advance(30 * MINUTE);
      await publicBooks(ctx.http(), f, { startsAt: start }).expect(201);
      await expect(
        ctx.db.query(`SELECT status, cancel_reason FROM appointments WHERE id = $1`, [held.body.id]),
      ).resolves.toEqual([{ status: 'cancelled', cancel_reason: 'hold_expired' }]);
      await ctx.app.get(AppointmentLifecycle).expireHold(held.body.id, ctx.clock.now());
      await expect(countRows(ctx, `SELECT 1 FROM appointments WHERE id = $1`, [held.body.id])).resolves.toBe(0);
      await expect(countRows(ctx, `SELECT 1 FROM clients WHERE email = $1`, [p.email])).resolves.toBe(0);
    });

    it('the job leaves a confirmed booking alone, and a hold before its expiry', async () => {
      const held = await book(person()).expect(201);
      await ctx.app.get(AppointmentLifecycle).expireHold(held.body.id, new Date(Date.parse(NOW) + 30 * MINUTE - 1));
      await expect(
        countRows(ctx, `SELECT 1 FROM appointments WHERE id = $1 AND status = 'held'`, [held.body.id]),
      ).resolves.toBe(1);
      await confirm(held.body.id);
      await ctx.app.get(AppointmentLifecycle).expireHold(held.body.id, new Date(Date.parse(NOW) + 60 * MINUTE));
      await expect(
        countRows(
          ctx,
          `SELECT 1 FROM appointments a JOIN clients c ON c.id = a.client_id WHERE a.id = $1 AND a.status = 'confirmed'`,
          [held.body.id],
        ),
      ).resolves.toBe(1);
    });
  });

  describe('the returning client', () => {
    it('confirmed: one client row, the appointment on it, audited; the public answer was the same as for an unknown email; video then follows the history', async () => {
      const cw = f.caseworkers[0].id;
      const known = await newClient(ctx, f, cw);
      const email = await emailOf(ctx, known.id);
      await ctx
        .http()
        .post('/api/v1/appointments')
        .set(bearer(f.unit.adminToken))
        .send({
          caseworkerId: cw,
          clientId: known.id,
          meetingTypeId: f.followUpId,
          startsAt: '2027-02-22T09:00:00+01:00',
          mode: 'in_person',
        })
        .expect(201);

      const returning = await book({ name: 'Returning Under Another Name', email: email.toUpperCase() }).expect(201);
      const stranger = await book(person()).expect(201);
      // Before the confirmation nothing says that the email is known.
      expect(Object.keys(returning.body).sort()).toEqual(Object.keys(stranger.body).sort());
      expect(returning.body.status).toBe('held');
      expect(returning.body.clientId).not.toBe(known.id);
      const duplicate = returning.body.clientId;

      const token = (await mailedLinks(ctx, returning.body.id, 'hold')).confirm.split('/').pop();
      const confirmed = await ctx.http().post(`/api/v1/public/confirm/${token}`).expect(200);
      expect(confirmed.body).toMatchObject({ id: returning.body.id, status: 'confirmed', clientId: known.id });
      await expect(
        ctx.db.query(`SELECT id, name FROM clients WHERE unit_id = $1 AND lower(email) = $2`, [f.unit.id, email]),
      ).resolves.toEqual([{ id: known.id, name: expect.not.stringContaining('Returning') }]);
      await expect(
        ctx.db.query(`SELECT client_id FROM appointments WHERE id = $1`, [returning.body.id]),
      ).resolves.toEqual([{ client_id: known.id }]);
      await expect(
        ctx.db.query(
          `SELECT actor_type, client_id, details FROM audit_events WHERE action = 'client.merged' AND appointment_id = $1`,
          [returning.body.id],
        ),
      ).resolves.toEqual([{ actor_type: 'client', client_id: known.id, details: { duplicateClientId: duplicate } }]);
      // The mailed link still works, for the known client now: confirming again is harmless.
      await ctx.http().post(`/api/v1/public/confirm/${token}`).expect(200);

      // The confirmation mail's link is the known client's page, with the whole history on it.
      const manage = (await mailedLinks(ctx, returning.body.id, 'confirmed')).manage.split('/').pop()!;
      const me = await ctx.http().get(`/api/v1/me/${manage}`).expect(200);
      expect(me.body.appointments.map((a: { status: string }) => a.status).sort()).toEqual(['completed', 'confirmed']);
      // The first-meeting rule sees the meeting that took place: a video follow-up is allowed.
      const video = await ctx
        .http()
        .post(`/api/v1/me/${manage}/appointments`)
        .send({ meetingTypeId: f.followUpId, startsAt: '2027-03-25T14:00:00+01:00', mode: 'video' })
        .expect(201);
      expect(video.body).toMatchObject({ clientId: known.id, mode: 'video', status: 'confirmed' });
    });

    it('a row made by someone else’s unconfirmed booking of the email is not the client’s history', async () => {
      const email = person().email;
      const other = await book({ name: 'Mallory Typed This', email }).expect(201);
      const own = await book({ name: 'The Real Owner', email }).expect(201);
      await confirm(own.body.id);
      await expect(
        ctx.db.query(`SELECT c.name FROM appointments a JOIN clients c ON c.id = a.client_id WHERE a.id = $1`, [
          own.body.id,
        ]),
      ).resolves.toEqual([{ name: 'The Real Owner' }]);
      await expect(
        countRows(ctx, `SELECT 1 FROM audit_events WHERE action = 'client.merged' AND appointment_id = $1`, [
          own.body.id,
        ]),
      ).resolves.toBe(0);
      await expect(
        countRows(ctx, `SELECT 1 FROM appointments WHERE id = $1 AND status = 'held'`, [other.body.id]),
      ).resolves.toBe(1);
    });

    it('without email confirmation (selfBookingConfirmation: none) nothing proved the address: the booking keeps a row of its own', async () => {
      const open = await bookingFixture(ctx, { settings: { selfBookingConfirmation: 'none' } });
      const known = await newClient(ctx, open, open.caseworkers[0].id);
      const email = await emailOf(ctx, known.id);
      const res = await ctx
        .http()
        .post(`/api/v1/public/units/${open.unit.slug}/bookings`)
        .send({
          meetingTypeId: open.intakeId,
          startsAt: '2027-03-02T09:00:00+01:00',
          mode: 'in_person',
          client: { name: 'Anyone', email },
        })
        .expect(201);
      expect(res.body).toMatchObject({ status: 'confirmed' });
      expect(res.body.clientId).not.toBe(known.id);
      await expect(
        countRows(ctx, `SELECT 1 FROM clients WHERE unit_id = $1 AND email = $2`, [open.unit.id, email]),
      ).resolves.toBe(2);
    });
  });
});
