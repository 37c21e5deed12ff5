import { Module } from '@nestjs/common';
import { StaffLockout } from '../auth/staff-lockout';
import { CaseworkerRepository } from './caseworker.repository';
import { CaseworkersService } from './caseworkers.service';
import { MeetingTypeRepository } from './meeting-type.repository';
import { MeetingTypesService } from './meeting-types.service';
import { UnitContextChanges } from './unit-context-changes';
import { UnitsController } from './units.controller';
import { UnitRepository } from './unit.repository';
import { UnitsService } from './units.service';

@Module({
  controllers: [UnitsController],
  providers: [
    UnitRepository,
    CaseworkerRepository,
    MeetingTypeRepository,
    UnitsService,
    CaseworkersService,
    MeetingTypesService,
    UnitContextChanges,
    StaffLockout,
  ],
  // UnitRepository: offboarding reads the unit in its transaction.
  exports: [UnitRepository, UnitsService, CaseworkersService, MeetingTypesService, UnitContextChanges],
})
export class UnitsModule {}
