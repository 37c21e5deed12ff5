import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { AdminOnly, assertSameUnit, Staff, StaffPrincipal } from '../../auth/staff-principal';
import { RangeQuery } from '../../common/range-query';
import { AuditService } from '../../common/audit/audit.service';
import { parseRange } from '../../common/range';
import { UuidParam } from '../../common/uuid-param';
import { AppointmentChangesService } from '../changes/appointment-changes.service';
import {
  AppointmentResponse,
  AttendanceDto,
  CancelDto,
  CreateAppointmentDto,
  ModeDto,
  ReassignDto,
  RescheduleDto,
  SlotsResponse,
  StaffAppointmentDetail,
  StaffAppointmentResponse,
  StaffSlotQuery,
} from '../appointments.dto';
import { IdempotencyService } from '../booking/idempotency.service';
import { StaffAppointmentViews } from './staff-appointment-views.service';
import { StaffAppointmentsService } from './staff-appointments.service';
import { ApiConflict, INACTIVE, LEAVER, NOT_LIVE, TAKEN } from '../../common/api-conflict';

class AuditQuery extends RangeQuery {
  @IsOptional() @IsUUID() clientId?: string;
}

@ApiTags('appointments')
@ApiBearerAuth()
@Controller('api/v1')
export class AppointmentsController {
  constructor(
    private readonly appointments: StaffAppointmentsService,
    private readonly views: StaffAppointmentViews,
    private readonly changes: AppointmentChangesService,
    private readonly audit: AuditService,
  ) {}

  @Get('caseworkers/:id/slots')
  slots(
    @Staff() staff: StaffPrincipal,
    @UuidParam('id') id: string,
    @Query() q: StaffSlotQuery,
  ): Promise<SlotsResponse> {
    return this.appointments.slots(staff, id, q);
  }

  @Post('appointments')
  @ApiConflict(TAKEN, INACTIVE)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  create(
    @Staff() staff: StaffPrincipal,
    @Body() dto: CreateAppointmentDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<AppointmentResponse> {
    return this.appointments.create(staff, dto, IdempotencyService.validateKey(key));
  }

  @Get('caseworkers/:id/appointments')
  list(
    @Staff() staff: StaffPrincipal,
    @UuidParam('id') id: string,
    @Query() q: RangeQuery,
  ): Promise<StaffAppointmentResponse[]> {
    return this.views.listForCaseworker(staff, id, q);
  }

  @Get('appointments/:id')
  get(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<StaffAppointmentDetail> {
    return this.views.detail(staff, id);
  }

  @Post('appointments/:id/reschedule')
  @ApiConflict(NOT_LIVE, TAKEN, LEAVER)
  @HttpCode(200)
  reschedule(
    @Staff() staff: StaffPrincipal,
    @UuidParam('id') id: string,
    @Body() dto: RescheduleDto,
  ): Promise<AppointmentResponse> {
    return this.appointments.change(staff, (actor) => this.changes.reschedule(id, actor, new Date(dto.startsAt)));
  }

  @Post('appointments/:id/cancel')
  @ApiConflict(NOT_LIVE)
  @HttpCode(200)
  cancel(
    @Staff() staff: StaffPrincipal,
    @UuidParam('id') id: string,
    @Body() dto: CancelDto,
  ): Promise<AppointmentResponse> {
    return this.appointments.change(staff, (actor) => this.changes.cancel(id, actor, dto.reason));
  }

  @Post('appointments/:id/mode')
  @ApiConflict(NOT_LIVE, LEAVER)
  @HttpCode(200)
  mode(
    @Staff() staff: StaffPrincipal,
    @UuidParam('id') id: string,
    @Body() dto: ModeDto,
  ): Promise<AppointmentResponse> {
    return this.appointments.change(staff, (actor) =>
      this.changes.changeMode(id, actor, dto.mode, dto.firstMeetingOverrideReason),
    );
  }

  @Post('appointments/:id/attendance')
  @ApiConflict('CONFLICT: the appointment is held or cancelled, or has not started yet')
  @HttpCode(200)
  attendance(
    @Staff() staff: StaffPrincipal,
    @UuidParam('id') id: string,
    @Body() dto: AttendanceDto,
  ): Promise<AppointmentResponse> {
    return this.appointments.change(staff, (actor) => this.changes.attendance(id, actor, dto.status));
  }

  @Post('appointments/:id/reassign')
  @AdminOnly()
  @ApiOperation({
    summary: 'Moves a meeting to come to another active caseworker of the unit (admin)',
    description:
      'Same id and iCal UID, same time and place, sequence + 1; a confirmed meeting mails the client an update ' +
      "naming the new caseworker, with the invite. The target's working hours are not required; their absences " +
      "(SLOT_UNAVAILABLE) and meetings (SLOT_TAKEN) are. Another unit's caseworker: 404.",
  })
  @ApiConflict(`${NOT_LIVE}, or has started`, INACTIVE, `${TAKEN}: the caseworker has a meeting then`)
  @HttpCode(200)
  reassign(
    @Staff() staff: StaffPrincipal,
    @UuidParam('id') id: string,
    @Body() dto: ReassignDto,
  ): Promise<AppointmentResponse> {
    return this.appointments.change(staff, (actor) => this.changes.reassign(id, actor, dto.caseworkerId));
  }

  @Get('units/:unitId/audit')
  @AdminOnly()
  async auditLog(@Staff() staff: StaffPrincipal, @UuidParam('unitId') unitId: string, @Query() q: AuditQuery) {
    assertSameUnit(staff, unitId, 'Unit not found');
    const range = parseRange(q, 366);
    const events = await this.audit.list(unitId, range.from, range.to, q.clientId);
    return events.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() }));
  }
}
