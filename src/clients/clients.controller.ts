import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiConflict, ErrorBody } from '../common/api-conflict';
import { AdminOnly, Staff, StaffPrincipal } from '../auth/staff-principal';
import { UuidParam } from '../common/uuid-param';
import { ClientResponse, CreateClientDto, PersonalLinkSentResponse } from './clients.dto';
import { ClientRecords } from './client-records.service';
import { ClientsService } from './clients.service';

@ApiTags('clients')
@ApiBearerAuth()
@Controller('api/v1')
export class ClientsController {
  constructor(
    private readonly clients: ClientsService,
    private readonly records: ClientRecords,
  ) {}

  @Post('units/:unitId/clients')
  @ApiCreatedResponse({
    type: ClientResponse,
    description: 'The client; never its personal link (that goes to the client only)',
  })
  async create(
    @Staff() staff: StaffPrincipal,
    @UuidParam('unitId') unitId: string,
    @Body() dto: CreateClientDto,
  ): Promise<ClientResponse> {
    return ClientResponse.from(await this.clients.create(staff, unitId, dto));
  }

  @Get('clients/:id')
  @ApiOkResponse({ type: ClientResponse })
  async get(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<ClientResponse> {
    return ClientResponse.from(await this.clients.getForStaff(staff, id));
  }

  @Post('clients/:id/personal-link')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send the client a new personal link',
    description:
      "The client's own caseworker or an admin only. Earlier links stop working; the new one is mailed to " +
      'the client and never answered to staff.',
  })
  @ApiAcceptedResponse({ type: PersonalLinkSentResponse })
  @ApiForbiddenResponse({ type: ErrorBody, description: "FORBIDDEN: not the client's own caseworker nor an admin" })
  @ApiConflict('CONFLICT: the client has no email address to send it to')
  personalLink(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<PersonalLinkSentResponse> {
    return this.clients.sendNewPersonalLink(staff, id);
  }

  @Get('clients/:id/export')
  @AdminOnly()
  async export(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<Record<string, unknown>> {
    return this.records.export(await this.clients.inUnit(staff, id), { type: 'staff', id: staff.caseworkerId });
  }

  @Delete('clients/:id')
  @AdminOnly()
  @HttpCode(204)
  async erase(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<void> {
    await this.records.erase(await this.clients.inUnit(staff, id), { type: 'staff', id: staff.caseworkerId });
  }
}
