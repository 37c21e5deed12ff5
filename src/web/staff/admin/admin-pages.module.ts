import { Module } from '@nestjs/common';
import { MailFailuresService } from '../../../notifications/mail-failures.service';
import { OffboardingModule } from '../../../offboarding/offboarding.module';
import { UnitsModule } from '../../../units/units.module';
import { StaffPagesModule } from '../staff-pages.module';
import { StaffSettingsPagesModule } from '../settings/settings-pages.module';
import { AdminController } from './admin.controller';
import { AdminAccess } from './admin-access';
import { AdminAuditPagesService } from './admin-audit-pages.service';
import { AdminCaseworkerPagesService } from './admin-caseworker-pages.service';
import { AdminCaseworkerController } from './admin-caseworker.controller';
import { AdminLeaverPagesService } from './admin-leaver-pages.service';
import { AdminMailFailurePagesService } from './admin-mail-failure-pages.service';
import { AdminMeetingTypePagesService } from './admin-meeting-type-pages.service';
import { AdminTeamPagesService } from './admin-team-pages.service';
import { AdminUnitPagesService } from './admin-unit-pages.service';
import { AdminUnitController } from './admin-unit.controller';
import { LeaverMeetingsReadModel } from './leaver-meetings.read-model';

/** Admin: caseworkers, meeting types, unit settings, mail failures, audit log. */
@Module({
  // StaffSettingsPagesModule: a colleague's page has My settings' hours, absence and calendar sections.
  imports: [StaffPagesModule, UnitsModule, OffboardingModule, StaffSettingsPagesModule],
  controllers: [AdminController, AdminCaseworkerController, AdminUnitController],
  // MailFailuresService reads pg-boss (JobsService, global); NotificationsModule does not export it.
  providers: [
    AdminAccess,
    AdminTeamPagesService,
    AdminCaseworkerPagesService,
    AdminLeaverPagesService,
    AdminMeetingTypePagesService,
    AdminUnitPagesService,
    AdminMailFailurePagesService,
    AdminAuditPagesService,
    LeaverMeetingsReadModel,
    MailFailuresService,
  ],
})
export class StaffAdminPagesModule {}
