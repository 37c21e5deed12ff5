import { Module } from '@nestjs/common';
import { AvailabilityModule } from '../availability/availability.module';
import { UnitsModule } from '../units/units.module';
import { AppointmentChangesService } from './appointment-changes.service';
import { AppointmentEvents } from './appointment-events';
import { AppointmentLoader } from './appointment-loader';
import { AppointmentsController } from './appointments.controller';
import { BookingService } from './booking.service';
import { ClientPortalService } from './client-portal.service';
import { FirstMeetingPolicy } from './first-meeting.policy';
import { HoldExpiryWorker } from './hold-expiry.worker';
import { IdempotencyService } from './idempotency.service';
import { PublicBookingService } from './public-booking.service';
import { PublicController } from './public.controller';
import { ReturningClients } from './returning-client';
import { StaffAppointmentViews } from './staff-appointment-views.service';
import { StaffAppointmentsService } from './staff-appointments.service';
import { UnconfirmedHolds } from './unconfirmed-holds';

@Module({
  imports: [AvailabilityModule, UnitsModule],
  controllers: [AppointmentsController, PublicController],
  providers: [
    AppointmentLoader, FirstMeetingPolicy, IdempotencyService, AppointmentEvents, BookingService, AppointmentChangesService,
    StaffAppointmentsService, StaffAppointmentViews, PublicBookingService, ClientPortalService, HoldExpiryWorker, UnconfirmedHolds, ReturningClients,
  ],
  exports: [AppointmentLoader, AppointmentChangesService, ClientPortalService, PublicBookingService],
})
export class AppointmentsModule {}
