import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../../appointments/appointments.module';
import { UnitsModule } from '../../units/units.module';
import { VideoModule } from '../../video/video.module';
import { WebHttpModule } from '../http/web-http.module';
import { BookPagesService } from './book/book-pages.service';
import { BookController } from './book/book.controller';
import { ConfirmPagesService } from './confirm/confirm-pages.service';
import { ConfirmController } from './confirm/confirm.controller';
import { JoinPagesService } from './join/join-pages.service';
import { JoinController } from './join/join.controller';
import { MeActionsService } from './me/me-actions.service';
import { MePagesService } from './me/me-pages.service';
import { MeController } from './me/me.controller';
import { MeetingTypesReadModel } from './meeting-types.read-model';

/** The pages clients see: book, confirm, me, join. */
@Module({
  imports: [WebHttpModule, AppointmentsModule, UnitsModule, VideoModule],
  controllers: [BookController, ConfirmController, MeController, JoinController],
  providers: [
    MeetingTypesReadModel,
    BookPagesService,
    ConfirmPagesService,
    MePagesService,
    MeActionsService,
    JoinPagesService,
  ],
})
export class ClientPagesModule {}
