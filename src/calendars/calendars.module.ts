import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module';
import { CalendarsController } from './calendars.controller';
import { CalendarsService } from './calendars.service';
import { FeedController } from './feed.controller';
import { FeedUrlService } from './feed-url.service';
import { FeedService } from './feed.service';
import { WorkingTimeRepository } from './working-time.repository';

@Module({
  imports: [UnitsModule],
  controllers: [CalendarsController, FeedController],
  providers: [CalendarsService, FeedService, FeedUrlService, WorkingTimeRepository],
  exports: [CalendarsService, FeedUrlService],
})
export class CalendarsModule {}
