import { randomUUID } from 'node:crypto';
import { AppointmentRepository, BookingRow } from '../../src/appointments/data/appointment.repository';
import { BookingRequest, BookingService } from '../../src/appointments/booking/booking.service';
import { ClientPortalService } from '../../src/appointments/client-portal/client-portal.service';
import { SlotFinder } from '../../src/appointments/booking/slot-finder';
import { ClientEntity } from '../../src/clients/client.entity';
import { AuditService, SYSTEM } from '../../src/common/audit/audit.service';
import { DomainError, ErrorCode } from '../../src/common/errors';
import { createServiceContext, ServiceContext, ServiceUnit } from '../support/service-context';

const NOW = '2027-03-01T07:00:00Z'; // a Monday, 08:00 in Stockholm

describe('BookingService against PostgreSQL (no HTTP)', () => {
  let ctx: ServiceContext;
  let booking: BookingService;
  beforeAll(async () => {
    ctx = await createServiceContext();
    booking = ctx.get(BookingService);
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterAll(() => ctx.close());

  const staffBooking = (
    f: ServiceUnit,
    client: ClientEntity,
    start: string,
    over: Partial<BookingRequest> = {},
  ): BookingRequest => ({
    unit: f.unit,
    type: f.followUp,
    mode: 'in_person',
    start: new Date(start),
    actor: { type: 'staff', id: f.caseworkers[0].id },
    createdBy: 'staff',
    caseworkers: [f.caseworkers[0]],
    client,
    ...over,
  });
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'booked',
      (err) => (err instanceof DomainError ? err.code : `not a DomainError: ${String(err)}`),
    );

  it('re-checks the slot in its transaction: a slot that was free when listed and taken since is SLOT_TAKEN', async () => {
    const f = await ctx.newUnit();
    const [a, b] = [await ctx.newClient(f.unit), await ctx.newClient(f.unit)];
    const start = '2027-03-03T09:00:00+01:00';
    const listed = await ctx
      .get(SlotFinder)
      .forStaff(
        { unit: f.unit, caseworker: f.caseworkers[0], type: f.followUp },
        { meetingTypeId: f.followUp.id, mode: 'in_person', from: start, to: '2027-03-03T10:00:00+01:00' },
      );
    expect(listed.slots.map((s) => s.startsAt)).toContain('2027-03-03T08:00:00.000Z');
    await booking.book(staffBooking(f, a, start));
    await expect(code(booking.book(staffBooking(f, b, start)))).resolves.toBe(ErrorCode.SLOT_TAKEN);
    // The buffer counts too: 09:45 starts inside the first meeting's 15 minutes after.
    await expect(code(booking.book(staffBooking(f, b, '2027-03-03T09:45:00+01:00')))).resolves.toBe(
      ErrorCode.SLOT_TAKEN,
    );
    await expect(ctx.count(`SELECT 1 FROM appointments WHERE client_id = $1`, [b.id])).resolves.toBe(0);
  });

  it('the exclusion constraint (23P01) is the guarantee: an overlapping insert past the re-check is SLOT_TAKEN, and nothing of its statement is written', async () => {
    const f = await ctx.newUnit({ caseworkers: 2 });
    const [first, second] = f.caseworkers;
    const c = await ctx.newClient(f.unit);
    const held = await booking.book(staffBooking(f, c, '2027-03-04T09:00:00+01:00'));
    expect(held.caseworkerId).toBe(first.id);
    const appointments = ctx.get(AppointmentRepository);
    // The same meeting again, for the same calendar: what a booking would insert had its re-check missed it.
    const overlapping = (caseworkerId: string): BookingRow => ({
      id: randomUUID(),
      caseworkerId,
      unitId: held.unitId,
      clientId: c.id,
      meetingTypeId: held.meetingTypeId,
      startsAt: held.startsAt,
      endsAt: held.endsAt,
      busyRange: held.busyRange,
      mode: held.mode,
      status: 'confirmed',
      location: held.location,
      sequence: 0,
      holdExpiresAt: null,
      holderIpHash: null,
      roomName: null,
      firstMeetingOverrideReason: null,
      cancelReason: null,
      createdBy: 'staff',
    });
    // Straight into the repository, past the engine's check: only the constraint stands in the way.
    // The statement's other part (an audit event) goes with it.
    const audited = () => ctx.count(`SELECT 1 FROM audit_events WHERE action = 'test.overlap'`);
    const part = AuditService.insertPart({ unitId: held.unitId, actor: SYSTEM, action: 'test.overlap' });
    const taken = await code(
      ctx.db.transaction((m) => appointments.insertBooking(m, appointments.newBooking(overlapping(first.id)), [part])),
    );
    expect(taken).toBe(ErrorCode.SLOT_TAKEN);
    await expect(audited()).resolves.toBe(0);
    // The other calendar is free at that time: the same row for it is written, and its part too.
    const other = await ctx.db.transaction((m) =>
      appointments.insertBooking(m, appointments.newBooking(overlapping(second.id)), [part]),
    );
    expect(other.caseworkerId).toBe(second.id);
    expect(other.createdAt).toBeInstanceOf(Date);
    await expect(audited()).resolves.toBe(1);
  });

  it('intake assignment uses the engine rule: the least booked caseworker that week, ties to the earlier one', async () => {
    const f = await ctx.newUnit({ caseworkers: 2 });
    const [first, second] = f.caseworkers;
    const c = await ctx.newClient(f.unit);
    const intake = (start: string) =>
      booking.book({
        ...staffBooking(f, c, start),
        type: f.intake,
        caseworkers: [first, second],
        actor: { type: 'client', id: null },
        createdBy: 'public',
        client: { name: 'A B', email: `x${start.slice(11, 13)}@example.test` },
      });
    expect((await intake('2027-03-02T09:00:00+01:00')).caseworkerId).toBe(first.id);
    expect((await intake('2027-03-02T10:00:00+01:00')).caseworkerId).toBe(second.id);
    expect((await intake('2027-03-02T11:00:00+01:00')).caseworkerId).toBe(first.id);
  });

  describe("first meeting in person (rule 4), by the unit's firstMeetingScope", () => {
    /** A client who has had one in-person meeting, with the unit's first caseworker. */
    async function withFirstMeeting(scope: 'unit' | 'caseworker') {
      const f = await ctx.newUnit({ caseworkers: 2, settings: { firstMeetingScope: scope } });
      const c = await ctx.newClient(f.unit, f.caseworkers[0].id);
      ctx.clock.set('2027-03-10T12:00:00Z');
      // A walk-in: a past start recorded by staff as having taken place.
      const past = await booking.book(staffBooking(f, c, '2027-03-08T09:00:00+01:00'));
      expect(past.status).toBe('completed');
      const video = (cw: number) =>
        booking.book(
          staffBooking(f, c, '2027-03-12T14:00:00+01:00', {
            mode: 'video',
            caseworkers: [f.caseworkers[cw]],
            actor: { type: 'staff', id: f.caseworkers[cw].id },
          }),
        );
      return { video };
    }

    it('scope caseworker: video only with the caseworker met in person', async () => {
      const { video } = await withFirstMeeting('caseworker');
      await expect(code(video(1))).resolves.toBe(ErrorCode.FIRST_MEETING_IN_PERSON);
      await expect(code(video(0))).resolves.toBe('booked');
    });

    it('scope unit: after one in-person meeting in the unit, video with anyone in it', async () => {
      const { video } = await withFirstMeeting('unit');
      await expect(code(video(1))).resolves.toBe('booked');
    });

    it("the personal page asks the rule directly (no slot search): first meeting, then the caseworker's video hours", async () => {
      const f = await ctx.newUnit({ caseworkers: 1, settings: { firstMeetingScope: 'caseworker' } });
      const cw = f.caseworkers[0];
      const c = await ctx.newClient(f.unit, cw.id);
      const portal = ctx.get(ClientPortalService);
      const session = { client: c, unit: f.unit, caseworker: cw, actor: { type: 'client' as const, id: c.id } };
      await expect(portal.videoRefusal({ ...session, caseworker: null }, f.followUp)).resolves.toBe(
        ErrorCode.FIRST_MEETING_IN_PERSON,
      );
      await expect(portal.videoRefusal(session, f.followUp)).resolves.toBe(ErrorCode.FIRST_MEETING_IN_PERSON);
      await expect(portal.videoRefusal(session, f.intake)).resolves.toBe(ErrorCode.MODE_NOT_ALLOWED);
      ctx.clock.set('2027-03-10T12:00:00Z');
      await booking.book(staffBooking(f, c, '2027-03-08T09:00:00+01:00'));
      await expect(portal.videoRefusal(session, f.followUp)).resolves.toBeNull();
      await ctx.db.query(`UPDATE working_hours SET modes = '{in_person}' WHERE caseworker_id = $1`, [cw.id]);
      await expect(portal.videoRefusal(session, f.followUp)).resolves.toBe(ErrorCode.MODE_NOT_ALLOWED);
    });

    it('a staff override reason allows video before the first meeting, and is audited as an override', async () => {
      const f = await ctx.newUnit();
      const c = await ctx.newClient(f.unit);
      await expect(
        code(booking.book(staffBooking(f, c, '2027-03-05T14:00:00+01:00', { mode: 'video' }))),
      ).resolves.toBe(ErrorCode.FIRST_MEETING_IN_PERSON);
      const a = await booking.book(
        staffBooking(f, c, '2027-03-05T14:00:00+01:00', { mode: 'video', overrideReason: 'Client cannot travel' }),
      );
      await expect(
        ctx.count(
          `SELECT 1 FROM audit_events WHERE appointment_id = $1 AND details->>'firstMeetingOverride' = 'true'`,
          [a.id],
        ),
      ).resolves.toBe(1);
    });
  });
});
