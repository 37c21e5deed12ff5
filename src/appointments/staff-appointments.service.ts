import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AvailabilityService } from '../availability/availability.service';
import { assertCanManageCalendar, assertSameUnit, StaffPrincipal } from '../auth/staff-principal';
import { Clock } from '../common/clock';
import { ErrorCode } from '../common/errors';
import { isoInstant } from '../common/iso-time';
import { parseRange } from '../common/range';
import { AppointmentEntity } from './appointment.entity';
import { ChangeActor } from './appointment-changes.service';
import { AppointmentLoader } from './appointment-loader';
import { AppointmentResponse, CreateAppointmentDto, SlotsResponse, StaffSlotQuery } from './appointments.dto';
import { BookingService } from './booking.service';
import { IdempotencyService } from './idempotency.service';
import { FirstMeetingPolicy } from './first-meeting.policy';

/** The staff side of appointments: slots, booking for a client, changes (reads: StaffAppointmentViews). */
@Injectable()
export class StaffAppointmentsService {
  constructor(
    private readonly db: DataSource,
    private readonly loader: AppointmentLoader,
    private readonly availability: AvailabilityService,
    private readonly firstMeeting: FirstMeetingPolicy,
    private readonly booking: BookingService,
    private readonly clock: Clock,
  ) {}

  async slots(staff: StaffPrincipal, caseworkerId: string, q: StaffSlotQuery): Promise<SlotsResponse> {
    const range = parseRange(q, 92);
    const { unit, caseworker: cw, type } = await this.loader.slotContext(staff.unitId, caseworkerId, q.meetingTypeId);
    if (!type.modes.includes(q.mode)) return { timeZone: unit.timeZone, slots: [], reason: ErrorCode.MODE_NOT_ALLOWED };
    const now = this.clock.now();
    if (q.mode === 'video' && q.clientId) {
      const client = await this.loader.client(unit.id, q.clientId);
      if (!(await this.firstMeeting.videoAllowed(client, cw.id, unit.firstMeetingScope, now))) {
        return { timeZone: unit.timeZone, slots: [], reason: ErrorCode.FIRST_MEETING_IN_PERSON };
      }
    }
    if (q.appointmentId) assertSameUnit(staff, (await this.loader.appointment(q.appointmentId).catch(() => null))?.unitId, 'Appointment not found');
    const { slots, reason } = await this.availability.slotsFor(cw, unit, type, q.mode, range, now, { staff: true, excludeAppointmentId: q.appointmentId });
    return { timeZone: unit.timeZone, slots: slots.map(toSlot), ...(reason ? { reason: ErrorCode[reason] } : {}) };
  }

  async create(staff: StaffPrincipal, dto: CreateAppointmentDto, key?: string): Promise<AppointmentResponse> {
    const [unit, cw, client, type] = await Promise.all([
      this.loader.unit(staff.unitId),
      this.loader.caseworker(staff.unitId, dto.caseworkerId),
      this.loader.client(staff.unitId, dto.clientId),
      this.loader.meetingType(staff.unitId, dto.meetingTypeId),
    ]);
    assertCanManageCalendar(staff, cw);
    const respond = (a: AppointmentEntity) => AppointmentResponse.from(a, unit.timeZone);
    const booked = await this.booking.book(
      {
        unit, type, mode: dto.mode, start: new Date(dto.startsAt), actor: { type: 'staff', id: staff.caseworkerId }, createdBy: 'staff',
        caseworkers: [cw], client, overrideReason: dto.firstMeetingOverrideReason,
        idempotency: key ? { caller: `staff:${staff.caseworkerId}`, key, hash: IdempotencyService.hash(dto) } : undefined,
      },
      respond,
    );
    return (booked.replayed as AppointmentResponse) ?? respond(booked.appointment);
  }

  /** A staff change of one appointment: a caseworker changes only their own calendar, an admin any in the unit. */
  async change(staff: StaffPrincipal, id: string, run: (actor: ChangeActor) => Promise<AppointmentEntity>): Promise<AppointmentResponse> {
    const a = await this.db.manager.findOneBy(AppointmentEntity, { id });
    assertSameUnit(staff, a?.unitId, 'Appointment not found');
    assertCanManageCalendar(staff, { id: a!.caseworkerId, unitId: a!.unitId });
    const changed = await run({ type: 'staff', id: staff.caseworkerId });
    const [fresh, unit] = await Promise.all([this.loader.appointment(changed.id), this.loader.unit(changed.unitId)]);
    return AppointmentResponse.from(fresh, unit.timeZone);
  }
}

export const toSlot = (s: { start: number; end: number }) => ({ startsAt: isoInstant(s.start), endsAt: isoInstant(s.end) });
