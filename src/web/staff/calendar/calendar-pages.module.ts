import { Module } from '@nestjs/common';
import { StaffPagesModule } from '../staff-pages.module';
import { CalendarController } from './calendar.controller';
import { CalendarPagesService } from './calendar-pages.service';
import { CalendarReadModel } from './calendar.read-model';

/** The calendar: the week (own or, for an admin, any caseworker of the unit), the team day, drag to reschedule. */
@Module({
  imports: [StaffPagesModule],
  controllers: [CalendarController],
  providers: [CalendarPagesService, CalendarReadModel],
})
export class StaffCalendarPagesModule {}
