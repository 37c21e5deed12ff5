import { Module } from '@nestjs/common';
import { AvailabilityService } from './availability.service';
import { CalendarRepository } from './calendar.repository';

@Module({ providers: [AvailabilityService, CalendarRepository], exports: [AvailabilityService] })
export class AvailabilityModule {}
