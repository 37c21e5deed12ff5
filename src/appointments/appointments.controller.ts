import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { AdminOnly, assertSameUnit, Staff, StaffPrincipal } from '../auth/staff-principal';
import { RangeQuery } from '../calendars/calendars.dto';
import { AuditService } from '../common/audit/audit.service';
import { parseRange } from '../common/range';
import { UuidParam } from '../common/uuid-param';
import { ChangeActor, AppointmentChangesService } from './appointment-changes.service';
import {
  AppointmentResponse, AttendanceDto, CancelDto, CreateAppointmentDto, ModeDto, RescheduleDto, SlotsResponse, StaffAppointmentResponse, StaffSlotQuery,
} from './appointments.dto';
import { IdempotencyService } from './idempotency.service';
import { StaffAppointmentsService } from './staff-appointments.service';

class AuditQuery extends RangeQuery {
  @IsOptional() @IsUUID() clientId?: string;
}

const actorOf = (staff: StaffPrincipal): ChangeActor => ({ type: 'staff', id: staff.caseworkerId });

@ApiTags('appointments')
@ApiBearerAuth()
@Controller('api/v1')
export class AppointmentsController {
  constructor(
    private readonly appointments: StaffAppointmentsService,
    private readonly changes: AppointmentChangesService,
    private readonly audit: AuditService,
  ) {}

  @Get('caseworkers/:id/slots')
  slots(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string, @Query() q: StaffSlotQuery): Promise<SlotsResponse> {
    return this.appointments.slots(staff, id, q);
  }

  @Post('appointments')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  create(@Staff() staff: StaffPrincipal, @Body() dto: CreateAppointmentDto, @Headers('idempotency-key') key?: string): Promise<AppointmentResponse> {
    return this.appointments.create(staff, dto, IdempotencyService.validateKey(key));
  }

  @Get('caseworkers/:id/appointments')
  list(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string, @Query() q: RangeQuery): Promise<StaffAppointmentResponse[]> {
    return this.appointments.listForCaseworker(staff, id, q);
  }

  @Get('appointments/:id')
  get(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<AppointmentResponse> {
    return this.appointments.get(staff, id);
  }

  @Post('appointments/:id/reschedule')
  @HttpCode(200)
  async reschedule(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string, @Body() dto: RescheduleDto): Promise<AppointmentResponse> {
    await this.appointments.inUnit(staff, id);
    return this.appointments.get(staff, (await this.changes.reschedule(id, actorOf(staff), new Date(dto.startsAt))).id);
  }

  @Post('appointments/:id/cancel')
  @HttpCode(200)
  async cancel(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string, @Body() dto: CancelDto): Promise<AppointmentResponse> {
    await this.appointments.inUnit(staff, id);
    return this.appointments.get(staff, (await this.changes.cancel(id, actorOf(staff), dto.reason)).id);
  }

  @Post('appointments/:id/mode')
  @HttpCode(200)
  async mode(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string, @Body() dto: ModeDto): Promise<AppointmentResponse> {
    await this.appointments.inUnit(staff, id);
    return this.appointments.get(staff, (await this.changes.changeMode(id, actorOf(staff), dto.mode, dto.firstMeetingOverrideReason)).id);
  }

  @Post('appointments/:id/attendance')
  @HttpCode(200)
  async attendance(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string, @Body() dto: AttendanceDto): Promise<AppointmentResponse> {
    await this.appointments.inUnit(staff, id);
    return this.appointments.get(staff, (await this.changes.attendance(id, actorOf(staff), dto.status)).id);
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
