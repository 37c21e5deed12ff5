import { Module } from '@nestjs/common';
import { StaffPagesModule } from '../staff-pages.module';
import { AppointmentPanelController } from './appointment.controller';
import { AppointmentPanelPagesService } from './appointment-pages.service';

/** The appointment panel: details, client, history, and every action on one meeting. */
@Module({
  imports: [StaffPagesModule],
  controllers: [AppointmentPanelController],
  providers: [AppointmentPanelPagesService],
})
export class StaffAppointmentPagesModule {}
