import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module';
import { CalendarsController } from './calendars.controller';
import { CalendarsService } from './calendars.service';
import { FeedController } from './feed.controller';
import { FeedUrlService } from './feed-url.service';
import { FeedService } from './feed.service';

@Module({
  imports: [UnitsModule],
  controllers: [CalendarsController, FeedController],
  providers: [CalendarsService, FeedService, FeedUrlService],
  exports: [CalendarsService, FeedUrlService],
})
export class CalendarsModule {}
