import { QueryRunner } from 'typeorm';
import { AppointmentRepository } from '../../src/appointments/data/appointment.repository';
import { BookingRequest, BookingService } from '../../src/appointments/booking/booking.service';
import { SlotFinder } from '../../src/appointments/booking/slot-finder';
import { ClientEntity } from '../../src/clients/client.entity';
import { ensureStaff } from '../../src/units/unit-bootstrap';
import { createServiceContext, publicBooks, ServiceContext, ServiceUnit } from '../support/service-context';

const NOW = '2027-03-01T07:00:00Z'; // a Monday, 08:00 in Stockholm
const MORNING = '2027-03-03T09:00:00+01:00'; // Wednesday: only A works mornings
const AFTERNOON = '2027-03-03T14:00:00+01:00'; // only B works afternoons
/** Longer than any booking takes on a busy machine; a booking that waits on a held lock never ends before it. */
const PATIENCE_MS = 10_000;

/**
 * The narrow lock (issue 14): a public booking locks only the caseworkers whose working hours hold
 * the start, so bookings that can only go to different caseworkers of one unit do not wait for each
 * other. Another transaction holds a caseworker's calendar lock (taken the way a booking takes it)
 * and keeps it open while bookings run.
 */
describe('Public booking locks only the caseworkers it can be given', () => {
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

  /** A unit with caseworker A (mornings only), caseworker B (afternoons only) and an admin without hours. */
  async function unitOfTwo(): Promise<ServiceUnit & { a: string; b: string; admin: string }> {
    const f = await ctx.newUnit({ caseworkers: 2, settings: { selfBookingConfirmation: 'none' } });
    const [a, b] = f.caseworkers.map((c) => c.id);
    await ctx.db.query(`DELETE FROM working_hours WHERE caseworker_id = $1 AND start >= '12:00'`, [a]);
    await ctx.db.query(`DELETE FROM working_hours WHERE caseworker_id = $1 AND start < '12:00'`, [b]);
    const admin = await ensureStaff(ctx.db, f.unit.id, {
      email: `admin@${f.unit.id}.test`,
      name: 'Unit Admin',
      role: 'admin',
    });
    return { ...f, a, b, admin: admin.id };
  }

  /** Opens a transaction elsewhere that holds these calendar locks until the test ends it. */
  async function holdLocks(caseworkerIds: string[]): Promise<QueryRunner> {
    holder = ctx.db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await ctx.get(AppointmentRepository).lockCalendars(holder.manager, caseworkerIds);
    return holder;
  }

  /** A staff booking of the unit's first caseworker (one calendar, confirmed: no transaction of its own). */
  const staffAt = (f: ServiceUnit, start: string, client: ClientEntity, by: string): BookingRequest => ({
    unit: f.unit,
    type: f.followUp,
    mode: 'in_person',
    start: new Date(start),
    actor: { type: 'staff', id: by },
    createdBy: 'staff',
    caseworkers: [f.caseworkers[0]],
    client,
  });

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

  /** Advisory locks some session of this database is waiting for right now. */
  const waitingAdvisoryLocks = () =>
    ctx.count(
      `SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
        WHERE d.datname = current_database() AND l.locktype = 'advisory' AND NOT l.granted`,
    );

  async function untilWaiting(): Promise<number> {
    const deadline = Date.now() + PATIENCE_MS;
    for (;;) {
      const n = await waitingAdvisoryLocks();
      if (n > 0 || Date.now() > deadline) return n;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it("a booking only B can take completes while A's calendar is locked; one that can go to A waits for the lock", async () => {
    const f = await unitOfTwo();
    const tx = await holdLocks([f.a]);

    // 14:00: only B's hours hold it, so A's lock is not the booking's to wait for.
    await expect(within(publicBooks(ctx, f, AFTERNOON), PATIENCE_MS)).resolves.toBe(f.b);

    // 09:00: A's hours hold it, so the booking locks A, and waits.
    const morning = publicBooks(ctx, f, MORNING);
    const settled = within(morning, 600);
    await expect(untilWaiting()).resolves.toBeGreaterThan(0);
    await expect(settled).resolves.toBe('still waiting');
    await tx.commitTransaction();
    await expect(within(morning, PATIENCE_MS)).resolves.toBe(f.a);
    await expect(
      ctx.count(`SELECT 1 FROM appointments WHERE unit_id = $1 AND status = 'confirmed'`, [f.unit.id]),
    ).resolves.toBe(2);
  });

  it("two public bookings for different caseworkers at the same time: B's completes while A's transaction is still open", async () => {
    const f = await unitOfTwo();
    const team = await ctx.get(SlotFinder).teamWithHours(f.unit.id);
    // A public booking for 09:00 (A's) that has booked inside its transaction and not committed yet.
    holder = ctx.db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    const request = (startsAt: string, n: number): BookingRequest => ({
      unit: f.unit,
      type: f.intake,
      mode: 'in_person',
      start: new Date(startsAt),
      actor: { type: 'client', id: null },
      createdBy: 'public',
      caseworkers: team.map((t) => t.caseworker),
      hours: new Map(team.map((t) => [t.caseworker.id, t.workingHours])),
      client: { name: `Client ${n}`, email: `open-${n}-${f.unit.id}@example.test` },
    });
    const open = await ctx.get(BookingService).book(request(MORNING, 3), holder.manager);
    expect(open.caseworkerId).toBe(f.a);

    await expect(within(publicBooks(ctx, f, AFTERNOON), PATIENCE_MS)).resolves.toBe(f.b);
    // Another 09:00 can only go to A: it waits for the open booking, then finds the time taken.
    const same = publicBooks(ctx, f, MORNING);
    await expect(untilWaiting()).resolves.toBeGreaterThan(0);
    await expect(within(same, 300)).resolves.toBe('still waiting');
    await holder.commitTransaction();
    await expect(within(same, PATIENCE_MS)).resolves.toBe('failed: SLOT_TAKEN');
  });

  it('an admin without working hours is not in the public team: their lock is never taken and they get no booking', async () => {
    const f = await unitOfTwo();
    const team = await ctx.get(SlotFinder).team(f.unit.id);
    expect(team.map((c) => c.id).sort()).toEqual([f.a, f.b].sort());

    // The admin's calendar lock held elsewhere does not hold up a booking the whole team could take.
    await holdLocks([f.admin]);
    await expect(within(publicBooks(ctx, f, MORNING), PATIENCE_MS)).resolves.toMatch(new RegExp(`^(${f.a}|${f.b})$`));
    await expect(ctx.count(`SELECT 1 FROM appointments WHERE caseworker_id = $1`, [f.admin])).resolves.toBe(0);
  });

  it('a booking of one calendar takes its lock in its write: while a change holds the lock it waits, then the time taken is SLOT_TAKEN', async () => {
    const f = await unitOfTwo();
    const tx = await holdLocks([f.a]);
    // An appointment at that time written under the held lock (as a reschedule would), not committed.
    const moved = await ctx
      .get(BookingService)
      .book(staffAt(f, MORNING, await ctx.newClient(f.unit), f.admin), tx.manager);
    const waiting = ctx.get(BookingService).book(staffAt(f, MORNING, await ctx.newClient(f.unit), f.admin));
    await expect(untilWaiting()).resolves.toBeGreaterThan(0);
    await expect(within(waiting, 300)).resolves.toBe('still waiting');
    await tx.commitTransaction();
    await expect(within(waiting, PATIENCE_MS)).resolves.toBe('failed: SLOT_TAKEN');
    await expect(ctx.count(`SELECT 1 FROM appointments WHERE caseworker_id = $1`, [f.a])).resolves.toBe(1);
    expect(moved.caseworkerId).toBe(f.a);
  });

  it('20 staff bookings of one calendar and one time at once: one is booked, 19 are SLOT_TAKEN, and none deadlocked', async () => {
    const f = await unitOfTwo();
    const clients = await Promise.all(Array.from({ length: 20 }, () => ctx.newClient(f.unit)));
    const deadlocks = () =>
      ctx.db
        .query<Array<{ n: string }>>(
          `SELECT deadlocks::text AS n FROM pg_stat_database WHERE datname = current_database()`,
        )
        .then(([r]) => Number(r.n));
    const before = await deadlocks();
    const results = await Promise.all(
      clients.map((client) => within(ctx.get(BookingService).book(staffAt(f, MORNING, client, f.admin)), PATIENCE_MS)),
    );
    expect(results.filter((r) => r === f.a)).toHaveLength(1);
    expect(results.filter((r) => r === 'failed: SLOT_TAKEN')).toHaveLength(19);
    await expect(ctx.count(`SELECT 1 FROM appointments WHERE caseworker_id = $1`, [f.a])).resolves.toBe(1);
    // Statistics are sent at the end of each transaction; a deadlock would have shown by now.
    await new Promise((r) => setTimeout(r, 1500));
    await expect(deadlocks()).resolves.toBe(before);
  });

  it('the whole team has the same hours: a booking whose choice is being written takes the next at once; when every one is, it waits for its first choice alone and, that one taken meanwhile, books the next', async () => {
    const f = await ctx.newUnit({ caseworkers: 2, settings: { selfBookingConfirmation: 'none' } });
    const [a, b] = f.caseworkers;
    // Elsewhere, A's lock is held and A is booked at 09:00, not committed yet.
    const tx = await holdLocks([a.id]);
    const client = await ctx.newClient(f.unit);
    await ctx.get(BookingService).book(staffAt(f, MORNING, client, a.id), tx.manager);
    // 10:00: both are free and equally booked, so A is the first choice; A's calendar is being
    // written, so B, without waiting for A's lock (issue 24: it queued behind it).
    await expect(within(publicBooks(ctx, f, '2027-03-03T10:00:00+01:00'), 2_000)).resolves.toBe(b.id);
    // Now B's calendar is being written too.
    await ctx.get(AppointmentRepository).lockCalendars(tx.manager, [b.id]);
    // 09:00 as well: the read does not see A's open booking, so A comes first (B has the 10:00).
    // Both being written, it waits, for A's lock only; the write meets A's 09:00 once it commits,
    // and the booking runs again: B.
    const same = publicBooks(ctx, f, MORNING);
    await expect(untilWaiting()).resolves.toBe(1);
    await expect(within(same, 300)).resolves.toBe('still waiting');
    await tx.commitTransaction();
    await expect(within(same, PATIENCE_MS)).resolves.toBe(b.id);
    await expect(ctx.count(`SELECT 1 FROM appointments WHERE unit_id = $1`, [f.unit.id])).resolves.toBe(3);
  });

  it('a caseworker deactivated by another instance (straight in SQL, the cached team still lists them) is not booked', async () => {
    const f = await ctx.newUnit({ caseworkers: 2, settings: { selfBookingConfirmation: 'none' } });
    const [a, b] = f.caseworkers;
    // Warms this instance's cache of the unit's team: both, equally booked, so A comes first.
    await expect(within(publicBooks(ctx, f, MORNING), PATIENCE_MS)).resolves.toBe(a.id);
    await expect(within(publicBooks(ctx, f, MORNING), PATIENCE_MS)).resolves.toBe(b.id);
    await ctx.db.query(`UPDATE caseworkers SET active = false WHERE id = $1`, [a.id]);
    // 11:00: A is the least booked of the cached team (tie, earlier), yet no longer active.
    await expect(within(publicBooks(ctx, f, '2027-03-03T11:00:00+01:00'), PATIENCE_MS)).resolves.toBe(b.id);
    await expect(ctx.count(`SELECT 1 FROM appointments WHERE caseworker_id = $1`, [a.id])).resolves.toBe(1);
  });
});
