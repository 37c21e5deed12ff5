import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../../../appointments/appointments.module';
import { ClientsModule } from '../../../clients/clients.module';
import { UnitsModule } from '../../../units/units.module';
import { StaffPagesModule } from '../staff-pages.module';
import { BookPagesService } from './book-pages.service';
import { StaffBookController } from './book.controller';
import { ClientRecordsPagesService } from './clients/client-records-pages.service';
import { ClientSearchPagesService } from './clients/client-search-pages.service';
import { ClientsPagesService } from './clients/clients-pages.service';
import { StaffClientsController } from './clients/clients.controller';

/** Booking for a client (phone, walk-in) and the clients pages. */
@Module({
  imports: [StaffPagesModule, AppointmentsModule, ClientsModule, UnitsModule],
  controllers: [StaffBookController, StaffClientsController],
  providers: [BookPagesService, ClientSearchPagesService, ClientsPagesService, ClientRecordsPagesService],
})
export class StaffBookPagesModule {}
