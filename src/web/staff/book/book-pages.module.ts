import { Module } from '@nestjs/common';
import { StaffPagesModule } from '../staff-pages.module';

/** Booking for a client (phone, walk-in) and the clients pages. */
@Module({
  imports: [StaffPagesModule],
  controllers: [],
  providers: [],
})
export class StaffBookPagesModule {}
