import { AppointmentLifecycle } from '../../src/appointments/changes/appointment-lifecycle';
import { AppointmentRepository } from '../../src/appointments/data/appointment.repository';
import { AppointmentChangesService } from '../../src/appointments/changes/appointment-changes.service';
import { BookingService } from '../../src/appointments/booking/booking.service';
import { ClientEntity } from '../../src/clients/client.entity';
import { Transactions } from '../../src/common/transactions';
import { createServiceContext, ServiceContext } from '../support/service-context';

const NOW = '2027-03-01T07:00:00Z';
const MINUTE = 60_000;

describe('AppointmentLifecycle against PostgreSQL (no HTTP)', () => {
  let ctx: ServiceContext;
  let lifecycle: AppointmentLifecycle;
  beforeAll(async () => {
    ctx = await createServiceContext();
    lifecycle = ctx.get(AppointmentLifecycle);
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterAll(() => ctx.close());

  const jobsOf = (id: string) => ctx.count(`SELECT 1 FROM pgboss.job WHERE data->>'appointmentId' = $1`, [id]);
  const auditOf = (id: string, action: string) =>
    ctx.count(`SELECT 1 FROM audit_events WHERE appointment_id = $1 AND action = $2`, [id, action]);

  async function confirmedAppointment() {
    const f = await ctx.newUnit();
    const client = await ctx.newClient(f.unit);
    const a = await ctx.get(BookingService).book({
      unit: f.unit,
      type: f.followUp,
      mode: 'in_person',
      start: new Date('2027-03-03T09:00:00+01:00'),
      actor: { type: 'staff', id: f.caseworkers[0].id },
      createdBy: 'staff',
      caseworkers: [f.caseworkers[0]],
      client,
    });
    return { f, a };
  }

  it("a change writes its audit event and its jobs in the change's transaction: a rollback leaves neither, a commit both", async () => {
    const { f, a } = await confirmedAppointment();
    const [jobsBefore, auditBefore] = [await jobsOf(a.id), await auditOf(a.id, 'appointment.cancelled')];
    const cancel = async (fail: boolean) =>
      ctx.get(Transactions).run(async (m) => {
        const row = await ctx.get(AppointmentRepository).lockForChange(m, a.id);
        row.status = 'cancelled';
        row.sequence += 1;
        await lifecycle.apply(
          m,
          {
            action: 'appointment.cancelled',
            actor: { type: 'staff', id: f.caseworkers[0].id },
            appointment: row,
            unit: f.unit,
            mail: 'cancelled',
          },
          ctx.clock.now(),
        );
        if (fail) throw new Error('boom after the lifecycle wrote');
      });
    await expect(cancel(true)).rejects.toThrow('boom after the lifecycle wrote');
    await expect(jobsOf(a.id)).resolves.toBe(jobsBefore);
    await expect(auditOf(a.id, 'appointment.cancelled')).resolves.toBe(auditBefore);
    await expect(ctx.get(AppointmentRepository).get(a.id)).resolves.toMatchObject({ status: 'confirmed', sequence: 0 });

    await cancel(false);
    await expect(auditOf(a.id, 'appointment.cancelled')).resolves.toBe(1);
    await expect(
      ctx.count(
        `SELECT 1 FROM pgboss.job WHERE name = 'notify' AND data->>'appointmentId' = $1 AND data->>'kind' = 'cancelled'`,
        [a.id],
      ),
    ).resolves.toBe(1);
    await expect(ctx.get(AppointmentRepository).get(a.id)).resolves.toMatchObject({ status: 'cancelled', sequence: 1 });
  });

  it('attendance from video goes through the lifecycle: a confirmed meeting is marked and audited once, a staff-marked one is left alone', async () => {
    const { a } = await confirmedAppointment();
    ctx.clock.set('2027-03-03T10:00:00Z');
    await ctx
      .get(Transactions)
      .run(async (m) =>
        lifecycle.markByVideo(
          m,
          (await ctx.get(AppointmentRepository).lockRow(m, a.id))!,
          'completed',
          ctx.clock.now(),
        ),
      );
    await expect(ctx.get(AppointmentRepository).get(a.id)).resolves.toMatchObject({ status: 'completed' });
    await ctx
      .get(Transactions)
      .run(async (m) =>
        lifecycle.markByVideo(m, (await ctx.get(AppointmentRepository).lockRow(m, a.id))!, 'no_show', ctx.clock.now()),
      );
    await expect(ctx.get(AppointmentRepository).get(a.id)).resolves.toMatchObject({ status: 'completed' });
    await expect(
      ctx.count(`SELECT 1 FROM audit_events WHERE appointment_id = $1 AND details->>'by' = 'video'`, [a.id]),
    ).resolves.toBe(1);
  });

  describe('hold expiry', () => {
    async function publicHold() {
      const f = await ctx.newUnit();
      const a = await ctx.get(BookingService).book({
        unit: f.unit,
        type: f.intake,
        mode: 'in_person',
        start: new Date('2027-03-03T09:00:00+01:00'),
        actor: { type: 'client', id: null },
        createdBy: 'public',
        caseworkers: f.caseworkers,
        client: { name: 'Ny Klient', email: 'ny@example.test' },
      });
      expect(a.status).toBe('held');
      return { f, a };
    }

    it('deletes an overdue hold with the client row made for it, and audits the expiry by ids only', async () => {
      const { a } = await publicHold();
      await ctx
        .get(AppointmentChangesService)
        .addNote(a.id, { type: 'client', id: a.clientId }, 'Please call me first');
      await lifecycle.expireHold(a.id, new Date(Date.parse(NOW) + 30 * MINUTE - 1));
      await expect(ctx.count(`SELECT 1 FROM appointments WHERE id = $1`, [a.id])).resolves.toBe(1);

      await lifecycle.expireHold(a.id, new Date(Date.parse(NOW) + 30 * MINUTE));
      await expect(ctx.count(`SELECT 1 FROM appointments WHERE id = $1`, [a.id])).resolves.toBe(0);
      await expect(ctx.count(`SELECT 1 FROM clients WHERE id = $1`, [a.clientId])).resolves.toBe(0);
      await expect(ctx.count(`SELECT 1 FROM client_notes WHERE appointment_id = $1`, [a.id])).resolves.toBe(0);
      await expect(auditOf(a.id, 'appointment.hold_expired')).resolves.toBe(1);
    });

    it('keeps the client row when that client has another booking', async () => {
      const { f, a } = await publicHold();
      const other = await ctx.get(BookingService).book({
        unit: f.unit,
        type: f.followUp,
        mode: 'in_person',
        start: new Date('2027-03-04T09:00:00+01:00'),
        actor: { type: 'staff', id: f.caseworkers[0].id },
        createdBy: 'staff',
        caseworkers: [f.caseworkers[0]],
        client: await ctx.db.getRepository(ClientEntity).findOneByOrFail({ id: a.clientId }),
      });
      await lifecycle.expireHold(a.id, new Date(Date.parse(NOW) + 31 * MINUTE));
      await expect(ctx.count(`SELECT 1 FROM appointments WHERE id = $1`, [a.id])).resolves.toBe(0);
      await expect(ctx.count(`SELECT 1 FROM clients WHERE id = $1`, [other.clientId])).resolves.toBe(1);
    });
  });
});
