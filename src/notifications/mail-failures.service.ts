import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '../common/errors';
import { redactErrorText } from '../common/logger';
import { JobsService } from '../jobs/jobs.service';

export interface MailFailure {
  id: string;
  kind: string;
  appointmentId: string | null;
  /** A client's mail; null for a staff member's (their sign-in link), which names `caseworkerId` instead. */
  clientId: string | null;
  caseworkerId: string | null;
  attempts: number;
  lastError: string | null;
  failedAt: string | null;
}

/**
 * Notifications that gave up after their last retry. pg-boss keeps them as `failed` jobs (and later
 * in its archive); this reads them per unit without addresses or links, and can send one again.
 */
@Injectable()
export class MailFailuresService {
  constructor(private readonly jobs: JobsService) {}

  async list(unitId: string): Promise<MailFailure[]> {
    const failed = await this.jobs.failedJobs('notify', { unitId });
    return failed.map((j) => ({
      id: j.id,
      kind: j.data.kind,
      appointmentId: ('appointmentId' in j.data && j.data.appointmentId) || null,
      clientId: 'clientId' in j.data ? j.data.clientId : null,
      caseworkerId: 'caseworkerId' in j.data ? j.data.caseworkerId : null,
      attempts: j.retryCount + 1,
      // Stored redacted (JobsService.work); redacted again for jobs that failed before it did so.
      lastError: j.message ? redactErrorText(j.message) : null,
      failedAt: j.failedAt?.toISOString() ?? null,
    }));
  }

  async retry(unitId: string, id: string): Promise<void> {
    if (!(await this.jobs.retryFailed('notify', id, { unitId })))
      throw new DomainError(ErrorCode.NOT_FOUND, 'Failed notification not found');
  }
}
