import { Global, Module } from '@nestjs/common';
import { AvailabilityModule } from '../availability/availability.module';
import { CalendarSource } from '../availability/calendar-source';
import { AppointmentCalendarSource } from './data/appointment-calendar.read-model';
import { ClientAppointments } from '../clients/client-appointments';
import { ClientsModule } from '../clients/clients.module';
import { UnitsModule } from '../units/units.module';
import { ChangeRunner } from './changes/change-runner';
import { AppointmentChangesService } from './changes/appointment-changes.service';
import { AppointmentLifecycle } from './changes/appointment-lifecycle';
import { BookingParties } from './data/booking-parties.read-model';
import { AppointmentRepository } from './data/appointment.repository';
import { AppointmentsController } from './staff/appointments.controller';
import { BookingContext } from './booking/booking-context';
import { BookingCandidates } from './booking/booking-candidates';
import { BookingService } from './booking/booking.service';
import { ClientAppointmentsAdapter } from './client-appointments.adapter';
import { ClientPortalService } from './client-portal/client-portal.service';
import { ClientSessions } from './client-portal/client-sessions';
import { FirstMeetingPolicy } from './rules/first-meeting.policy';
import { HoldExpiryWorker } from './changes/hold-expiry.worker';
import { IdempotencyKeyRepository } from './data/idempotency-key.repository';
import { IdempotencyService } from './booking/idempotency.service';
import { HoldConfirmation } from './public/hold-confirmation.service';
import { PublicBookingService } from './public/public-booking.service';
import { PublicController } from './public/public.controller';
import { SlotFinder } from './booking/slot-finder';
import { StaffAppointmentViews } from './staff/staff-appointment-views.service';
import { StaffAppointmentsService } from './staff/staff-appointments.service';
import { HolderAddressKey } from './rules/holder-address';

/**
 * Global for the ports other features declare and this one implements: ClientAppointments (clients)
 * and CalendarSource (availability). Both are below appointments and must not import it.
 */
@Global()
@Module({
  imports: [AvailabilityModule, UnitsModule, ClientsModule],
  controllers: [AppointmentsController, PublicController],
  providers: [
    AppointmentRepository,
    IdempotencyKeyRepository,
    BookingParties,
    BookingContext,
    AppointmentLifecycle,
    FirstMeetingPolicy,
    IdempotencyService,
    BookingCandidates,
    BookingService,
    ChangeRunner,
    AppointmentChangesService,
    SlotFinder,
    ClientSessions,
    StaffAppointmentsService,
    StaffAppointmentViews,
    PublicBookingService,
    HoldConfirmation,
    ClientPortalService,
    HoldExpiryWorker,
    HolderAddressKey,
    { provide: ClientAppointments, useClass: ClientAppointmentsAdapter },
    AppointmentCalendarSource,
    { provide: CalendarSource, useExisting: AppointmentCalendarSource },
  ],
  exports: [
    AppointmentRepository,
    StaffAppointmentsService,
    StaffAppointmentViews,
    AppointmentLifecycle,
    BookingParties,
    AppointmentChangesService,
    ClientPortalService,
    PublicBookingService,
    HoldConfirmation,
    ClientAppointments,
    CalendarSource,
    StaffAppointmentsService,
  ],
})
export class AppointmentsModule {}
