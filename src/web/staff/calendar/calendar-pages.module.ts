import { Module } from '@nestjs/common';
import { StaffPagesModule } from '../staff-pages.module';

/** The calendar: the week (own or, for an admin, any caseworker of the unit), the team day, drag to reschedule. */
@Module({
  imports: [StaffPagesModule],
  controllers: [],
  providers: [],
})
export class StaffCalendarPagesModule {}
