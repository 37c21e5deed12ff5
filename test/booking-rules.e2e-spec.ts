import { BookingParties } from '../src/appointments/data/booking-parties.read-model';
import { BookingService } from '../src/appointments/booking/booking.service';
import { IdempotencyService } from '../src/appointments/booking/idempotency.service';
import { bearer, createTestContext, TestContext } from './support/test-app';
import { BookingFixture, bookingFixture, countRows, dueOnClock, newClient, person } from './support/booking-fixture';

// Monday 2027-03-01 07:00 in Stockholm.
const NOW = '2027-03-01T06:00:00.000Z';

describe('booking rules', () => {
  let ctx: TestContext;
  let f: BookingFixture;
  let cw: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    ctx.clock.set(NOW);
    f = await bookingFixture(ctx);
    cw = f.caseworkers[0].id;
  });
  afterAll(() => ctx.close());

  const staffBook = (body: Record<string, unknown>, key?: string) => {
    const req = ctx.http().post('/api/v1/appointments').set(bearer(f.unit.adminToken));
    if (key) req.set('Idempotency-Key', key);
    return req.send({ caseworkerId: cw, meetingTypeId: f.followUpId, mode: 'in_person', ...body });
  };
  const snapshot = async () => ({
    appointments: await countRows(ctx, 'SELECT 1 FROM appointments'),
    clients: await countRows(ctx, 'SELECT 1 FROM clients'),
    jobs: await countRows(ctx, `SELECT 1 FROM pgboss.job WHERE name = 'notify'`),
    audit: await countRows(ctx, `SELECT 1 FROM audit_events WHERE action LIKE 'appointment.%'`),
  });

  describe('first meeting in person', () => {
    it('public: video is refused and the slot list says why, even for an intake type that offers video', async () => {
      // An intake type that offers both modes: only the first-meeting rule can refuse video here.
      const both = await ctx
        .http()
        .post(`/api/v1/units/${f.unit.id}/meeting-types`)
        .set(bearer(f.unit.adminToken))
        .send({
          key: 'intake-both',
          name: 'Intake, either mode',
          publicLabel: 'First talk',
          durationMinutes: 60,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          slotStepMinutes: 30,
          minNoticeMinutes: 60,
          horizonDays: 60,
          modes: ['in_person', 'video'],
          intake: true,
        })
        .expect(201);
      const query = { meetingTypeId: both.body.id, from: '2027-03-02T00:00:00Z', to: '2027-03-03T00:00:00Z' };
      const video = await ctx
        .http()
        .get(`/api/v1/public/units/${f.unit.slug}/slots`)
        .query({ ...query, mode: 'video' })
        .expect(200);
      expect(video.body).toMatchObject({ slots: [], reason: 'FIRST_MEETING_IN_PERSON' });
      const inPerson = await ctx
        .http()
        .get(`/api/v1/public/units/${f.unit.slug}/slots`)
        .query({ ...query, mode: 'in_person' })
        .expect(200);
      expect(inPerson.body.slots.length).toBeGreaterThan(0);
      expect(inPerson.body.reason).toBeUndefined();
      const before = await snapshot();
      const res = await ctx
        .http()
        .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
        .send({ meetingTypeId: both.body.id, startsAt: '2027-03-02T14:00:00+01:00', mode: 'video', client: person() });
      expect(res.body).toMatchObject({ statusCode: 422, code: 'FIRST_MEETING_IN_PERSON' });
      await expect(snapshot()).resolves.toEqual(before);
      // A type that never offers video says so instead.
      const inPersonOnly = await ctx
        .http()
        .get(`/api/v1/public/units/${f.unit.slug}/slots`)
        .query({ ...query, meetingTypeId: f.intakeId, mode: 'video' })
        .expect(200);
      expect(inPersonOnly.body).toMatchObject({ slots: [], reason: 'MODE_NOT_ALLOWED' });
      await ctx
        .http()
        .patch(`/api/v1/meeting-types/${both.body.id}`)
        .set(bearer(f.unit.adminToken))
        .send({ active: false })
        .expect(200);
    });

    it('personal link: video before an in-person meeting is refused, with the reason on the slot list', async () => {
      const c = await newClient(ctx, f, cw);
      const slots = await ctx
        .http()
        .get(`/api/v1/me/${c.token}/slots`)
        .query({ meetingTypeId: f.followUpId, mode: 'video', from: '2027-03-02T00:00:00Z', to: '2027-03-03T00:00:00Z' })
        .expect(200);
      expect(slots.body).toMatchObject({ slots: [], reason: 'FIRST_MEETING_IN_PERSON', timeZone: 'Europe/Stockholm' });
      const res = await ctx
        .http()
        .post(`/api/v1/me/${c.token}/appointments`)
        .send({ meetingTypeId: f.followUpId, startsAt: '2027-03-02T14:00:00+01:00', mode: 'video' });
      expect(res.body).toMatchObject({ statusCode: 422, code: 'FIRST_MEETING_IN_PERSON' });
      const inPerson = await ctx
        .http()
        .get(`/api/v1/me/${c.token}/slots`)
        .query({
          meetingTypeId: f.followUpId,
          mode: 'in_person',
          from: '2027-03-02T00:00:00Z',
          to: '2027-03-03T00:00:00Z',
        })
        .expect(200);
      expect(inPerson.body.slots.length).toBeGreaterThan(0);
      expect(inPerson.body.reason).toBeUndefined();
    });

    it('staff: refused without an override, allowed with a written reason that is audited', async () => {
      const c = await newClient(ctx, f, cw);
      const refused = await staffBook({ clientId: c.id, startsAt: '2027-03-02T14:00:00+01:00', mode: 'video' });
      expect(refused.body).toMatchObject({ statusCode: 422, code: 'FIRST_MEETING_IN_PERSON' });
      const slots = await ctx
        .http()
        .get(`/api/v1/caseworkers/${cw}/slots`)
        .set(bearer(f.unit.adminToken))
        .query({
          meetingTypeId: f.followUpId,
          mode: 'video',
          clientId: c.id,
          from: '2027-03-02T00:00:00Z',
          to: '2027-03-03T00:00:00Z',
        })
        .expect(200);
      expect(slots.body.reason).toBe('FIRST_MEETING_IN_PERSON');
      const ok = await staffBook({
        clientId: c.id,
        startsAt: '2027-03-02T14:00:00+01:00',
        mode: 'video',
        firstMeetingOverrideReason: 'Client lives 200 km away; agreed by phone',
      }).expect(201);
      expect(ok.body).toMatchObject({ mode: 'video', status: 'confirmed' });
      const [event] = await ctx.db.query(
        `SELECT actor_type, details FROM audit_events WHERE appointment_id = $1 AND action = 'appointment.created'`,
        [ok.body.id],
      );
      // The reason is on the appointment (erasure clears it), not in the append-only log.
      expect(event).toMatchObject({ actor_type: 'staff', details: { firstMeetingOverride: true } });
      await expect(
        ctx.db.query(`SELECT first_meeting_override_reason FROM appointments WHERE id = $1`, [ok.body.id]),
      ).resolves.toEqual([{ first_meeting_override_reason: 'Client lives 200 km away; agreed by phone' }]);
    });

    it('after an in-person meeting that took place (a walk-in), video is allowed', async () => {
      const c = await newClient(ctx, f, cw);
      const walkIn = await staffBook({ clientId: c.id, startsAt: '2027-02-26T09:00:00+01:00' }).expect(201);
      expect(walkIn.body.status).toBe('completed');
      const slots = await ctx
        .http()
        .get(`/api/v1/me/${c.token}/slots`)
        .query({ meetingTypeId: f.followUpId, mode: 'video', from: '2027-03-02T00:00:00Z', to: '2027-03-03T00:00:00Z' })
        .expect(200);
      expect(slots.body.reason).toBeUndefined();
      expect(slots.body.slots[0]).toEqual({ startsAt: '2027-03-02T12:00:00.000Z', endsAt: '2027-03-02T12:45:00.000Z' });
      const res = await ctx
        .http()
        .post(`/api/v1/me/${c.token}/appointments`)
        .send({ meetingTypeId: f.followUpId, startsAt: '2027-03-02T13:00:00+01:00', mode: 'video' })
        .expect(201);
      expect(res.body).toMatchObject({ mode: 'video', caseworkerId: cw });
    });

    it('a no-show or cancelled in-person meeting does not count', async () => {
      const c = await newClient(ctx, f, cw);
      const past = await staffBook({ clientId: c.id, startsAt: '2027-02-25T09:00:00+01:00' }).expect(201);
      await ctx
        .http()
        .post(`/api/v1/appointments/${past.body.id}/attendance`)
        .set(bearer(f.unit.adminToken))
        .send({ status: 'no_show' })
        .expect(200);
      const res = await ctx
        .http()
        .post(`/api/v1/me/${c.token}/appointments`)
        .send({ meetingTypeId: f.followUpId, startsAt: '2027-03-02T15:00:00+01:00', mode: 'video' });
      expect(res.body.code).toBe('FIRST_MEETING_IN_PERSON');
    });
  });

  describe('modes', () => {
    it('refuses a mode the working hours do not allow at that time', async () => {
      const c = await newClient(ctx, f, cw);
      await staffBook({ clientId: c.id, startsAt: '2027-02-24T09:00:00+01:00' }).expect(201);
      const res = await ctx
        .http()
        .post(`/api/v1/me/${c.token}/appointments`)
        .send({ meetingTypeId: f.followUpId, startsAt: '2027-03-02T09:00:00+01:00', mode: 'video' });
      expect(res.body).toMatchObject({ statusCode: 422, code: 'MODE_NOT_ALLOWED' });
    });

    it('says MODE_NOT_ALLOWED when the caseworker has no working hours for the mode at all', async () => {
      const onlyInPerson = await ctx.newCaseworker(f.unit, { name: 'In person only' });
      await ctx
        .http()
        .put(`/api/v1/caseworkers/${onlyInPerson.id}/working-hours`)
        .set(bearer(f.unit.adminToken))
        .send([{ weekday: 2, start: '08:00', end: '12:00', modes: ['in_person'] }])
        .expect(200);
      const c = await newClient(ctx, f, onlyInPerson.id);
      await ctx
        .http()
        .post('/api/v1/appointments')
        .set(bearer(f.unit.adminToken))
        .send({
          caseworkerId: onlyInPerson.id,
          clientId: c.id,
          meetingTypeId: f.followUpId,
          startsAt: '2027-02-23T09:00:00+01:00',
          mode: 'in_person',
        })
        .expect(201);
      const query = { meetingTypeId: f.followUpId, from: '2027-03-01T00:00:00Z', to: '2027-03-08T00:00:00Z' };
      const video = await ctx
        .http()
        .get(`/api/v1/me/${c.token}/slots`)
        .query({ ...query, mode: 'video' })
        .expect(200);
      expect(video.body).toMatchObject({ slots: [], reason: 'MODE_NOT_ALLOWED' });
      const staff = await ctx
        .http()
        .get(`/api/v1/caseworkers/${onlyInPerson.id}/slots`)
        .set(bearer(f.unit.adminToken))
        .query({ ...query, mode: 'video' })
        .expect(200);
      expect(staff.body).toMatchObject({ slots: [], reason: 'MODE_NOT_ALLOWED' });
      // A fully booked or absent week is just empty: no rule to blame.
      const later = await ctx
        .http()
        .get(`/api/v1/me/${c.token}/slots`)
        .query({ ...query, mode: 'in_person', from: '2027-03-03T00:00:00Z', to: '2027-03-04T00:00:00Z' })
        .expect(200);
      expect(later.body).toEqual({ timeZone: 'Europe/Stockholm', slots: [] });
    });

    it('refuses a mode the meeting type does not offer', async () => {
      const res = await ctx
        .http()
        .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
        .send({ meetingTypeId: f.intakeId, startsAt: '2027-03-02T13:00:00+01:00', mode: 'video', client: person() });
      expect(res.status).toBe(422);
    });
  });

  describe('the spring-forward night (Europe/Stockholm, 2027-03-28: 02:00 CET jumps to 03:00 CEST)', () => {
    // Sunday hours 01:00–05:00 wall clock span three real hours that night: 00:00Z–03:00Z.
    let night: { id: string; token: string };
    beforeAll(async () => {
      night = await ctx.newCaseworker(f.unit, { name: 'Night shift' });
      await ctx
        .http()
        .put(`/api/v1/caseworkers/${night.id}/working-hours`)
        .set(bearer(f.unit.adminToken))
        .send([{ weekday: 7, start: '01:00', end: '05:00', modes: ['in_person'] }])
        .expect(200);
    });
    const slots = async (from: string, to: string) =>
      (
        await ctx
          .http()
          .get(`/api/v1/caseworkers/${night.id}/slots`)
          .set(bearer(f.unit.adminToken))
          .query({ meetingTypeId: f.intakeId, mode: 'in_person', from, to })
          .expect(200)
      ).body.slots.map((s: { startsAt: string }) => s.startsAt);

    it('offers the real hours of that night, none of them in the missing hour', async () => {
      // 60-minute meetings on a 30-minute grid from 01:00 CET: 01:00, 01:30, then 03:00, 03:30, 04:00 CEST.
      expect(await slots('2027-03-27T22:00:00Z', '2027-03-28T22:00:00Z')).toEqual([
        '2027-03-28T00:00:00.000Z',
        '2027-03-28T00:30:00.000Z',
        '2027-03-28T01:00:00.000Z',
        '2027-03-28T01:30:00.000Z',
        '2027-03-28T02:00:00.000Z',
      ]);
      // A week later the same rule is four real hours again: 01:00–05:00 CEST = 23:00Z–03:00Z.
      expect(await slots('2027-04-03T22:00:00Z', '2027-04-04T22:00:00Z')).toHaveLength(7);
    });

    it('"02:30+01:00" names a real instant (03:30 CEST): it is booked as that instant, and 02:30 local is never stored', async () => {
      const c = await newClient(ctx, f, night.id);
      const res = await ctx
        .http()
        .post('/api/v1/appointments')
        .set(bearer(f.unit.adminToken))
        .send({
          caseworkerId: night.id,
          clientId: c.id,
          meetingTypeId: f.intakeId,
          startsAt: '2027-03-28T02:30:00+01:00',
          mode: 'in_person',
        })
        .expect(201);
      expect(res.body).toMatchObject({
        startsAt: '2027-03-28T01:30:00.000Z',
        endsAt: '2027-03-28T02:30:00.000Z',
        timeZone: 'Europe/Stockholm',
      });
      // Off the grid in real time (01:45Z = 03:45 CEST) stays refused.
      const off = await ctx.http().post('/api/v1/appointments').set(bearer(f.unit.adminToken)).send({
        caseworkerId: night.id,
        clientId: c.id,
        meetingTypeId: f.intakeId,
        startsAt: '2027-03-28T03:45:00+02:00',
        mode: 'in_person',
      });
      expect(off.body).toMatchObject({ statusCode: 422, code: 'SLOT_UNAVAILABLE' });
    });
  });

  describe('hostile input gets its code and leaves the database as it was', () => {
    let client: { id: string; token: string };
    beforeAll(async () => {
      client = await newClient(ctx, f, cw);
    });

    it.each([
      ['an off-grid start', { startsAt: '2027-03-02T08:07:00+01:00' }, 422, 'SLOT_UNAVAILABLE'],
      [
        'a start in the DST gap (02:30 on 2027-03-28 in Stockholm)',
        { startsAt: '2027-03-28T02:30:00+01:00' },
        422,
        'SLOT_UNAVAILABLE',
      ],
      ['year 10000', { startsAt: '10000-01-01T09:00:00+01:00' }, 400, 'VALIDATION_FAILED'],
      ['startsAt without an offset', { startsAt: '2027-03-02T09:00:00' }, 400, 'VALIDATION_FAILED'],
      ['a past slot', { startsAt: '2027-02-26T09:00:00+01:00' }, 422, 'SLOT_UNAVAILABLE'],
      ['outside working hours', { startsAt: '2027-03-02T18:00:00+01:00' }, 422, 'SLOT_UNAVAILABLE'],
      ['too soon (inside minimum notice)', { startsAt: '2027-03-01T07:30:00+01:00' }, 422, 'SLOT_UNAVAILABLE'],
      ['beyond the horizon', { startsAt: '2027-05-03T09:00:00+01:00' }, 422, 'SLOT_UNAVAILABLE'],
      [
        'an unknown meeting type',
        { meetingTypeId: '00000000-0000-4000-8000-000000000000', startsAt: '2027-03-02T09:00:00+01:00' },
        404,
        'NOT_FOUND',
      ],
      ['an unknown field', { startsAt: '2027-03-02T09:00:00+01:00', status: 'confirmed' }, 400, 'VALIDATION_FAILED'],
    ])('personal link: %s', async (_name, patch, status, code) => {
      const before = await snapshot();
      const res = await ctx
        .http()
        .post(`/api/v1/me/${client.token}/appointments`)
        .send({ meetingTypeId: f.followUpId, mode: 'in_person', ...patch });
      expect(res.body).toMatchObject({ statusCode: status, code });
      await expect(snapshot()).resolves.toEqual(before);
    });

    it.each([
      ['a past slot', { startsAt: '2027-02-26T09:00:00+01:00' }, 422, 'SLOT_UNAVAILABLE'],
      ['an off-grid start', { startsAt: '2027-03-02T08:15:00+01:00' }, 422, 'SLOT_UNAVAILABLE'],
      ['a non-intake meeting type', {}, 404, 'NOT_FOUND'],
      ['a bad email', { client: { name: 'X', email: 'not-an-email' } }, 400, 'VALIDATION_FAILED'],
    ])('public: %s', async (name, patch, status, code) => {
      const before = await snapshot();
      const meetingTypeId = name === 'a non-intake meeting type' ? f.followUpId : f.intakeId;
      const res = await ctx
        .http()
        .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
        .send({ meetingTypeId, mode: 'in_person', startsAt: '2027-03-02T09:00:00+01:00', client: person(), ...patch });
      expect(res.body).toMatchObject({ statusCode: status, code });
      await expect(snapshot()).resolves.toEqual(before);
    });

    it('an unknown personal link or unit is 404, never a hint', async () => {
      const res = await ctx.http().get(`/api/v1/me/${'A'.repeat(43)}`);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      await ctx.http().get('/api/v1/me/short').expect(404);
      await ctx.http().get('/api/v1/public/units/no-such-unit').expect(404);
    });

    it('replays an Idempotency-Key with the same body, and refuses it with another body', async () => {
      const key = 'booking-key-1';
      const body = { clientId: client.id, startsAt: '2027-03-03T09:00:00+01:00' };
      const first = await staffBook(body, key).expect(201);
      const before = await snapshot();
      const replay = await staffBook(body, key).expect(201);
      expect(replay.body).toEqual(first.body);
      const reused = await staffBook({ ...body, startsAt: '2027-03-03T10:00:00+01:00' }, key);
      expect(reused.body).toMatchObject({ statusCode: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
      await expect(snapshot()).resolves.toEqual(before);
    });

    it('concurrent requests with one Idempotency-Key create one appointment', async () => {
      const body = { clientId: client.id, startsAt: '2027-03-04T09:00:00+01:00' };
      const results = await Promise.all(Array.from({ length: 5 }, () => staffBook(body, 'booking-key-2')));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    });
  });

  describe('jobs are queued in the booking transaction', () => {
    it('a booking queues its mail; a rolled-back booking leaves no job, no appointment, no audit', async () => {
      const c = await newClient(ctx, f, cw);
      const ok = await staffBook({ clientId: c.id, startsAt: '2027-03-05T09:00:00+01:00' }).expect(201);
      await expect(
        countRows(
          ctx,
          `SELECT 1 FROM pgboss.job WHERE name = 'notify' AND data->>'appointmentId' = $1 AND data->>'kind' = 'confirmed'`,
          [ok.body.id],
        ),
      ).resolves.toBe(1);
      // Reminders (24 h and 2 h before) wait for their time.
      const reminders = await ctx.db.query(
        `SELECT ${dueOnClock(NOW)} AS due FROM pgboss.job WHERE name = 'notify' AND data->>'appointmentId' = $1 AND data->>'kind' = 'reminder' ORDER BY due`,
        [ok.body.id],
      );
      expect(reminders.map((r: { due: Date }) => r.due.toISOString())).toEqual([
        '2027-03-04T08:00:00.000Z',
        '2027-03-05T06:00:00.000Z',
      ]);

      const before = await snapshot();
      const booking = ctx.app.get(BookingService);
      const loader = ctx.app.get(BookingParties);
      const [unit, caseworker, type, clientRow] = await Promise.all([
        loader.unit(f.unit.id),
        loader.caseworker(f.unit.id, cw),
        loader.meetingType(f.unit.id, f.followUpId),
        loader.client(f.unit.id, c.id),
      ]);
      // The failure comes after the jobs were enqueued (storing the idempotent response).
      await expect(
        ctx.app.get(IdempotencyService).idempotent('test', 'k', 'h', async (m) => {
          await booking.book(
            {
              unit,
              type,
              mode: 'in_person',
              start: new Date('2027-03-05T10:00:00+01:00'),
              actor: { type: 'staff', id: f.unit.adminId },
              createdBy: 'staff',
              caseworkers: [caseworker],
              client: clientRow,
            },
            m,
          );
          throw new Error('boom after enqueue');
        }),
      ).rejects.toThrow('boom after enqueue');
      await expect(snapshot()).resolves.toEqual(before);
    });
  });
});
