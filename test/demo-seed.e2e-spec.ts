import { DateTime } from 'luxon';
import { DEMO_SLUG, seedDemo } from '../src/demo/seed-demo';
import { countRows, OVERLAPS_SQL } from './support/booking-fixture';
import { createTestContext, TestContext } from './support/test-app';

/**
 * The demo seed fills the demo caseworkers' current and next week: every status, both modes, made-up
 * clients, no overlap; a second run tops up and duplicates nothing.
 */
describe('demo seed: the calendar weeks', () => {
  let ctx: TestContext;
  // Wednesday 2 December 2026, 12:00 in Stockholm: Monday, Tuesday and Wednesday morning are past.
  const now = DateTime.fromISO('2026-12-02T12:00', { zone: 'Europe/Stockholm' });

  beforeAll(async () => {
    ctx = await createTestContext();
    ctx.clock.set(now.toJSDate());
  });
  afterAll(() => ctx?.close());

  const weekSql = `SELECT a.status, a.mode, a.starts_at, a.ends_at FROM appointments a JOIN units u ON u.id = a.unit_id
     WHERE u.slug = $1 AND a.starts_at >= $2 AND a.starts_at < $3`;

  it('fills this week and next with each status, twice without duplicates, never overlapping', async () => {
    await seedDemo(ctx.app, ctx.config);
    const week = [DEMO_SLUG, now.startOf('week').toJSDate(), now.startOf('week').plus({ weeks: 1 }).toJSDate()];
    const rows = await ctx.db.query<Array<{ status: string; mode: string; starts_at: Date; ends_at: Date }>>(
      weekSql,
      week,
    );
    const statuses = new Set(rows.map((r) => r.status));
    for (const s of ['held', 'confirmed', 'completed', 'no_show']) expect(statuses).toContain(s);
    expect(rows.some((r) => r.status === 'confirmed' && r.mode === 'video')).toBe(true);
    expect(rows.some((r) => r.status === 'confirmed' && r.mode === 'in_person')).toBe(true);
    // The past is what took place or was missed; nothing ahead is completed or missed.
    for (const r of rows) {
      if (r.ends_at <= now.toJSDate()) expect(['completed', 'no_show']).toContain(r.status);
      if (r.starts_at > now.toJSDate()) expect(['held', 'confirmed', 'cancelled']).toContain(r.status);
    }
    const next = [DEMO_SLUG, week[2], now.startOf('week').plus({ weeks: 2 }).toJSDate()];
    const nextRows = await ctx.db.query<Array<{ status: string }>>(weekSql, next);
    expect(nextRows.length).toBeGreaterThan(10);
    expect(nextRows.filter((r) => r.status === 'cancelled')).toHaveLength(3);
    expect(await countRows(ctx, OVERLAPS_SQL)).toBe(0);

    const total = async () =>
      countRows(ctx, `SELECT 1 FROM appointments a JOIN units u ON u.id = a.unit_id WHERE u.slug = $1`, [DEMO_SLUG]);
    const clients = async () =>
      countRows(ctx, `SELECT 1 FROM clients c JOIN units u ON u.id = c.unit_id WHERE u.slug = $1`, [DEMO_SLUG]);
    const [first, firstClients] = [await total(), await clients()];
    await seedDemo(ctx.app, ctx.config);
    expect(await total()).toBe(first);
    expect(await clients()).toBe(firstClients);

    // A week later, the seed tops up the new next week and leaves what is there.
    ctx.clock.set(now.plus({ weeks: 1 }).toJSDate());
    await seedDemo(ctx.app, ctx.config);
    expect(await total()).toBeGreaterThan(first);
    expect(await clients()).toBe(firstClients);
    expect(await countRows(ctx, OVERLAPS_SQL)).toBe(0);
  });
});
