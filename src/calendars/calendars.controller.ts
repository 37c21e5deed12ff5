import { Body, Controller, Delete, Get, HttpCode, ParseArrayPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Staff, StaffPrincipal } from '../auth/staff-principal';
import { parseRange } from '../common/range';
import { UuidParam } from '../common/uuid-param';
import { RangeQuery } from '../common/range-query';
import { AbsenceResponse, CreateAbsenceDto, WorkingHourRuleDto } from './calendars.dto';
import { CalendarsService } from './calendars.service';

const RULES_PIPE = new ParseArrayPipe({ items: WorkingHourRuleDto, whitelist: true, forbidNonWhitelisted: true });

@ApiTags('calendars')
@ApiBearerAuth()
@Controller('api/v1')
export class CalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  @Get('caseworkers/:id/working-hours')
  async getHours(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<WorkingHourRuleDto[]> {
    return (await this.calendars.getWorkingHours(staff, id)).map((r) => WorkingHourRuleDto.from(r));
  }

  @Put('caseworkers/:id/working-hours')
  @ApiBody({ type: [WorkingHourRuleDto] })
  async putHours(
    @Staff() staff: StaffPrincipal,
    @UuidParam('id') id: string,
    @Body(RULES_PIPE) rules: WorkingHourRuleDto[],
  ): Promise<WorkingHourRuleDto[]> {
    return (await this.calendars.replaceWorkingHours(staff, id, rules)).map((r) => WorkingHourRuleDto.from(r));
  }

  @Post('caseworkers/:id/absences')
  async addAbsence(
    @Staff() staff: StaffPrincipal,
    @UuidParam('id') id: string,
    @Body() dto: CreateAbsenceDto,
  ): Promise<AbsenceResponse> {
    return AbsenceResponse.from(await this.calendars.addAbsence(staff, id, dto));
  }

  @Get('caseworkers/:id/absences')
  async listAbsences(
    @Staff() staff: StaffPrincipal,
    @UuidParam('id') id: string,
    @Query() q: RangeQuery,
  ): Promise<AbsenceResponse[]> {
    return (await this.calendars.listAbsences(staff, id, parseRange(q, 731))).map((a) => AbsenceResponse.from(a));
  }

  @Delete('absences/:id')
  @HttpCode(204)
  deleteAbsence(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<void> {
    return this.calendars.deleteAbsence(staff, id);
  }
}
