import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module';
import { CalendarsController } from './calendars.controller';
import { CalendarsService } from './calendars.service';
import { FeedController } from './feed.controller';
import { FeedService } from './feed.service';

@Module({ imports: [UnitsModule], controllers: [CalendarsController, FeedController], providers: [CalendarsService, FeedService], exports: [CalendarsService] })
export class CalendarsModule {}
