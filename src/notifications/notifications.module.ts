import { Module } from '@nestjs/common';
import type { Config } from '../../config/config';
import { ClientsModule } from '../clients/clients.module';
import { CONFIG } from '../common/injection-tokens';
import { ClientMailComposer } from './client-mail.composer';
import { DevMailController } from './dev-mail.controller';
import { MailFailuresController } from './mail-failures.controller';
import { MailFailuresService } from './mail-failures.service';
import { DevFileMailTransport, MAIL_TRANSPORT, SmtpMailTransport } from './mail-transport';
import { NotificationComposer } from './notification-composer';
import { NotificationContextReadModel } from './notification-context.read-model';
import { NotificationLinks } from './notification-links';
import { NotifyWorker } from './notify.worker';
import { StaffSignInMailComposer } from './staff-sign-in-mail.composer';

@Module({
  imports: [ClientsModule],
  controllers: [MailFailuresController, DevMailController],
  providers: [
    {
      provide: MAIL_TRANSPORT,
      inject: [CONFIG],
      useFactory: (config: Config) =>
        config.SMTP_URL
          ? new SmtpMailTransport(config.SMTP_URL, config.MAIL_CONCURRENCY)
          : new DevFileMailTransport(config.MAIL_DIR),
    },
    NotificationLinks,
    NotificationContextReadModel,
    ClientMailComposer,
    StaffSignInMailComposer,
    NotificationComposer,
    NotifyWorker,
    MailFailuresService,
  ],
})
export class NotificationsModule {}
