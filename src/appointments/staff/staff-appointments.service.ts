import { Injectable } from '@nestjs/common';
import { assertCanManageCalendar, assertSameUnit, StaffPrincipal } from '../../auth/staff-principal';
import { AppointmentEntity } from '../data/appointment.entity';
import { ChangeActor, Changed } from '../changes/appointment-changes.service';
import { BookingParties } from '../data/booking-parties.read-model';
import { AppointmentRepository } from '../data/appointment.repository';
import { AppointmentResponse, CreateAppointmentDto, SlotsResponse, StaffSlotQuery } from '../appointments.dto';
import { BookingService } from '../booking/booking.service';
import { IdempotencyService } from '../booking/idempotency.service';
import { SlotFinder } from '../booking/slot-finder';
import { ErrorCode } from '../../common/errors';

/** The staff side of appointments: slots, booking for a client, changes (reads: StaffAppointmentViews). */
@Injectable()
export class StaffAppointmentsService {
  constructor(
    private readonly parties: BookingParties,
    private readonly appointments: AppointmentRepository,
    private readonly slotFinder: SlotFinder,
    private readonly booking: BookingService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** Why this client could not have a video meeting of this type with this caseworker now, or null (SlotFinder). */
  videoRefusal(
    staff: StaffPrincipal,
    q: { caseworkerId: string; clientId: string; meetingTypeId: string },
    mode: 'video' | 'phone' = 'video',
  ): Promise<ErrorCode.MODE_NOT_ALLOWED | ErrorCode.FIRST_MEETING_IN_PERSON | null> {
    return this.slotFinder.staffVideoRefusal(staff.unitId, q, mode);
  }

  async slots(staff: StaffPrincipal, caseworkerId: string, q: StaffSlotQuery): Promise<SlotsResponse> {
    const context = await this.slotFinder.staffContext(staff.unitId, caseworkerId, q.meetingTypeId);
    // Free times are for booking, and a caseworker books only into their own calendar (as the booking
    // pages and POST /appointments decide): a colleague's are refused as /staff/book refuses them.
    assertCanManageCalendar(staff, context.caseworker);
    if (q.appointmentId)
      assertSameUnit(staff, (await this.appointments.find(q.appointmentId))?.unitId, 'Appointment not found');
    return this.slotFinder.forStaff(context, q, q.appointmentId);
  }

  async create(staff: StaffPrincipal, dto: CreateAppointmentDto, key?: string): Promise<AppointmentResponse> {
    const { unit, caseworker: cw, client, type } = await this.parties.staffBooking(staff.unitId, dto);
    assertCanManageCalendar(staff, cw);
    return this.idempotency.idempotent(`staff:${staff.caseworkerId}`, key, IdempotencyService.hash(dto), async (m) => {
      const a = await this.booking.book(
        {
          unit,
          type,
          mode: dto.mode,
          start: new Date(dto.startsAt),
          actor: { type: 'staff', id: staff.caseworkerId },
          createdBy: 'staff',
          caseworkers: [cw],
          client,
          overrideReason: dto.firstMeetingOverrideReason,
        },
        m,
      );
      return AppointmentResponse.from(a, unit.timeZone);
    });
  }

  /**
   * A staff change of one appointment: a caseworker changes only their own calendar, an admin any in the unit (checked
   * on the locked row).
   */
  async change(staff: StaffPrincipal, run: (actor: ChangeActor) => Promise<Changed>): Promise<AppointmentResponse> {
    const authorize = (a: AppointmentEntity) => {
      assertSameUnit(staff, a.unitId, 'Appointment not found');
      assertCanManageCalendar(staff, { id: a.caseworkerId, unitId: a.unitId });
    };
    const { appointment, unit } = await run({ type: 'staff', id: staff.caseworkerId, authorize });
    return AppointmentResponse.from(appointment, unit.timeZone);
  }
}

export { toSlot } from '../booking/slot-finder';
