import { Module } from '@nestjs/common';
import { StaffPagesModule } from '../staff-pages.module';

/** Admin: caseworkers, meeting types, unit settings, mail failures, audit log. */
@Module({
  imports: [StaffPagesModule],
  controllers: [],
  providers: [],
})
export class StaffAdminPagesModule {}
