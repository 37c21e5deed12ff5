import request from 'supertest';
import { bearer, bootInstance, createTestContext, TestContext } from './support/test-app';
import {
  BookingFixture,
  bookingFixture,
  countRows,
  newClient,
  OVERLAPS_SQL,
  person,
  publicBooks,
} from './support/booking-fixture';

// Monday 2027-03-01 07:00 in Stockholm; Tuesday 08:00 local is 2027-03-02T07:00:00Z.
const NOW = '2027-03-01T06:00:00.000Z';
const TUESDAY_0800 = '2027-03-02T08:00:00+01:00';

describe('no double booking under concurrency', () => {
  let ctx: TestContext;
  let f: BookingFixture;

  beforeAll(async () => {
    ctx = await createTestContext();
    ctx.clock.set(NOW);
    f = await bookingFixture(ctx, { settings: { selfBookingConfirmation: 'none' } });
  });
  afterAll(() => ctx.close());

  it('50 concurrent public bookings of one slot: exactly one 201, 49 × 409, no 5xx', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        ctx
          .http()
          .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
          .send({ meetingTypeId: f.intakeId, startsAt: TUESDAY_0800, mode: 'in_person', client: person() }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.code).toBe('SLOT_TAKEN');
    await expect(
      countRows(ctx, `SELECT 1 FROM appointments WHERE starts_at = $1 AND status = 'confirmed'`, [
        new Date(TUESDAY_0800),
      ]),
    ).resolves.toBe(1);
    await expect(countRows(ctx, OVERLAPS_SQL)).resolves.toBe(0);
    // Nothing the losers caused survives: one confirmation job, one client with an appointment.
    const won = results.find((r) => r.status === 201)!.body;
    await expect(
      countRows(
        ctx,
        `SELECT 1 FROM pgboss.job WHERE name = 'notify' AND data->>'kind' = 'confirmed' AND data->>'appointmentId' = $1`,
        [won.id],
      ),
    ).resolves.toBe(1);
    await expect(
      countRows(ctx, `SELECT 1 FROM pgboss.job WHERE name = 'notify' AND data->>'kind' = 'confirmed'`),
    ).resolves.toBe(1);
  });

  it('overlapping requests of different durations and buffers never overlap in the database', async () => {
    const type = (key: string, durationMinutes: number, bufferBeforeMinutes: number, bufferAfterMinutes: number) =>
      ctx
        .http()
        .post(`/api/v1/units/${f.unit.id}/meeting-types`)
        .set(bearer(f.unit.adminToken))
        .send({
          key,
          name: key,
          publicLabel: key,
          durationMinutes,
          bufferBeforeMinutes,
          bufferAfterMinutes,
          slotStepMinutes: 15,
          minNoticeMinutes: 0,
          horizonDays: 60,
          modes: ['in_person'],
          intake: false,
        })
        .expect(201)
        .then((r) => r.body.id as string);
    const short = await type('short', 30, 0, 0);
    const long = await type('long', 90, 0, 0);
    const buffered = await type('buffered', 45, 15, 15);
    const clients = await Promise.all(Array.from({ length: 12 }, () => newClient(ctx, f, f.caseworkers[0].id)));
    // Wednesday 2027-03-03 in Stockholm: starts from 08:15 to 10:00 in different shapes, all pairwise overlapping somewhere.
    const asks = [
      [short, '08:15'],
      [long, '08:30'],
      [buffered, '08:15'],
      [short, '09:00'],
      [long, '09:00'],
      [buffered, '09:15'],
      [short, '09:30'],
      [long, '08:45'],
      [buffered, '09:45'],
      [short, '10:00'],
      [long, '09:30'],
      [buffered, '08:30'],
    ];
    const results = await Promise.all(
      asks.map(([typeId, hhmm], i) =>
        ctx
          .http()
          .post('/api/v1/appointments')
          .set(bearer(f.unit.adminToken))
          .send({
            caseworkerId: f.caseworkers[0].id,
            clientId: clients[i].id,
            meetingTypeId: typeId,
            startsAt: `2027-03-03T${hhmm}:00+01:00`,
            mode: 'in_person',
          }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(results.filter((r) => r.status !== 201 && r.status !== 409).map((r) => r.body)).toEqual([]);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    await expect(countRows(ctx, OVERLAPS_SQL)).resolves.toBe(0);
  });

  it('the same race across two app instances on one database: one winner', async () => {
    const second = await bootInstance(ctx.config, ctx.database.url, ctx.clock);
    try {
      const servers = [ctx.app.getHttpServer(), second.getHttpServer()];
      const startsAt = '2027-03-04T10:00:00+01:00';
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          request(servers[i % 2])
            .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
            .send({ meetingTypeId: f.intakeId, startsAt, mode: 'in_person', client: person() }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(39);
      await expect(countRows(ctx, OVERLAPS_SQL)).resolves.toBe(0);
    } finally {
      await second.close();
    }
  });

  it('the database refuses an overlapping live appointment even when the application is bypassed', async () => {
    const [a] = await ctx.db.query(`SELECT * FROM appointments WHERE status = 'confirmed' LIMIT 1`);
    await expect(
      ctx.db.query(
        `INSERT INTO appointments (unit_id, caseworker_id, client_id, meeting_type_id, starts_at, ends_at, busy_range, mode, status, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'in_person', 'confirmed', 'staff')`,
        [a.unit_id, a.caseworker_id, a.client_id, a.meeting_type_id, a.starts_at, a.ends_at, a.busy_range],
      ),
    ).rejects.toMatchObject({ driverError: { code: '23P01' } });
  });

  it('team booking spreads a busy slot over the free caseworkers, least booked first', async () => {
    const team = await bookingFixture(ctx, { caseworkers: 3, settings: { selfBookingConfirmation: 'none' } });
    // Give caseworker 1 an appointment this week, so the first intake goes to caseworker 2.
    const c = await newClient(ctx, team, team.caseworkers[0].id);
    await ctx
      .http()
      .post('/api/v1/appointments')
      .set(bearer(team.unit.adminToken))
      .send({
        caseworkerId: team.caseworkers[0].id,
        clientId: c.id,
        meetingTypeId: team.followUpId,
        startsAt: '2027-03-05T13:00:00+01:00',
        mode: 'in_person',
      })
      .expect(201);
    const book = () => publicBooks(ctx.http(), team, { startsAt: '2027-03-03T08:00:00+01:00' });
    const first = await book();
    expect(first.status).toBe(201);
    expect(first.body.caseworkerId).toBe(team.caseworkers[1].id);
    const results = await Promise.all([book(), book(), book()]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 409]);
    const assigned = new Set([
      first.body.caseworkerId,
      ...results.filter((r) => r.status === 201).map((r) => r.body.caseworkerId),
    ]);
    expect(assigned.size).toBe(3);
  });
});
