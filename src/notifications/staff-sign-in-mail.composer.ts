import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Config } from '../../config/config';
import { Clock } from '../common/clock';
import { CONFIG } from '../common/injection-tokens';
import { negotiateLocale } from '../common/locale';
import type { StaffNotifyJob } from '../jobs/job-contracts';
import { STAFF_SIGN_IN_MINUTES } from '../links/link-lifetimes';
import { MailOrigin, SkipReason } from './composed-mail';
import type { OutgoingMail } from './mail-transport';
import { NotificationContextReadModel } from './notification-context.read-model';
import { NotificationLinks } from './notification-links';
import { renderStaffSignInMail, sender } from './templates';

/** A caseworker's sign-in mail (docs/product-rules.md, rule 12), its link minted here (NotificationComposer). */
@Injectable()
export class StaffSignInMailComposer {
  private readonly origin: MailOrigin;

  constructor(
    private readonly context: NotificationContextReadModel,
    private readonly links: NotificationLinks,
    private readonly clock: Clock,
    @Inject(CONFIG) config: Config,
  ) {
    this.origin = new MailOrigin(config);
  }

  /**
   * The caseworker's row is held FOR SHARE, so a deactivation (which revokes their links) either
   * came first and is seen here, or waits and revokes the link minted here too.
   */
  async compose(m: EntityManager, job: StaffNotifyJob, jobId: string): Promise<OutgoingMail | SkipReason> {
    const found = await this.context.caseworker(m, job.caseworkerId);
    if (!found) return 'gone';
    const { caseworker: cw, unit } = found;
    if (!cw.active) return 'inactive';
    if (this.clock.now().getTime() - new Date(job.requestedAt).getTime() > STAFF_SIGN_IN_MINUTES * 60_000)
      return 'stale';
    const signIn = await this.links.staffSignInLink(m, cw.id, job.next);
    const mail = renderStaffSignInMail({
      locale: negotiateLocale([cw.locale, unit.defaultLocale]),
      publicName: unit.publicName,
      staffName: cw.name,
      signInUrl: signIn,
      validMinutes: STAFF_SIGN_IN_MINUTES,
    });
    return {
      from: sender(unit.publicName, unit.mailbox ?? this.origin.fromAddress),
      to: cw.email,
      messageId: this.origin.messageId(jobId),
      ...mail,
      links: { signIn },
    };
  }
}
