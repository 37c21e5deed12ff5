import { Global, Module } from '@nestjs/common';
import { AvailabilityModule } from '../availability/availability.module';
import { CalendarSource } from '../availability/calendar-source';
import { AppointmentCalendarSource } from './appointment-calendar.read-model';
import { ClientAppointments } from '../clients/client-appointments';
import { ClientsModule } from '../clients/clients.module';
import { UnitsModule } from '../units/units.module';
import { AppointmentChangesService } from './appointment-changes.service';
import { AppointmentLifecycle } from './appointment-lifecycle';
import { AppointmentLoader } from './appointment-loader.read-model';
import { AppointmentRepository } from './appointment.repository';
import { AppointmentsController } from './appointments.controller';
import { BookingContext } from './booking-context';
import { BookingService } from './booking.service';
import { ClientAppointmentsAdapter } from './client-appointments.adapter';
import { ClientPortalService } from './client-portal.service';
import { ClientSessions } from './client-sessions';
import { FirstMeetingPolicy } from './first-meeting.policy';
import { HoldExpiryWorker } from './hold-expiry.worker';
import { IdempotencyKeyRepository } from './idempotency-key.repository';
import { IdempotencyService } from './idempotency.service';
import { PublicBookingService } from './public-booking.service';
import { PublicController } from './public.controller';
import { SlotFinder } from './slot-finder';
import { StaffAppointmentViews } from './staff-appointment-views.service';
import { StaffAppointmentsService } from './staff-appointments.service';
import { UnconfirmedHolds } from './unconfirmed-holds';

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
    AppointmentLoader,
    BookingContext,
    AppointmentLifecycle,
    FirstMeetingPolicy,
    IdempotencyService,
    BookingService,
    AppointmentChangesService,
    SlotFinder,
    ClientSessions,
    StaffAppointmentsService,
    StaffAppointmentViews,
    PublicBookingService,
    ClientPortalService,
    HoldExpiryWorker,
    UnconfirmedHolds,
    { provide: ClientAppointments, useClass: ClientAppointmentsAdapter },
    AppointmentCalendarSource,
    { provide: CalendarSource, useExisting: AppointmentCalendarSource },
  ],
  exports: [
    AppointmentRepository,
    StaffAppointmentsService,
    StaffAppointmentViews,
    AppointmentLifecycle,
    AppointmentLoader,
    AppointmentChangesService,
    ClientPortalService,
    PublicBookingService,
    ClientAppointments,
    CalendarSource,
    StaffAppointmentsService,
  ],
})
export class AppointmentsModule {}
