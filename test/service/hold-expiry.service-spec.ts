import { Logger } from '@nestjs/common';
import { AppointmentEntity } from '../../src/appointments/data/appointment.entity';
import { AppointmentLifecycle } from '../../src/appointments/changes/appointment-lifecycle';
import { BookingService } from '../../src/appointments/booking/booking.service';
import { Transactions } from '../../src/common/transactions';
import { HoldExpiryWorker } from '../../src/appointments/changes/hold-expiry.worker';
import { JobsService } from '../../src/jobs/jobs.service';
import { QueueRunner } from '../../src/jobs/queue-runner';
import { createServiceContext, ServiceContext, ServiceUnit } from '../support/service-context';

const NOW = '2027-03-01T07:00:00Z';

/** Polls `check` until it holds or `ms` pass; whether it held. */
async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

describe('hold expiry: an early job runs again, and the sweep releases what no job did (issue 24 §5.1)', () => {
  let ctx: ServiceContext;
  let f: ServiceUnit;
  let n = 0;
  beforeAll(async () => {
    ctx = await createServiceContext();
    f = await ctx.newUnit({ settings: { selfBookingConfirmation: 'email_link' } });
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterAll(() => ctx.close());

  /** A public booker's unconfirmed hold, on a new client row made from their details. */
  async function hold(): Promise<{ a: AppointmentEntity; email: string }> {
    const email = `holder-${++n}-${f.unit.id}@example.test`;
    const a = await ctx.get(BookingService).book({
      unit: f.unit,
      type: f.intake,
      mode: 'in_person',
      start: new Date(Date.parse('2027-03-01T08:00:00Z') + n * 86_400_000), // Tue–Fri 09:00 in Stockholm
      actor: { type: 'client', id: null },
      createdBy: 'public',
      caseworkers: f.caseworkers,
      client: { name: 'Nils Holder', email },
    });
    expect(a.status).toBe('held');
    return { a, email };
  }

  const holdJobs = (id: string, state: string) =>
    ctx.count(`SELECT 1 FROM pgboss.job WHERE name = 'hold-expiry' AND data->>'appointmentId' = $1 AND state = $2`, [
      id,
      state,
    ]);
  const rowsOf = async (id: string, email: string) => ({
    appointment: await ctx.count(`SELECT 1 FROM appointments WHERE id = $1`, [id]),
    client: await ctx.count(`SELECT 1 FROM clients WHERE email = $1`, [email]),
  });

  it('a job that runs 50 ms before the hold ends (the app clock behind the database) runs again at the end and releases it', async () => {
    const { a, email } = await hold();
    const end = a.holdExpiresAt!;
    // The job falls due now by the database's clock, while the app's clock still reads 50 ms before the end.
    await ctx.db.query(
      `UPDATE pgboss.job SET start_after = now() WHERE name = 'hold-expiry' AND data->>'appointmentId' = $1`,
      [a.id],
    );
    ctx.clock.set(new Date(end.getTime() - 50));
    const worker = ctx.get(HoldExpiryWorker);
    const runner = new QueueRunner<{ appointmentId: string }>(
      ctx.get(JobsService).boss,
      'hold-expiry',
      (d) => worker.expire(d.appointmentId),
      1,
      25,
      new Logger('hold-expiry-spec'),
    );
    runner.start();
    try {
      expect(await eventually(async () => (await holdJobs(a.id, 'completed')) === 1)).toBe(true);
      // Not yet its end: the hold stays, and a new job waits for the remaining 50 ms.
      await expect(rowsOf(a.id, email)).resolves.toEqual({ appointment: 1, client: 1 });
      const [again] = await ctx.db.query<Array<{ delay_ms: number }>>(
        `SELECT (extract(epoch FROM start_after - created_on) * 1000)::float8 AS delay_ms FROM pgboss.job
          WHERE name = 'hold-expiry' AND data->>'appointmentId' = $1 AND state = 'created'`,
        [a.id],
      );
      expect(again).toEqual({ delay_ms: 50 });

      ctx.clock.advance(50);
      expect(await eventually(async () => (await rowsOf(a.id, email)).appointment === 0)).toBe(true);
      // Rule 5: a hold never confirmed leaves no personal data.
      await expect(rowsOf(a.id, email)).resolves.toEqual({ appointment: 0, client: 0 });
      await expect(
        ctx.count(`SELECT 1 FROM audit_events WHERE appointment_id = $1 AND action = 'appointment.hold_expired'`, [
          a.id,
        ]),
      ).resolves.toBe(1);
      expect(await eventually(async () => (await holdJobs(a.id, 'completed')) === 2)).toBe(true);
    } finally {
      await runner.stop(5_000);
    }
  });

  it('the sweep releases holds whose job was lost (still held, or already released by a booking), once, with several sweeping at once', async () => {
    const lost = await hold();
    const releasedInline = await hold();
    const live = await hold();
    await ctx.db.query(`DELETE FROM pgboss.job WHERE name = 'hold-expiry' AND data->>'appointmentId' = ANY($1)`, [
      [lost.a.id, releasedInline.a.id],
    ]);
    // All three were made at NOW; the lost one ends 10 s later, the live one a minute later.
    const end = lost.a.holdExpiresAt!.getTime();
    const endAt = (id: string, ms: number) =>
      ctx.db.query(`UPDATE appointments SET hold_expires_at = $2 WHERE id = $1`, [id, new Date(ms)]);
    await endAt(lost.a.id, end + 10_000);
    await endAt(live.a.id, end + 60_000);
    ctx.clock.set(new Date(end + 1));
    // A booking into the same calendar releases the overdue hold in its transaction; deleting it was its job's.
    await ctx
      .get(Transactions)
      .run((m) =>
        ctx.get(AppointmentLifecycle).releaseOverdueHolds(m, [releasedInline.a.caseworkerId], ctx.clock.now()),
      );
    await expect(
      ctx.count(`SELECT 1 FROM appointments WHERE id = $1 AND cancel_reason = 'hold_expired'`, [releasedInline.a.id]),
    ).resolves.toBe(1);
    ctx.clock.set(new Date(end + 10_001));

    const worker = ctx.get(HoldExpiryWorker);
    const released = await Promise.all([worker.sweep(), worker.sweep()]);
    expect(released[0] + released[1]).toBe(2);
    await expect(rowsOf(lost.a.id, lost.email)).resolves.toEqual({ appointment: 0, client: 0 });
    await expect(rowsOf(releasedInline.a.id, releasedInline.email)).resolves.toEqual({ appointment: 0, client: 0 });
    await expect(rowsOf(live.a.id, live.email)).resolves.toEqual({ appointment: 1, client: 1 });
    await expect(
      ctx.count(`SELECT 1 FROM audit_events WHERE appointment_id = ANY($1) AND action = 'appointment.hold_expired'`, [
        [lost.a.id, releasedInline.a.id],
      ]),
    ).resolves.toBe(2);
    await expect(worker.sweep()).resolves.toBe(0);
  });
});
