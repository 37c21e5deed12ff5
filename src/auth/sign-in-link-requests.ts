import { Injectable } from '@nestjs/common';
import { AuditService, SYSTEM } from '../common/audit/audit.service';
import { Clock } from '../common/clock';
import { Transactions } from '../common/transactions';
import { JobsService } from '../jobs/jobs.service';
import { recordSignInFailure } from './email-sign-in.service';
import { SignInStaffRepository } from './sign-in-staff.repository';

/**
 * Asking for an email sign-in link (docs/product-rules.md, rule 12): the answer is the same whoever
 * asks; a known, active caseworker gets a mail through the queue. Using the link is EmailSignInService's.
 */
@Injectable()
export class SignInLinkRequests {
  constructor(
    private readonly staff: SignInStaffRepository,
    private readonly transactions: Transactions,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Queues one mail per active caseworker with this email (an address may be staff in several
   * units: each row signs in as itself). Known or not, the same look-up runs and the caller says
   * the same thing; the mail itself is sent later by the worker, so the answer takes no longer for
   * a known address than the one insert into the queue. `next`: a local path to land on.
   */
  async requestLink(email: string, next?: string): Promise<void> {
    const requestedAt = this.clock.now().toISOString();
    await this.transactions.run(async (m) => {
      for (const cw of await this.staff.byEmail(email, m)) {
        if (!cw.active) {
          await recordSignInFailure(this.audit, cw, 'inactive', m);
          continue;
        }
        await this.jobs.enqueue(m, 'notify', {
          kind: 'staff_sign_in',
          unitId: cw.unitId,
          caseworkerId: cw.id,
          requestedAt,
          ...(next ? { next } : {}),
        });
        await this.audit.record(
          { unitId: cw.unitId, actor: SYSTEM, action: 'staff.sign_in_link_sent', details: { caseworkerId: cw.id } },
          m,
        );
      }
    });
  }
}
