import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly, Staff, StaffPrincipal } from '../auth/staff-principal';
import { ErrorBody } from '../common/api-conflict';
import { UuidParam } from '../common/uuid-param';
import { CaseworkerResponse } from '../units/units.dto';
import { DeactivatedCaseworkerResponse } from './offboarding.dto';
import { OffboardingService } from './offboarding.service';

@ApiTags('units')
@ApiBearerAuth()
@Controller('api/v1')
export class OffboardingController {
  constructor(private readonly offboarding: OffboardingService) {}

  @Post('caseworkers/:id/deactivate')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Offboards a caseworker (admin)',
    description:
      'In one transaction: inactive, every bearer token revoked, every session ended, the feed URL and sign-in links ' +
      'dead, at once. Their appointments stay and are answered as futureAppointments, to reassign. Deactivating ' +
      'again is harmless.',
  })
  @ApiOkResponse({ type: DeactivatedCaseworkerResponse })
  @ApiForbiddenResponse({
    type: ErrorBody,
    description: 'FORBIDDEN: not an admin, or the admin deactivating themself (they could not undo it)',
  })
  deactivate(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<DeactivatedCaseworkerResponse> {
    return this.offboarding.deactivate(staff, id);
  }

  @Post('caseworkers/:id/activate')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reverses a deactivation (admin)',
    description: 'Old tokens, sessions and the old feed URL stay dead: a new token or a sign-in is needed.',
  })
  @ApiOkResponse({ type: CaseworkerResponse })
  async activate(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<CaseworkerResponse> {
    return this.offboarding.activate(staff, id);
  }
}
