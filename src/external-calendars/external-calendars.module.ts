import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module';
import { ExternalCalendarRepository } from './external-calendar.repository';
import { ExternalCalendarSync } from './external-calendar-sync';
import { ExternalCalendarSyncWorker } from './external-calendar-sync.worker';
import { ExternalCalendarsController } from './external-calendars.controller';
import { ExternalCalendarsService } from './external-calendars.service';
import { NetworkSourceReader } from './network-source-reader';
import { SourceReader } from './source-reader';

/** Busy time from caseworkers' own calendars (rule 13); the slot search reads it from external_busy. */
@Module({
  imports: [UnitsModule],
  controllers: [ExternalCalendarsController],
  providers: [
    ExternalCalendarRepository,
    ExternalCalendarsService,
    ExternalCalendarSync,
    ExternalCalendarSyncWorker,
    { provide: SourceReader, useClass: NetworkSourceReader },
  ],
  // ExternalCalendarRepository: offboarding removes a leaver's connections in its transaction.
  exports: [ExternalCalendarsService, ExternalCalendarRepository],
})
export class ExternalCalendarsModule {}
