import { Module } from '@nestjs/common';
import { CalendarsModule } from '../../../calendars/calendars.module';
import { ExternalCalendarsModule } from '../../../external-calendars/external-calendars.module';
import { UnitsModule } from '../../../units/units.module';
import { StaffPagesModule } from '../staff-pages.module';
import { SettingsPagesService } from './settings-pages.service';
import { SettingsController } from './settings.controller';

/** My settings: working hours, absences, busy times from the own calendar, the feed URL, own API tokens, language. */
@Module({
  imports: [StaffPagesModule, CalendarsModule, UnitsModule, ExternalCalendarsModule],
  controllers: [SettingsController],
  providers: [SettingsPagesService],
})
export class StaffSettingsPagesModule {}
