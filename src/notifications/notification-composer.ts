import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NotifyJob } from '../jobs/job-contracts';
import { Transactions } from '../common/transactions';
import { ClientMailComposer } from './client-mail.composer';
import type { SkipReason } from './composed-mail';
import type { OutgoingMail } from './mail-transport';
import { StaffSignInMailComposer } from './staff-sign-in-mail.composer';

export type { SkipReason };

/**
 * Turns a queued notification into a mail, from the appointment as it is NOW: a reminder for a
 * rescheduled or cancelled appointment is dropped, and a change superseded by a later one is not
 * sent (the later change's mail carries the current state). The mail's links are minted in the same
 * transaction. A client's mail is ClientMailComposer's, a caseworker's sign-in mail StaffSignInMailComposer's.
 */
@Injectable()
export class NotificationComposer {
  constructor(
    private readonly transactions: Transactions,
    private readonly clientMails: ClientMailComposer,
    private readonly staffMails: StaffSignInMailComposer,
  ) {}

  /**
   * One transaction holding the appointment and client rows (FOR SHARE, in the order erasure takes
   * them): a change that revokes links (cancel, switch to in person, erasure) either came first and
   * is seen here, or waits and revokes the links minted here too.
   */
  compose(job: NotifyJob, jobId: string): Promise<OutgoingMail | SkipReason> {
    return this.transactions.run((m) => this.composeIn(m, job, jobId));
  }

  private composeIn(m: EntityManager, job: NotifyJob, jobId: string): Promise<OutgoingMail | SkipReason> {
    if (job.kind === 'staff_sign_in') return this.staffMails.compose(m, job, jobId);
    return this.clientMails.compose(m, job, jobId);
  }
}
