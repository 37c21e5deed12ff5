import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import type { Mode } from '../availability/engine';
import { ClientFields } from '../clients/clients.dto';
import { IsIsoInstant } from '../common/validation';
import { MODES } from '../units/units.dto';
import type { AppointmentEntity, AppointmentStatus } from './data/appointment.entity';

export class SlotQuery {
  @ApiProperty() @IsUUID() meetingTypeId: string;
  @ApiProperty({ enum: MODES }) @IsIn(MODES) mode: Mode;
  @ApiProperty({ example: '2026-12-01T00:00:00+01:00' }) @IsIsoInstant() from: string;
  @ApiProperty({ example: '2026-12-08T00:00:00+01:00' }) @IsIsoInstant() to: string;
}

/** Slots for a known client or caseworker, who may be looking for a new time for an appointment. */
export class OwnSlotQuery extends SlotQuery {
  @ApiPropertyOptional({ description: 'When moving this appointment: the time it holds itself counts as free' })
  @IsOptional()
  @IsUUID()
  appointmentId?: string;
}

export class StaffSlotQuery extends OwnSlotQuery {
  @ApiPropertyOptional({ description: 'Applies the first-meeting rule for this client' })
  @IsOptional()
  @IsUUID()
  clientId?: string;
}

export class SlotResponse {
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
}

export class SlotsResponse {
  @ApiProperty() timeZone: string;
  @ApiProperty({ type: [SlotResponse] }) slots: SlotResponse[];
  @ApiPropertyOptional({
    description: 'The error code of the rule that emptied the list, e.g. FIRST_MEETING_IN_PERSON',
  })
  reason?: string;
}

export class CreateAppointmentDto {
  @ApiProperty() @IsUUID() caseworkerId: string;
  @ApiProperty() @IsUUID() clientId: string;
  @ApiProperty() @IsUUID() meetingTypeId: string;
  @ApiProperty({
    example: '2026-12-01T09:00:00+01:00',
    description: 'A past start records a meeting that took place (walk-in)',
  })
  @IsIsoInstant()
  startsAt: string;
  @ApiProperty({ enum: MODES }) @IsIn(MODES) mode: Mode;
  @ApiPropertyOptional({ description: 'Books video before a first in-person meeting; audited' })
  @IsOptional()
  @IsString()
  @MinLength(5)
  @MaxLength(1000)
  firstMeetingOverrideReason?: string;
}

export class PublicBookingDto {
  @ApiProperty() @IsUUID() meetingTypeId: string;
  @ApiProperty({ example: '2026-12-01T09:00:00+01:00' }) @IsIsoInstant() startsAt: string;
  @ApiProperty({ enum: MODES }) @IsIn(MODES) mode: Mode;
  @ApiProperty({ type: ClientFields }) @ValidateNested() @Type(() => ClientFields) client: ClientFields;
}

export class ClientBookingDto {
  @ApiProperty() @IsUUID() meetingTypeId: string;
  @ApiProperty() @IsIsoInstant() startsAt: string;
  @ApiProperty({ enum: MODES }) @IsIn(MODES) mode: Mode;
}

export class RescheduleDto {
  @ApiProperty({ example: '2026-12-02T09:00:00+01:00' }) @IsIsoInstant() startsAt: string;
}

export class CancelDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) reason?: string;
}

export class ModeDto {
  @ApiProperty({ enum: MODES }) @IsIn(MODES) mode: Mode;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(5) @MaxLength(1000) firstMeetingOverrideReason?: string;
}

export class AttendanceDto {
  @ApiProperty({ enum: ['completed', 'no_show'] }) @IsIn(['completed', 'no_show']) status: 'completed' | 'no_show';
}

export class ReassignDto {
  @ApiProperty({ description: 'Another active caseworker of the same unit' }) @IsUUID() caseworkerId: string;
}

export class NoteDto {
  @ApiProperty({ maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) text: string;
}

export class AppointmentResponse {
  @ApiProperty() id: string;
  @ApiProperty() unitId: string;
  @ApiProperty() caseworkerId: string;
  @ApiProperty() clientId: string;
  @ApiProperty() meetingTypeId: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({ enum: MODES }) mode: Mode;
  @ApiProperty({ enum: ['held', 'confirmed', 'cancelled', 'completed', 'no_show'] }) status: AppointmentStatus;
  @ApiPropertyOptional() location?: string;
  @ApiProperty() sequence: number;
  @ApiPropertyOptional() holdExpiresAt?: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(a: AppointmentEntity, timeZone: string): AppointmentResponse {
    return {
      id: a.id,
      unitId: a.unitId,
      caseworkerId: a.caseworkerId,
      clientId: a.clientId,
      meetingTypeId: a.meetingTypeId,
      startsAt: a.startsAt.toISOString(),
      endsAt: a.endsAt.toISOString(),
      timeZone,
      mode: a.mode,
      status: a.status,
      ...(a.location ? { location: a.location } : {}),
      sequence: a.sequence,
      ...(a.status === 'held' && a.holdExpiresAt ? { holdExpiresAt: a.holdExpiresAt.toISOString() } : {}),
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
    };
  }
}

export class StaffAppointmentResponse extends AppointmentResponse {
  @ApiProperty({ nullable: true, type: String }) clientName: string | null;
}

export class ClientNoteResponse {
  @ApiProperty({ enum: ['client', 'staff'] }) author: 'client' | 'staff';
  @ApiProperty() text: string;
  @ApiProperty() createdAt: string;
}

/** GET /appointments/:id for staff: the appointment, whose it is, and what the client added before it. */
export class StaffAppointmentDetail extends StaffAppointmentResponse {
  @ApiProperty({ type: [ClientNoteResponse] }) notes: ClientNoteResponse[];
}
