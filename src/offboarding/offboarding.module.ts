import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module';
import { OffboardingController } from './offboarding.controller';
import { OffboardingService } from './offboarding.service';

/** Deactivating and re-activating caseworkers: on top of units (the lock-out) and appointments (what they leave). */
@Module({
  imports: [UnitsModule],
  controllers: [OffboardingController],
  providers: [OffboardingService],
})
export class OffboardingModule {}
