import { BookingContext, UNIT_CONTEXT_TTL_MS } from '../src/appointments/booking/booking-context';
import { bearer, createTestContext, TestContext } from './support/test-app';
import { BookingFixture, bookingFixture, publicBooks } from './support/booking-fixture';

// Monday 2027-03-01 07:00 in Stockholm; the searches and bookings are on Tuesday 2 March.
const NOW = '2027-03-01T06:00:00.000Z';
const TUESDAY_10 = '2027-03-02T09:00:00.000Z';

/**
 * The cached booking context of a unit (BookingContext): a change made through this instance is seen
 * by the very next public booking or slot search; one made elsewhere (here: SQL) within the TTL.
 */
describe('booking context cache', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());
  beforeEach(() => ctx.clock.set(NOW));

  const slots = (f: BookingFixture, typeId = f.intakeId) =>
    ctx.http().get(`/api/v1/public/units/${f.unit.slug}/slots`).query({
      meetingTypeId: typeId,
      mode: 'in_person',
      from: '2027-03-02T00:00:00+01:00',
      to: '2027-03-02T23:59:00+01:00',
    });
  const slotStarts = async (f: BookingFixture): Promise<string[]> =>
    ((await slots(f).expect(200)).body as { slots: Array<{ startsAt: string }> }).slots.map((s) => s.startsAt);
  const book = (f: BookingFixture, startsAt = TUESDAY_10) => publicBooks(ctx.http(), f, { startsAt });
  const publicUnit = async (f: BookingFixture) =>
    (await ctx.http().get(`/api/v1/public/units/${f.unit.slug}`).expect(200)).body as {
      publicName: string;
      meetingTypes: Array<{ id: string; publicLabel: string }>;
    };
  const setHours = (f: BookingFixture, caseworkerId: string, hours: unknown[]) =>
    ctx
      .http()
      .put(`/api/v1/caseworkers/${caseworkerId}/working-hours`)
      .set(bearer(f.unit.adminToken))
      .send(hours)
      .expect(200);

  it('working hours set through the API: the next booking sees the new team member at once', async () => {
    const f = await bookingFixture(ctx);
    // Staff without working hours are not in the team (the admin, and this newcomer so far).
    const newcomer = await ctx.newCaseworker(f.unit, { name: 'Newcomer' });
    expect(await slotStarts(f)).toContain(TUESDAY_10); // the context is cached now
    await setHours(f, newcomer.id, [{ weekday: 2, start: '08:00', end: '12:00', modes: ['in_person'] }]);
    // Two at one time fit now: the second goes to the newcomer, whom a stale team would not know.
    const booked = [await book(f).expect(201), await book(f).expect(201)].map(
      (r) => (r.body as { caseworkerId: string }).caseworkerId,
    );
    expect(booked.sort()).toEqual([f.caseworkers[0].id, newcomer.id].sort());
    // No hours at all: they leave the team again, and that time is full.
    await setHours(f, newcomer.id, []);
    await setHours(f, f.caseworkers[0].id, []);
    expect(await slotStarts(f)).toEqual([]);
    expect((await book(f).expect(422)).body).toMatchObject({ code: 'SLOT_UNAVAILABLE' });
  });

  it('a caseworker deactivated through the API is never booked, not even within the TTL', async () => {
    const f = await bookingFixture(ctx, { caseworkers: 2 });
    const [leaver, stayer] = f.caseworkers;
    expect(await slotStarts(f)).toContain(TUESDAY_10);
    await ctx
      .http()
      .post(`/api/v1/caseworkers/${leaver.id}/deactivate`)
      .set(bearer(f.unit.adminToken))
      .send({})
      .expect(200);
    // Two at one time fit two caseworkers; with one left, the second is taken.
    const first = await book(f).expect(201);
    expect((first.body as { caseworkerId: string }).caseworkerId).toBe(stayer.id);
    const second = await book(f);
    expect(second.status).toBe(409);
    expect((second.body as { code: string }).code).toBe('SLOT_TAKEN');
  });

  it('a meeting type or the unit changed through the API: the public page and search see it at once', async () => {
    const f = await bookingFixture(ctx);
    expect((await publicUnit(f)).meetingTypes.map((t) => t.id)).toEqual([f.intakeId]);
    await slots(f).expect(200);
    await ctx
      .http()
      .patch(`/api/v1/meeting-types/${f.intakeId}`)
      .set(bearer(f.unit.adminToken))
      .send({ intake: false })
      .expect(200);
    expect((await publicUnit(f)).meetingTypes).toEqual([]);
    expect((await slots(f).expect(404)).body).toMatchObject({ code: 'NOT_FOUND' });
    expect((await book(f).expect(404)).body).toMatchObject({ code: 'NOT_FOUND' });

    await ctx
      .http()
      .patch(`/api/v1/units/${f.unit.id}`)
      .set(bearer(f.unit.adminToken))
      .send({ publicName: 'Renamed unit' })
      .expect(200);
    expect((await publicUnit(f)).publicName).toBe('Renamed unit');
  });

  it('a change written by another instance (SQL here) is seen once the TTL has run out, not later', async () => {
    const f = await bookingFixture(ctx);
    expect((await publicUnit(f)).meetingTypes[0].publicLabel).toBe('First meeting');
    expect(await slotStarts(f)).toContain(TUESDAY_10);
    await ctx.db.query(`UPDATE meeting_types SET public_label = 'Changed elsewhere' WHERE id = $1`, [f.intakeId]);
    // A colleague with the same hours, added elsewhere: two bookings at one time would fit now.
    const [{ id: colleague }] = await ctx.db.query<Array<{ id: string }>>(
      `INSERT INTO caseworkers (unit_id, name, email) VALUES ($1, 'Elsewhere', $2) RETURNING id`,
      [f.unit.id, `elsewhere@${f.unit.slug}.test`],
    );
    await ctx.db.query(
      `INSERT INTO working_hours (caseworker_id, weekday, start, "end", modes) VALUES ($1, 2, '08:00', '12:00', '{in_person}')`,
      [colleague],
    );
    await book(f).expect(201);
    // Within the TTL this instance still answers from its cache (which is what the TTL bounds) …
    ctx.clock.advance(UNIT_CONTEXT_TTL_MS - 1_000);
    expect((await publicUnit(f)).meetingTypes[0].publicLabel).toBe('First meeting');
    expect((await book(f)).status).toBe(409);
    // … and as soon as it has run out, reads the change.
    ctx.clock.advance(1_001);
    expect((await publicUnit(f)).meetingTypes[0].publicLabel).toBe('Changed elsewhere');
    const second = await book(f).expect(201);
    expect((second.body as { caseworkerId: string }).caseworkerId).toBe(colleague);
  });

  it('concurrent misses for one unit share one load; an unknown slug is 404 and not kept', async () => {
    const f = await bookingFixture(ctx);
    const cache = ctx.app.get(BookingContext);
    cache.invalidate(f.unit.id);
    const loaded = await Promise.all([1, 2, 3, 4].map(() => cache.ofUnit(f.unit.id)));
    expect(new Set(loaded).size).toBe(1);
    expect(loaded[0].team.map((t) => t.caseworker.id)).toEqual([f.caseworkers[0].id]);
    // Later look-ups, by id or slug, are answered from the cache until it runs out.
    expect(await cache.ofUnit(f.unit.id)).toBe(loaded[0]);
    expect(await cache.bySlug(f.unit.slug)).toBe(loaded[0]);
    ctx.clock.advance(UNIT_CONTEXT_TTL_MS + 1);
    expect(await cache.ofUnit(f.unit.id)).not.toBe(loaded[0]);
    expect((await ctx.http().get('/api/v1/public/units/no-such-unit').expect(404)).body).toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(cache.bySlug('x'.repeat(101))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
