import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminOnly, assertSameUnit, Staff, StaffPrincipal } from '../auth/staff-principal';
import { UuidParam } from '../common/uuid-param';
import { MailFailure, MailFailuresService } from './mail-failures.service';

/** Notifications that gave up after their last retry: visible to the unit's admins, retryable. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/units/:unitId/mail-failures')
export class MailFailuresController {
  constructor(private readonly failures: MailFailuresService) {}

  @Get()
  @AdminOnly()
  list(@Staff() staff: StaffPrincipal, @UuidParam('unitId') unitId: string): Promise<MailFailure[]> {
    assertSameUnit(staff, unitId, 'Unit not found');
    return this.failures.list(unitId);
  }

  @Post(':id/retry')
  @AdminOnly()
  @HttpCode(202)
  retry(
    @Staff() staff: StaffPrincipal,
    @UuidParam('unitId') unitId: string,
    @UuidParam('id') id: string,
  ): Promise<void> {
    assertSameUnit(staff, unitId, 'Unit not found');
    return this.failures.retry(unitId, id);
  }
}
