import { Module } from '@nestjs/common';
import { ExternalCalendarsModule } from '../external-calendars/external-calendars.module';
import { UnitsModule } from '../units/units.module';
import { OffboardingController } from './offboarding.controller';
import { OffboardingService } from './offboarding.service';

/** Deactivating and re-activating caseworkers: on top of units (the lock-out) and appointments (what they leave). */
@Module({
  imports: [UnitsModule, ExternalCalendarsModule],
  controllers: [OffboardingController],
  providers: [OffboardingService],
  // The admin pages (issue 12) deactivate through the same use case.
  exports: [OffboardingService],
})
export class OffboardingModule {}
