import { QueryRunner } from 'typeorm';
import { AppointmentRepository } from '../../src/appointments/data/appointment.repository';
import { createServiceContext, publicBooks, ServiceContext, ServiceUnit } from '../support/service-context';

const NOW = '2027-03-01T07:00:00Z'; // a Monday, 08:00 in Stockholm
/** Wednesday: every caseworker of the unit works 08–12 and 13–16, so all three are free at each. */
const DAY = '2027-03-03';
const HOURLY = ['09:00', '10:00', '11:00', '13:00', '14:00', '15:00'].map((t) => `${DAY}T${t}:00+01:00`);
/** Longer than any booking takes on a busy machine. */
const PATIENCE_MS = 10_000;

/**
 * Issue 24, section 3: when several bookings of one unit want the same start, they all read the same
 * least-booked caseworker. A booking whose first choice's calendar is being written by another
 * booking takes the next free caseworker in rule 7's order instead of queueing behind it; nobody
 * competing, the order is rule 7's, and nothing is ever booked twice.
 */
describe('Public bookings that all want the same first times', () => {
  let ctx: ServiceContext;
  let holder: QueryRunner | null = null;
  beforeAll(async () => {
    ctx = await createServiceContext();
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterEach(async () => {
    if (holder?.isTransactionActive) await holder.rollbackTransaction();
    await holder?.release();
    holder = null;
  });
  afterAll(() => ctx.close());

  const unitOfThree = () => ctx.newUnit({ caseworkers: 3, settings: { selfBookingConfirmation: 'none' } });

  /** Confirmed meetings already in the week, per caseworker: rule 7's load. */
  async function load(f: ServiceUnit, counts: number[]): Promise<void> {
    for (const [i, n] of counts.entries())
      for (let k = 0; k < n; k++) {
        // Thursday, one hour apart per caseworker: the same week, away from the times booked here.
        const start = new Date(Date.parse(`2027-03-04T08:00:00+01:00`) + k * 3_600_000);
        const client = await ctx.newClient(f.unit, f.caseworkers[i].id);
        await ctx.db.query(
          `INSERT INTO appointments (id, unit_id, caseworker_id, client_id, meeting_type_id, starts_at, ends_at, busy_range, mode, status, sequence, created_by)
           VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, tstzrange($5, $6), 'in_person', 'confirmed', 0, 'staff')`,
          [f.unit.id, f.caseworkers[i].id, client.id, f.intake.id, start, new Date(start.getTime() + 3_600_000)],
        );
      }
  }

  /** What the promise did within `ms`: its caseworker, an error code, or 'still waiting'. */
  const within = async (p: Promise<{ caseworkerId: string }>, ms: number): Promise<string> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        p.then(
          (r) => r.caseworkerId,
          (err: { code?: string; message?: string }) => `failed: ${err.code ?? err.message}`,
        ),
        new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still waiting'), ms))),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };

  it('nobody competing, each booking goes to the least booked that week, a tie to the first in the team', async () => {
    const f = await unitOfThree();
    const [a, b, c] = f.caseworkers.map((w) => w.id);
    await load(f, [2, 0, 1]);
    const taken: string[] = [];
    // One after the other, each at a time all three are free: loads 2/0/1 → b; 2/1/1 → b (tie with c: b
    // is earlier); 2/2/1 → c; 2/2/2 → a (tie: the first).
    for (const start of HOURLY.slice(0, 4)) taken.push((await publicBooks(ctx, f, start)).caseworkerId);
    expect(taken).toEqual([b, b, c, a]);
  });

  it("a booking whose least-booked choice is being written by another booking takes the next in rule 7's order at once", async () => {
    const f = await unitOfThree();
    const [a, b, c] = f.caseworkers.map((w) => w.id);
    await load(f, [0, 2, 1]);
    // Another booking is writing a's calendar (its lock held, taken the way a booking takes it).
    holder = ctx.db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await ctx.get(AppointmentRepository).lockCalendars(holder.manager, [a]);

    // Rule 7's order is a (0), c (1), b (2): a is being written, so c, without waiting for a's lock.
    await expect(within(publicBooks(ctx, f, HOURLY[0]), 2_000)).resolves.toBe(c);
    // Now a (0), then b and c with 2 each (a tie: b, earlier in the team): a still being written, so b.
    await expect(within(publicBooks(ctx, f, HOURLY[1]), 2_000)).resolves.toBe(b);
    await holder.commitTransaction();
    // a's calendar free again: the least booked takes it.
    await expect(within(publicBooks(ctx, f, HOURLY[2]), PATIENCE_MS)).resolves.toBe(a);
  });

  it('24 bookings at once for 6 times, each wanted by 4: each time booked once for each of the 3 caseworkers, the fourth SLOT_TAKEN', async () => {
    const f = await unitOfThree();
    const ids = f.caseworkers.map((w) => w.id);
    const requests = HOURLY.flatMap((start) => [0, 1, 2, 3].map(() => start));
    const outcomes = await Promise.all(
      requests.map((start) =>
        publicBooks(ctx, f, start).then(
          (r) => ({ start, caseworkerId: r.caseworkerId, id: r.id }),
          (err: { code?: string; message?: string }) => ({ start, error: err.code ?? err.message }),
        ),
      ),
    );
    const booked = outcomes.filter((o): o is { start: string; caseworkerId: string; id: string } => 'id' in o);
    const refused = outcomes.filter((o): o is { start: string; error: string } => 'error' in o);
    expect(refused.map((o) => o.error)).toEqual(HOURLY.map(() => 'SLOT_TAKEN'));
    expect(new Set(booked.map((o) => o.id)).size).toBe(booked.length);
    for (const start of HOURLY)
      expect(
        booked
          .filter((o) => o.start === start)
          .map((o) => o.caseworkerId)
          .sort(),
      ).toEqual([...ids].sort());
    // What the database holds agrees: 18 confirmed, no caseworker twice at one time, nothing overlapping.
    const stored = await ctx.db.query<Array<{ caseworker_id: string; starts_at: Date }>>(
      `SELECT caseworker_id, starts_at FROM appointments WHERE unit_id = $1 AND status = 'confirmed'`,
      [f.unit.id],
    );
    expect(stored).toHaveLength(18);
    expect(new Set(stored.map((r) => `${r.caseworker_id} ${r.starts_at.toISOString()}`)).size).toBe(18);
    await expect(
      ctx.count(
        `SELECT 1 FROM appointments x JOIN appointments y ON x.caseworker_id = y.caseworker_id AND x.id < y.id
            AND x.busy_range && y.busy_range
          WHERE x.unit_id = $1 AND x.status IN ('held', 'confirmed') AND y.status IN ('held', 'confirmed')`,
        [f.unit.id],
      ),
    ).resolves.toBe(0);
    // The clients made by the bookings name the caseworker their meeting went to.
    await expect(
      ctx.count(
        `SELECT 1 FROM appointments a JOIN clients c ON c.id = a.client_id
          WHERE a.unit_id = $1 AND a.created_by = 'public' AND c.caseworker_id IS DISTINCT FROM a.caseworker_id`,
        [f.unit.id],
      ),
    ).resolves.toBe(0);
  });
});
