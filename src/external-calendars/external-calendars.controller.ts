import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Staff, StaffPrincipal } from '../auth/staff-principal';
import { ApiConflict } from '../common/api-conflict';
import { UuidParam } from '../common/uuid-param';
import { ChooseCalendarsDto, ConnectExternalCalendarDto, ExternalCalendarResponse } from './external-calendars.dto';
import { ExternalCalendarsService, ExternalCalendarView } from './external-calendars.service';

@ApiTags('external calendars')
@ApiBearerAuth()
@Controller('api/v1')
export class ExternalCalendarsController {
  constructor(private readonly calendars: ExternalCalendarsService) {}

  @Post('caseworkers/:id/external-calendars')
  @ApiCreatedResponse({
    type: ExternalCalendarResponse,
    description: 'Connected and synced once; a source that did not answer is kept with lastError',
  })
  @ApiConflict('CONFLICT: the caseworker already has the most connections allowed (10)')
  connect(
    @Staff() staff: StaffPrincipal,
    @UuidParam('id') id: string,
    @Body() dto: ConnectExternalCalendarDto,
  ): Promise<ExternalCalendarView> {
    return this.calendars.connect(staff, id, dto.toInput());
  }

  @Get('caseworkers/:id/external-calendars')
  @ApiOkResponse({ type: [ExternalCalendarResponse] })
  list(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<ExternalCalendarView[]> {
    return this.calendars.list(staff, id);
  }

  @Get('external-calendars/:id')
  @ApiOkResponse({ type: ExternalCalendarResponse })
  get(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<ExternalCalendarView> {
    return this.calendars.get(staff, id);
  }

  @Patch('external-calendars/:id')
  @ApiOkResponse({ type: ExternalCalendarResponse })
  choose(
    @Staff() staff: StaffPrincipal,
    @UuidParam('id') id: string,
    @Body() dto: ChooseCalendarsDto,
  ): Promise<ExternalCalendarView> {
    return this.calendars.selectCalendars(staff, id, dto.calendars);
  }

  @Post('external-calendars/:id/sync')
  @HttpCode(200)
  @ApiOkResponse({ type: ExternalCalendarResponse })
  sync(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<ExternalCalendarView> {
    return this.calendars.syncNow(staff, id);
  }

  @Delete('external-calendars/:id')
  @HttpCode(204)
  disconnect(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<void> {
    return this.calendars.disconnect(staff, id);
  }
}
