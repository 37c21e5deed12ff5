import { Module } from '@nestjs/common';
import { AvailabilityService } from './availability.service';

/** The calendar rows come from CalendarSource, which the appointments feature provides (globally). */
@Module({ providers: [AvailabilityService], exports: [AvailabilityService] })
export class AvailabilityModule {}
