import { Module } from '@nestjs/common';
import { CaseworkersService } from './caseworkers.service';
import { MeetingTypesService } from './meeting-types.service';
import { UnitContextChanges } from './unit-context-changes';
import { UnitsController } from './units.controller';
import { UnitsService } from './units.service';

@Module({
  controllers: [UnitsController],
  providers: [UnitsService, CaseworkersService, MeetingTypesService, UnitContextChanges],
  exports: [UnitsService, CaseworkersService, MeetingTypesService, UnitContextChanges],
})
export class UnitsModule {}
