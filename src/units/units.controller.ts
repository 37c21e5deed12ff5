import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly, Staff, StaffPrincipal } from '../auth/staff-principal';
import { UuidParam } from '../common/uuid-param';
import { CaseworkersService } from './caseworkers.service';
import { MeetingTypesService } from './meeting-types.service';
import {
  CaseworkerResponse,
  CreateCaseworkerDto,
  CreateMeetingTypeDto,
  CreateTokenDto,
  MeetingTypeResponse,
  TokenInfoResponse,
  TokenResponse,
  UnitResponse,
  UpdateMeetingTypeDto,
  UpdateUnitDto,
  WhoamiResponse,
} from './units.dto';
import { UnitsService } from './units.service';
import { ApiConflict, ErrorBody } from '../common/api-conflict';

@ApiTags('units')
@ApiBearerAuth()
@Controller('api/v1')
export class UnitsController {
  constructor(
    private readonly units: UnitsService,
    private readonly caseworkers: CaseworkersService,
    private readonly meetingTypes: MeetingTypesService,
  ) {}

  @Get('whoami')
  whoami(@Staff() staff: StaffPrincipal): Promise<WhoamiResponse> {
    return this.units.whoami(staff);
  }

  @Get('units/:unitId')
  @ApiOkResponse({ type: UnitResponse })
  async getUnit(@Staff() staff: StaffPrincipal, @UuidParam('unitId') unitId: string): Promise<UnitResponse> {
    return UnitResponse.from(await this.units.get(staff, unitId));
  }

  @Patch('units/:unitId')
  @AdminOnly()
  @ApiOkResponse({ type: UnitResponse })
  async updateUnit(
    @Staff() staff: StaffPrincipal,
    @UuidParam('unitId') unitId: string,
    @Body() dto: UpdateUnitDto,
  ): Promise<UnitResponse> {
    return UnitResponse.from(await this.units.update(staff, unitId, dto));
  }

  @Get('units/:unitId/caseworkers')
  async listCaseworkers(
    @Staff() staff: StaffPrincipal,
    @UuidParam('unitId') unitId: string,
  ): Promise<CaseworkerResponse[]> {
    return (await this.caseworkers.list(staff, unitId)).map((c) => CaseworkerResponse.from(c));
  }

  @Post('units/:unitId/caseworkers')
  @ApiConflict('CONFLICT: a caseworker with that email already exists in this unit')
  @AdminOnly()
  async createCaseworker(
    @Staff() staff: StaffPrincipal,
    @UuidParam('unitId') unitId: string,
    @Body() dto: CreateCaseworkerDto,
  ): Promise<CaseworkerResponse> {
    return CaseworkerResponse.from(await this.caseworkers.create(staff, unitId, dto));
  }

  @Post('caseworkers/:id/tokens')
  @ApiOperation({ summary: 'A new bearer token (admin or self), shown once; expires after expiresInDays (365)' })
  @ApiConflict('CONFLICT: the caseworker is deactivated (activate them first)')
  issueToken(
    @Staff() staff: StaffPrincipal,
    @UuidParam('id') id: string,
    @Body() dto: CreateTokenDto,
  ): Promise<TokenResponse> {
    return this.caseworkers.issueToken(staff, id, dto);
  }

  @Get('caseworkers/:id/tokens')
  @ApiOperation({ summary: "The caseworker's bearer tokens (admin or self): label and dates, never the token" })
  @ApiOkResponse({ type: [TokenInfoResponse] })
  @ApiForbiddenResponse({ type: ErrorBody, description: "FORBIDDEN: another caseworker's tokens (admins may)" })
  async listTokens(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<TokenInfoResponse[]> {
    return (await this.caseworkers.listTokens(staff, id)).map((t) => TokenInfoResponse.from(t));
  }

  @Delete('caseworkers/:id/tokens/:tokenId')
  @ApiOperation({ summary: 'Revokes one bearer token (admin or self); it stops working at once' })
  @HttpCode(204)
  revokeToken(
    @Staff() staff: StaffPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('tokenId') tokenId: string,
  ): Promise<void> {
    return this.caseworkers.revokeToken(staff, id, tokenId);
  }

  @Get('units/:unitId/meeting-types')
  @ApiOkResponse({ type: [MeetingTypeResponse] })
  async listMeetingTypes(
    @Staff() staff: StaffPrincipal,
    @UuidParam('unitId') unitId: string,
  ): Promise<MeetingTypeResponse[]> {
    return (await this.meetingTypes.list(staff, unitId)).map((m) => MeetingTypeResponse.from(m));
  }

  @Post('units/:unitId/meeting-types')
  @ApiConflict('CONFLICT: a meeting type with that key already exists in this unit')
  @ApiCreatedResponse({ type: MeetingTypeResponse })
  @AdminOnly()
  async createMeetingType(
    @Staff() staff: StaffPrincipal,
    @UuidParam('unitId') unitId: string,
    @Body() dto: CreateMeetingTypeDto,
  ): Promise<MeetingTypeResponse> {
    return MeetingTypeResponse.from(await this.meetingTypes.create(staff, unitId, dto));
  }

  @Patch('meeting-types/:id')
  @ApiOkResponse({ type: MeetingTypeResponse })
  @AdminOnly()
  async updateMeetingType(
    @Staff() staff: StaffPrincipal,
    @UuidParam('id') id: string,
    @Body() dto: UpdateMeetingTypeDto,
  ): Promise<MeetingTypeResponse> {
    return MeetingTypeResponse.from(await this.meetingTypes.update(staff, id, dto));
  }
}
