import { Module } from '@nestjs/common';
import { CalendarsModule } from '../../../calendars/calendars.module';
import { ExternalCalendarsModule } from '../../../external-calendars/external-calendars.module';
import { MailFailuresService } from '../../../notifications/mail-failures.service';
import { OffboardingModule } from '../../../offboarding/offboarding.module';
import { UnitsModule } from '../../../units/units.module';
import { StaffPagesModule } from '../staff-pages.module';
import { AdminController } from './admin.controller';
import { AdminAccess } from './admin-access';
import { AdminPagesService } from './admin-pages.service';
import { AdminUnitPagesService } from './admin-unit-pages.service';
import { LeaverMeetingsReadModel } from './leaver-meetings.read-model';

/** Admin: caseworkers, meeting types, unit settings, mail failures, audit log. */
@Module({
  imports: [StaffPagesModule, UnitsModule, OffboardingModule, CalendarsModule, ExternalCalendarsModule],
  controllers: [AdminController],
  // MailFailuresService reads pg-boss (JobsService, global); NotificationsModule does not export it.
  providers: [AdminAccess, AdminPagesService, AdminUnitPagesService, LeaverMeetingsReadModel, MailFailuresService],
})
export class StaffAdminPagesModule {}
