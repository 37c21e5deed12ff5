import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '../common/errors';
import { redactErrorText } from '../common/logger';
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

interface FailedJobRow {
  id: string;
  data: { kind: string; appointmentId?: string; clientId: string };
  retry_count: number;
  output: { message?: string } | null;
  completed_on: Date | null;
}

/**
 * Notifications that gave up after their last retry. pg-boss keeps them as `failed` jobs (and later
 * in its archive); this reads them per unit without addresses or links, and can send one again.
 */
@Injectable()
export class MailFailuresService {
  constructor(
    private readonly db: DataSource,
    private readonly jobs: JobsService,
  ) {}

  async list(unitId: string): Promise<MailFailure[]> {
    const rows: FailedJobRow[] = await this.db.query(
      `SELECT id, data, retry_count, output, completed_on FROM pgboss.job WHERE name = 'notify' AND state = 'failed' AND data->>'unitId' = $1
       UNION ALL
       SELECT id, data, retry_count, output, completed_on FROM pgboss.archive WHERE name = 'notify' AND state = 'failed' AND data->>'unitId' = $1
       ORDER BY completed_on DESC NULLS LAST LIMIT 500`,
      [unitId],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.data.kind,
      appointmentId: r.data.appointmentId ?? null,
      clientId: r.data.clientId,
      attempts: r.retry_count + 1,
      // Stored redacted (JobsService.work); redacted again for jobs that failed before it did so.
      lastError: r.output?.message ? redactErrorText(r.output.message) : null,
      failedAt: r.completed_on?.toISOString() ?? null,
    }));
  }

  async retry(unitId: string, id: string): Promise<void> {
    const [row] = await this.db.query(`SELECT 1 FROM pgboss.job WHERE id = $1 AND name = 'notify' AND state = 'failed' AND data->>'unitId' = $2`, [id, unitId]);
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Failed notification not found');
    await this.jobs.boss.retry('notify', id);
  }
}
