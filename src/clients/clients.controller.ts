import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminOnly, Staff, StaffPrincipal } from '../auth/staff-principal';
import { UuidParam } from '../common/uuid-param';
import { ClientResponse, CreateClientDto, PersonalLinkResponse } from './clients.dto';
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
  async create(
    @Staff() staff: StaffPrincipal,
    @UuidParam('unitId') unitId: string,
    @Body() dto: CreateClientDto,
  ): Promise<ClientResponse> {
    const { client, personalLink } = await this.clients.create(staff, unitId, dto);
    return ClientResponse.from(client, personalLink);
  }

  @Get('clients/:id')
  async get(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<ClientResponse> {
    return ClientResponse.from(await this.clients.getForStaff(staff, id));
  }

  @Post('clients/:id/personal-link')
  async personalLink(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<PersonalLinkResponse> {
    return { personalLink: await this.clients.sendNewPersonalLink(staff, id) };
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
