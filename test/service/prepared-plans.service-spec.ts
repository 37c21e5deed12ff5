import { CalendarSource } from '../../src/availability/calendar-source';
import { CalendarReadModel } from '../../src/web/staff/calendar/calendar.read-model';
import { createServiceContext, ServiceContext } from '../support/service-context';

/**
 * The hot paths' named statements are planned once per connection (data-source.ts): left to its
 * default, PostgreSQL planned the slot search's calendar read again on every call, which cost more
 * than running it. The staff week's read bounds an appointment's start from both sides, which the
 * database's rule that a meeting lasts at most a day makes safe.
 */
describe('named statements keep their plan', () => {
  let ctx: ServiceContext;
  beforeAll(async () => {
    ctx = await createServiceContext();
  });
  afterAll(() => ctx.close());

  it('runs the calendar read of a slot search on one generic plan, call after call, with the same answer', async () => {
    const { unit, caseworkers } = await ctx.newUnit({ caseworkers: 2 });
    const refs = caseworkers.map((c) => ({ id: c.id, timeZone: c.timeZone ?? unit.timeZone }));
    const range = { from: new Date('2027-03-01T00:00:00Z'), to: new Date('2027-03-29T00:00:00Z') };
    // CalendarSource is an abstract class (the port); Nest resolves it to the read model behind it.
    const source = ctx.get(CalendarSource as unknown as new () => CalendarSource);
    const plans = await ctx.db.transaction(async (m) => {
      const first = await source.calendarLoad(refs, range, range.from, { manager: m });
      for (let i = 0; i < 7; i++)
        expect(await source.calendarLoad(refs, range, range.from, { manager: m })).toEqual(first);
      expect(first.get(refs[0].id)!.workingHours.length).toBeGreaterThan(0);
      return m.query<Array<{ generic_plans: string; custom_plans: string }>>(
        `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'calendar-load'`,
      );
    });
    // PostgreSQL's default made a custom plan each time here (custom_plans 8, generic_plans 0).
    expect(plans).toEqual([{ generic_plans: '8', custom_plans: '0' }]);
  });

  it('refuses a meeting longer than a day, and the week shows one that began the evening before', async () => {
    const { unit, caseworkers, followUp } = await ctx.newUnit();
    const client = await ctx.newClient(unit);
    const insert = (startsAt: string, endsAt: string) =>
      ctx.db.query(
        `INSERT INTO appointments (unit_id, caseworker_id, client_id, meeting_type_id, starts_at, ends_at, busy_range, mode, status, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, tstzrange($5, $6), 'in_person', 'confirmed', 'test') RETURNING id`,
        [unit.id, caseworkers[0].id, client.id, followUp.id, startsAt, endsAt],
      );
    await expect(insert('2027-03-01T08:00:00Z', '2027-03-02T08:00:01Z')).rejects.toThrow(/appointments_at_most_a_day/);
    const [late] = await insert('2027-03-07T21:00:00Z', '2027-03-08T07:00:00Z'); // across the week's start
    const [inside] = await insert('2027-03-08T09:00:00Z', '2027-03-08T10:00:00Z');
    await insert('2027-03-07T08:00:00Z', '2027-03-07T09:00:00Z'); // the day before, over by the start
    const week = await ctx
      .get(CalendarReadModel)
      .load(unit.id, null, new Date('2027-03-08T00:00:00Z'), new Date('2027-03-15T00:00:00Z'), {
        now: new Date('2027-03-08T00:00:00Z'),
        staleHours: 24,
      });
    expect(week.appointments.map((a) => a.id)).toEqual([late.id, inside.id]);
  });
});
