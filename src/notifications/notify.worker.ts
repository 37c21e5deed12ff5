import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Config } from '../../config/config';
import { CONFIG } from '../common/injection-tokens';
import { redactErrorText } from '../common/logger';
import { JobsService } from '../jobs/jobs.service';
import { MAIL_TRANSPORT, MailTransport } from './mail-transport';
import { NotificationComposer } from './notification-composer';

/**
 * Sends what the booking transactions queued. A failed send throws, so pg-boss retries it with
 * exponential backoff; after the last attempt the job stays `failed`, listed for admins at
 * GET /api/v1/units/:unitId/mail-failures, and logged (ids only; addresses the SMTP server quotes
 * in its error are blanked out). MAIL_CONCURRENCY mails are composed and sent at once, over as many
 * pooled SMTP connections (see SmtpMailTransport).
 */
@Injectable()
export class NotifyWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly jobs: JobsService,
    private readonly composer: NotificationComposer,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work(
      'notify',
      async (data, job) => {
        const mail = await this.composer.compose(data, job.id);
        if (typeof mail === 'string') {
          this.logger.log(`notification ${job.id} (${data.kind}) not sent: ${mail}`);
          return;
        }
        try {
          await this.transport.send(mail);
        } catch (err) {
          const attempt = (job as { retryCount?: number }).retryCount ?? 0;
          const limit = (job as { retryLimit?: number }).retryLimit ?? 0;
          const final = attempt >= limit;
          this.logger[final ? 'error' : 'warn'](
            `notification ${job.id} (${data.kind}, appointment ${('appointmentId' in data && data.appointmentId) || '-'}) failed on attempt ${attempt + 1}${final ? ', giving up' : ''}: ${redactErrorText((err as Error).message)}`,
          );
          throw err;
        }
      },
      { concurrency: this.config.MAIL_CONCURRENCY },
    );
  }
}
