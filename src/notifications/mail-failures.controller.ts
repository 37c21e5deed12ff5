import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AdminOnly, assertSameUnit, Staff, StaffPrincipal } from '../auth/staff-principal';
import { DomainError, ErrorCode } from '../common/errors';
import { UuidParam } from '../common/uuid-param';
import { JobsService } from '../jobs/jobs.service';

export interface MailFailure {
  id: string;
  kind: string;
  appointmentId: string | null;
  clientId: string;
  attempts: number;
  lastError: string | null;
  failedAt: string | null;
}

/** Notifications that gave up after their last retry: visible to the unit's admins, retryable. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/units/:unitId/mail-failures')
export class MailFailuresController {
  constructor(
    private readonly db: DataSource,
    private readonly jobs: JobsService,
  ) {}

  @Get()
  @AdminOnly()
  async list(@Staff() staff: StaffPrincipal, @UuidParam('unitId') unitId: string): Promise<MailFailure[]> {
    assertSameUnit(staff, unitId, 'Unit not found');
    const rows = await this.db.query(
      `SELECT id, data, retry_count, output, completed_on FROM pgboss.job WHERE name = 'notify' AND state = 'failed' AND data->>'unitId' = $1
       UNION ALL
       SELECT id, data, retry_count, output, completed_on FROM pgboss.archive WHERE name = 'notify' AND state = 'failed' AND data->>'unitId' = $1
       ORDER BY completed_on DESC NULLS LAST LIMIT 500`,
      [unitId],
    );
    return rows.map((r: { id: string; data: { kind: string; appointmentId?: string; clientId: string }; retry_count: number; output: { message?: string } | null; completed_on: Date | null }) => ({
      id: r.id,
      kind: r.data.kind,
      appointmentId: r.data.appointmentId ?? null,
      clientId: r.data.clientId,
      attempts: r.retry_count + 1,
      lastError: r.output?.message ?? null,
      failedAt: r.completed_on?.toISOString() ?? null,
    }));
  }

  @Post(':id/retry')
  @AdminOnly()
  @HttpCode(202)
  async retry(@Staff() staff: StaffPrincipal, @UuidParam('unitId') unitId: string, @UuidParam('id') id: string): Promise<void> {
    assertSameUnit(staff, unitId, 'Unit not found');
    const [row] = await this.db.query(`SELECT 1 FROM pgboss.job WHERE id = $1 AND name = 'notify' AND state = 'failed' AND data->>'unitId' = $2`, [id, unitId]);
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Failed notification not found');
    await this.jobs.boss.retry('notify', id);
  }
}
