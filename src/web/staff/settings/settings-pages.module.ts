import { Module } from '@nestjs/common';
import { StaffPagesModule } from '../staff-pages.module';

/** My settings: working hours, absences, the feed URL, own API tokens, language. */
@Module({
  imports: [StaffPagesModule],
  controllers: [],
  providers: [],
})
export class StaffSettingsPagesModule {}
