import { bearer, createTestContext, TestContext } from './support/test-app';
import {
  BookingFixture,
  bookingFixture,
  countRows,
  dueOnClock,
  newClient,
  person,
  WEEKDAY_HOURS,
  clientBooks,
} from './support/booking-fixture';
import { mailedLinks } from './support/mailbox';

// Monday 2027-03-01 07:00 in Stockholm.
const NOW = '2027-03-01T06:00:00.000Z';
const MINUTE = 60_000;

describe('booking lifecycle', () => {
  let ctx: TestContext;
  let f: BookingFixture;
  let cw: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    f = await bookingFixture(ctx, { settings: { holdMinutes: 30, clientChangeCutoffMinutes: 1440 } });
    cw = f.caseworkers[0].id;
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterAll(() => ctx.close());

  /** The token of the confirm link in the hold mail. */
  const confirmTokenOf = async (appointmentId: string): Promise<string> =>
    (await mailedLinks(ctx, appointmentId, 'hold')).confirm.split('/').pop()!;
  const publicBook = (startsAt: string) =>
    ctx
      .http()
      .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
      .send({ meetingTypeId: f.intakeId, startsAt, mode: 'in_person', client: person() });
  const slotStarts = async (from: string, to: string) =>
    (
      await ctx
        .http()
        .get(`/api/v1/public/units/${f.unit.slug}/slots`)
        .query({ meetingTypeId: f.intakeId, mode: 'in_person', from, to })
        .expect(200)
    ).body.slots.map((s: { startsAt: string }) => s.startsAt);

  describe('holds', () => {
    it('a public booking holds its slot until confirmed; confirming makes it confirmed', async () => {
      const held = await publicBook('2027-03-02T09:00:00+01:00').expect(201);
      expect(held.body).toMatchObject({
        status: 'held',
        holdExpiresAt: '2027-03-01T06:30:00.000Z',
        timeZone: 'Europe/Stockholm',
      });
      await expect(slotStarts('2027-03-02T08:00:00Z', '2027-03-02T09:00:00Z')).resolves.not.toContain(
        '2027-03-02T08:00:00.000Z',
      );
      const token = await confirmTokenOf(held.body.id);
      const confirmed = await ctx.http().post(`/api/v1/public/confirm/${token}`).expect(200);
      expect(confirmed.body).toMatchObject({ id: held.body.id, status: 'confirmed' });
      expect(confirmed.body.holdExpiresAt).toBeUndefined();
      // Confirming twice is harmless.
      await ctx.http().post(`/api/v1/public/confirm/${token}`).expect(200);
    });

    it('a hold that expires frees its slot, and confirming it afterwards answers 410 HOLD_EXPIRED', async () => {
      const held = await publicBook('2027-03-02T10:00:00+01:00').expect(201);
      const token = await confirmTokenOf(held.body.id);
      ctx.clock.advance(30 * MINUTE - 1);
      await expect(slotStarts('2027-03-02T09:00:00Z', '2027-03-02T10:00:00Z')).resolves.not.toContain(
        '2027-03-02T09:00:00.000Z',
      );
      ctx.clock.advance(1);
      await expect(slotStarts('2027-03-02T09:00:00Z', '2027-03-02T10:00:00Z')).resolves.toContain(
        '2027-03-02T09:00:00.000Z',
      );
      const other = await publicBook('2027-03-02T10:00:00+01:00').expect(201);
      expect(other.body.id).not.toBe(held.body.id);
      const late = await ctx.http().post(`/api/v1/public/confirm/${token}`);
      expect(late.body).toMatchObject({ statusCode: 410, code: 'HOLD_EXPIRED' });
      const [row] = await ctx.db.query(`SELECT status, cancel_reason FROM appointments WHERE id = $1`, [held.body.id]);
      expect(row).toEqual({ status: 'cancelled', cancel_reason: 'hold_expired' });
    });

    it('the hold-expiry job releases a hold without any new booking, and deletes it with its client row', async () => {
      const held = await publicBook('2027-03-02T11:00:00+01:00').expect(201);
      const token = await confirmTokenOf(held.body.id);
      await expect(
        countRows(
          ctx,
          `SELECT 1 FROM pgboss.job WHERE name = 'hold-expiry' AND data->>'appointmentId' = $1 AND ${dueOnClock(NOW)} = $2`,
          [held.body.id, new Date('2027-03-01T06:30:00Z')],
        ),
      ).resolves.toBe(1);
      const { AppointmentLifecycle } = await import('../src/appointments/changes/appointment-lifecycle');
      await ctx.app.get(AppointmentLifecycle).expireHold(held.body.id, new Date('2027-03-01T06:30:00Z'));
      await expect(countRows(ctx, `SELECT 1 FROM appointments WHERE id = $1`, [held.body.id])).resolves.toBe(0);
      await expect(countRows(ctx, `SELECT 1 FROM clients WHERE id = $1`, [held.body.clientId])).resolves.toBe(0);
      await expect(
        countRows(
          ctx,
          `SELECT 1 FROM audit_events WHERE appointment_id = $1 AND action = 'appointment.hold_expired' AND actor_type = 'system'`,
          [held.body.id],
        ),
      ).resolves.toBe(1);
      ctx.clock.advance(31 * MINUTE);
      const late = await ctx.http().post(`/api/v1/public/confirm/${token}`);
      expect(late.body).toMatchObject({ statusCode: 410, code: 'HOLD_EXPIRED' });
    });

    it('a confirm link of another purpose or unknown is 404', async () => {
      const c = await newClient(ctx, f, cw);
      const res = await ctx.http().post(`/api/v1/public/confirm/${c.token}`);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    });
  });

  describe('client changes and the cut-off', () => {
    const book = async (startsAt: string) => {
      const c = await newClient(ctx, f, cw);
      return { token: c.token, id: (await clientBooks(ctx, f, c.token, { startsAt })).id };
    };

    it('reschedule keeps the id, bumps the sequence, frees the old slot', async () => {
      const a = await book('2027-03-03T09:00:00+01:00');
      const res = await ctx
        .http()
        .post(`/api/v1/me/${a.token}/appointments/${a.id}/reschedule`)
        .send({ startsAt: '2027-03-03T10:00:00+01:00' })
        .expect(200);
      expect(res.body).toMatchObject({
        id: a.id,
        sequence: 1,
        startsAt: '2027-03-03T09:00:00.000Z',
        endsAt: '2027-03-03T09:45:00.000Z',
      });
      const again = await book('2027-03-03T09:00:00+01:00');
      expect(again.id).not.toBe(a.id);
      const mails = await ctx.db.query(
        `SELECT data->>'kind' AS kind FROM pgboss.job WHERE name = 'notify' AND data->>'appointmentId' = $1 AND data->>'kind' <> 'reminder' ORDER BY created_on`,
        [a.id],
      );
      expect(mails.map((m: { kind: string }) => m.kind)).toEqual(['confirmed', 'rescheduled']);
    });

    it('slots for moving an appointment count its own time as free, only for its own client', async () => {
      const a = await book('2027-03-12T09:00:00+01:00');
      const q = {
        meetingTypeId: f.followUpId,
        mode: 'in_person',
        from: '2027-03-12T08:00:00+01:00',
        to: '2027-03-12T11:00:00+01:00',
      };
      const starts = (res: { body: { slots: Array<{ startsAt: string }> } }) => res.body.slots.map((s) => s.startsAt);
      // 45 minutes plus 15 after on a 15-minute grid: 08:30–09:45 overlap the booked 09:00–10:00.
      const plain = await ctx.http().get(`/api/v1/me/${a.token}/slots`).query(q).expect(200);
      expect(starts(plain)).not.toContain('2027-03-12T08:30:00.000Z');
      const moving = await ctx
        .http()
        .get(`/api/v1/me/${a.token}/slots`)
        .query({ ...q, appointmentId: a.id })
        .expect(200);
      expect(starts(moving)).toEqual(
        expect.arrayContaining(['2027-03-12T07:30:00.000Z', '2027-03-12T08:00:00.000Z', '2027-03-12T08:15:00.000Z']),
      );
      await ctx
        .http()
        .post(`/api/v1/me/${a.token}/appointments/${a.id}/reschedule`)
        .send({ startsAt: '2027-03-12T09:15:00+01:00' })
        .expect(200);
      // Another client cannot use someone else's appointment to see through it.
      const other = await book('2027-03-12T13:00:00+01:00');
      const res = await ctx
        .http()
        .get(`/api/v1/me/${other.token}/slots`)
        .query({ ...q, appointmentId: a.id });
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    });

    it('a client may reschedule or cancel exactly at the cut-off, not one millisecond later', async () => {
      const a = await book('2027-03-04T09:00:00+01:00');
      const b = await book('2027-03-04T11:00:00+01:00');
      ctx.clock.set('2027-03-03T08:00:00.000Z'); // exactly 24 h before a
      await ctx
        .http()
        .post(`/api/v1/me/${a.token}/appointments/${a.id}/reschedule`)
        .send({ startsAt: '2027-03-04T09:30:00+01:00' })
        .expect(200);
      ctx.clock.set('2027-03-03T10:00:00.001Z'); // 24 h − 1 ms before b
      const late = await ctx.http().post(`/api/v1/me/${b.token}/appointments/${b.id}/cancel`).send({});
      expect(late.body).toMatchObject({ statusCode: 422, code: 'CHANGE_WINDOW_CLOSED' });
      const lateMove = await ctx
        .http()
        .post(`/api/v1/me/${b.token}/appointments/${b.id}/reschedule`)
        .send({ startsAt: '2027-03-05T11:00:00+01:00' });
      expect(lateMove.body.code).toBe('CHANGE_WINDOW_CLOSED');
      ctx.clock.set('2027-03-03T10:00:00.000Z');
      await ctx.http().post(`/api/v1/me/${b.token}/appointments/${b.id}/cancel`).send({ reason: 'ill' }).expect(200);
    });

    it('staff may change after the cut-off', async () => {
      const a = await book('2027-03-05T09:00:00+01:00');
      ctx.clock.set('2027-03-05T07:00:00.000Z');
      const res = await ctx
        .http()
        .post(`/api/v1/appointments/${a.id}/cancel`)
        .set(bearer(f.unit.adminToken))
        .send({ reason: 'caseworker ill' })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'cancelled', sequence: 1 });
    });

    it('a client cannot touch another client’s appointment', async () => {
      const a = await book('2027-03-08T09:00:00+01:00');
      const other = await newClient(ctx, f, cw);
      const res = await ctx.http().post(`/api/v1/me/${other.token}/appointments/${a.id}/cancel`).send({});
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    });

    it('concurrent reschedules of one appointment apply one after the other', async () => {
      const a = await book('2027-03-09T09:00:00+01:00');
      const targets = [
        '2027-03-09T10:00:00+01:00',
        '2027-03-09T11:00:00+01:00',
        '2027-03-09T13:00:00+01:00',
        '2027-03-09T14:00:00+01:00',
      ];
      const results = await Promise.all(
        targets.map((startsAt) =>
          ctx.http().post(`/api/v1/me/${a.token}/appointments/${a.id}/reschedule`).send({ startsAt }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      const [row] = await ctx.db.query(`SELECT sequence, starts_at FROM appointments WHERE id = $1`, [a.id]);
      expect(row.sequence).toBe(4);
      expect(targets.map((t) => new Date(t).getTime())).toContain(row.starts_at.getTime());
      await expect(
        countRows(
          ctx,
          `SELECT 1 FROM appointments WHERE client_id = (SELECT client_id FROM appointments WHERE id = $1) AND status = 'confirmed'`,
          [a.id],
        ),
      ).resolves.toBe(1);
    });

    it('two appointments rescheduled into one slot at once: one wins, one gets 409', async () => {
      const a = await book('2027-03-10T09:00:00+01:00');
      const b = await book('2027-03-10T10:00:00+01:00');
      const target = '2027-03-10T13:00:00+01:00';
      const results = await Promise.all(
        [a, b].map((x) =>
          ctx.http().post(`/api/v1/me/${x.token}/appointments/${x.id}/reschedule`).send({ startsAt: target }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    });

    it('switches mode, records notes and attendance', async () => {
      const c = await newClient(ctx, f, cw);
      await ctx
        .http()
        .post('/api/v1/appointments')
        .set(bearer(f.unit.adminToken))
        .send({
          caseworkerId: cw,
          clientId: c.id,
          meetingTypeId: f.followUpId,
          startsAt: '2027-02-22T09:00:00+01:00',
          mode: 'in_person',
        })
        .expect(201);
      const a = await ctx
        .http()
        .post(`/api/v1/me/${c.token}/appointments`)
        .send({ meetingTypeId: f.followUpId, startsAt: '2027-03-11T13:00:00+01:00', mode: 'in_person' })
        .expect(201);
      const video = await ctx
        .http()
        .post(`/api/v1/me/${c.token}/appointments/${a.body.id}/mode`)
        .send({ mode: 'video' })
        .expect(200);
      expect(video.body).toMatchObject({ mode: 'video', sequence: 1 });
      expect(video.body.location).toBeUndefined();
      const back = await ctx
        .http()
        .post(`/api/v1/me/${c.token}/appointments/${a.body.id}/mode`)
        .send({ mode: 'in_person' })
        .expect(200);
      expect(back.body).toMatchObject({ mode: 'in_person', sequence: 2, location: 'Storgatan 1' });
      await ctx
        .http()
        .post(`/api/v1/me/${c.token}/appointments/${a.body.id}/notes`)
        .send({ text: 'I would like to talk about housing.' })
        .expect(200);
      // The caseworker sees the note with the appointment; the read is audited.
      const detail = await ctx
        .http()
        .get(`/api/v1/appointments/${a.body.id}`)
        .set(bearer(f.caseworkers[0].token))
        .expect(200);
      expect(detail.body).toMatchObject({
        id: a.body.id,
        clientName: expect.any(String),
        notes: [{ author: 'client', text: 'I would like to talk about housing.', createdAt: expect.any(String) }],
      });
      await expect(
        countRows(
          ctx,
          `SELECT 1 FROM audit_events WHERE action = 'client.read' AND appointment_id = $1 AND actor_id = $2`,
          [a.body.id, cw],
        ),
      ).resolves.toBe(1);
      const early = await ctx
        .http()
        .post(`/api/v1/appointments/${a.body.id}/attendance`)
        .set(bearer(f.unit.adminToken))
        .send({ status: 'completed' });
      expect(early.status).toBe(409);
      ctx.clock.set('2027-03-11T12:10:00.000Z');
      await ctx
        .http()
        .post(`/api/v1/appointments/${a.body.id}/attendance`)
        .set(bearer(f.unit.adminToken))
        .send({ status: 'completed' })
        .expect(200);
      const me = await ctx.http().get(`/api/v1/me/${c.token}`).expect(200);
      expect(me.body.appointments.map((x: { status: string }) => x.status)).toEqual(['completed', 'completed']);
      expect(me.body.caseworker).toEqual({ name: 'Caseworker 1' });
    });

    it("a client's cancellation reason stays out of the audit log, and erasure removes it", async () => {
      const a = await book('2027-03-17T09:00:00+01:00');
      await ctx
        .http()
        .post(`/api/v1/me/${a.token}/appointments/${a.id}/cancel`)
        .send({ reason: 'My daughter is ill' })
        .expect(200);
      const [event] = await ctx.db.query(
        `SELECT details FROM audit_events WHERE action = 'appointment.cancelled' AND appointment_id = $1`,
        [a.id],
      );
      expect(event.details).toEqual({ reasonGiven: true });
      await expect(countRows(ctx, `SELECT 1 FROM audit_events WHERE details::text LIKE '%daughter%'`)).resolves.toBe(0);
      const [row] = await ctx.db.query(`SELECT client_id, cancel_reason FROM appointments WHERE id = $1`, [a.id]);
      expect(row.cancel_reason).toBe('My daughter is ill');
      await ctx.http().delete(`/api/v1/clients/${row.client_id}`).set(bearer(f.unit.adminToken)).expect(204);
      await expect(
        ctx.db.query(`SELECT cancel_reason, status FROM appointments WHERE id = $1`, [a.id]),
      ).resolves.toEqual([{ cancel_reason: '[erased]', status: 'cancelled' }]);
    });

    it('a caseworker books and changes only in their own calendar; an admin in any of the unit', async () => {
      const colleague = await ctx.newCaseworker(f.unit, { name: 'Colleague' });
      await ctx
        .http()
        .put(`/api/v1/caseworkers/${colleague.id}/working-hours`)
        .set(bearer(f.unit.adminToken))
        .send(WEEKDAY_HOURS)
        .expect(200);
      const c = await newClient(ctx, f, colleague.id);
      const body = {
        caseworkerId: colleague.id,
        clientId: c.id,
        meetingTypeId: f.followUpId,
        startsAt: '2027-03-16T09:00:00+01:00',
        mode: 'in_person',
      };
      const other = f.caseworkers[0].token;
      const refused = await ctx.http().post('/api/v1/appointments').set(bearer(other)).send(body);
      expect(refused.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
      await expect(countRows(ctx, `SELECT 1 FROM appointments WHERE caseworker_id = $1`, [colleague.id])).resolves.toBe(
        0,
      );
      const own = await ctx.http().post('/api/v1/appointments').set(bearer(colleague.token)).send(body).expect(201);
      for (const [path, payload] of [
        ['reschedule', { startsAt: '2027-03-16T10:00:00+01:00' }],
        ['mode', { mode: 'video', firstMeetingOverrideReason: 'The client asked for video' }],
        ['cancel', {}],
      ] as const) {
        const res = await ctx
          .http()
          .post(`/api/v1/appointments/${own.body.id}/${path}`)
          .set(bearer(other))
          .send(payload);
        expect(res.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
      }
      await expect(
        ctx.db.query(`SELECT sequence, status FROM appointments WHERE id = $1`, [own.body.id]),
      ).resolves.toEqual([{ sequence: 0, status: 'confirmed' }]);
      // Reading is fine within the unit, and the admin may change it.
      await ctx.http().get(`/api/v1/appointments/${own.body.id}`).set(bearer(other)).expect(200);
      await ctx
        .http()
        .post(`/api/v1/appointments/${own.body.id}/reschedule`)
        .set(bearer(f.unit.adminToken))
        .send({ startsAt: '2027-03-16T10:00:00+01:00' })
        .expect(200);
    });

    it('lists a caseworker’s appointments with client names and writes the audit trail', async () => {
      const list = await ctx
        .http()
        .get(`/api/v1/caseworkers/${cw}/appointments`)
        .set(bearer(f.caseworkers[0].token))
        .query({ from: '2027-03-01T00:00:00Z', to: '2027-04-01T00:00:00Z' })
        .expect(200);
      expect(list.body.length).toBeGreaterThan(3);
      expect(list.body[0]).toEqual(expect.objectContaining({ clientName: expect.any(String), caseworkerId: cw }));
      // Each client shown on the list (by name; an erased client has none) is an audited read by this caseworker.
      const listed = new Set(
        list.body
          .filter((a: { clientName: string | null }) => a.clientName)
          .map((a: { clientId: string }) => a.clientId),
      );
      expect(listed.size).toBeGreaterThan(3);
      const reads = await ctx.db.query(
        `SELECT DISTINCT client_id FROM audit_events WHERE action = 'client.read' AND details->>'via' = 'calendar' AND actor_id = $1`,
        [cw],
      );
      expect(new Set(reads.map((r: { client_id: string }) => r.client_id))).toEqual(listed);
      const audit = await ctx
        .http()
        .get(`/api/v1/units/${f.unit.id}/audit`)
        .set(bearer(f.unit.adminToken))
        .query({
          from: new Date(Date.now() - 86_400_000).toISOString(),
          to: new Date(Date.now() + 86_400_000).toISOString(),
        })
        .expect(200);
      const actions = new Set(audit.body.map((e: { action: string }) => e.action));
      for (const a of [
        'appointment.created',
        'appointment.rescheduled',
        'appointment.cancelled',
        'appointment.confirmed',
        'appointment.mode_changed',
        'appointment.note_added',
        'appointment.completed',
      ])
        expect(actions).toContain(a);
      await expect(ctx.db.query(`UPDATE audit_events SET action = 'x'`)).rejects.toThrow(/append-only/);
      await expect(ctx.db.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    });
  });
});
