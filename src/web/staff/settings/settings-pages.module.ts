import { Module } from '@nestjs/common';
import { CalendarsModule } from '../../../calendars/calendars.module';
import { ExternalCalendarsModule } from '../../../external-calendars/external-calendars.module';
import { UnitsModule } from '../../../units/units.module';
import { StaffPagesModule } from '../staff-pages.module';
import { ExternalCalendarForms } from './external-calendars';
import { SettingsPagesService } from './settings-pages.service';
import { SettingsController } from './settings.controller';
import { WorkingTimeForms } from './working-time';

/** My settings: working hours, absences, busy times from the own calendar, the feed URL, own API tokens, language. */
@Module({
  imports: [StaffPagesModule, CalendarsModule, UnitsModule, ExternalCalendarsModule],
  controllers: [SettingsController],
  providers: [SettingsPagesService, WorkingTimeForms, ExternalCalendarForms],
  // The admin's page of a colleague shows and posts the same sections (StaffAdminPagesModule).
  exports: [WorkingTimeForms, ExternalCalendarForms],
})
export class StaffSettingsPagesModule {}
