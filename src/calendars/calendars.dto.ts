import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { Mode } from '../availability/engine';
import { IsIsoInstant, IsWallClock } from '../common/validation';
import { MODES } from '../units/units.dto';
import { AbsenceEntity } from './absence.entity';
import { WorkingHourEntity } from './working-hour.entity';

export class WorkingHourRuleDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday: number;
  @ApiProperty({ example: '08:00' }) @IsWallClock() start: string;
  @ApiProperty({ example: '12:00' }) @IsWallClock() end: string;
  @ApiProperty({ enum: MODES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(MODES, { each: true })
  modes: Mode[];

  static from(r: WorkingHourEntity): WorkingHourRuleDto {
    return { weekday: r.weekday, start: r.start, end: r.end, modes: [...r.modes] };
  }
}

export class CreateAbsenceDto {
  @ApiProperty({ example: '2026-12-24T00:00:00+01:00' }) @IsIsoInstant() startsAt: string;
  @ApiProperty({ example: '2026-12-27T00:00:00+01:00' }) @IsIsoInstant() endsAt: string;
  @ApiPropertyOptional({ description: 'Staff only; never shown to clients' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class AbsenceResponse {
  @ApiProperty() id: string;
  @ApiProperty() caseworkerId: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;

  static from(a: AbsenceEntity): AbsenceResponse {
    return {
      id: a.id,
      caseworkerId: a.caseworkerId,
      startsAt: a.startsAt.toISOString(),
      endsAt: a.endsAt.toISOString(),
      note: a.note,
    };
  }
}
