import { Module } from '@nestjs/common';
import { StaffPagesModule } from '../staff-pages.module';

/** The appointment panel: details, client, history, and every action on one meeting. */
@Module({
  imports: [StaffPagesModule],
  controllers: [],
  providers: [],
})
export class StaffAppointmentPagesModule {}
