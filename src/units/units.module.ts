import { Module } from '@nestjs/common';
import { CaseworkersService } from './caseworkers.service';
import { MeetingTypesService } from './meeting-types.service';
import { UnitsController } from './units.controller';
import { UnitsService } from './units.service';

@Module({
  controllers: [UnitsController],
  providers: [UnitsService, CaseworkersService, MeetingTypesService],
  exports: [UnitsService, CaseworkersService, MeetingTypesService],
})
export class UnitsModule {}
