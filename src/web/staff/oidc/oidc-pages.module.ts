import { Module } from '@nestjs/common';
import { OidcClient } from '../../../auth/oidc/oidc-client';
import { OidcSignInService } from '../../../auth/oidc/oidc-sign-in.service';
import { StaffSessionsService } from '../../../auth/staff-sessions.service';
import { WebHttpModule } from '../../http/web-http.module';
import { OidcPagesService } from './oidc-pages.service';
import { OidcController } from './oidc.controller';

/** Single sign-on; exports the client for the sign-out's RP-initiated logout. */
@Module({
  imports: [WebHttpModule],
  controllers: [OidcController],
  providers: [OidcClient, OidcSignInService, OidcPagesService, StaffSessionsService],
  exports: [OidcClient],
})
export class OidcPagesModule {}
