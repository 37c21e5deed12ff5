import { Module } from '@nestjs/common';
import { OidcClient } from '../../../auth/oidc/oidc-client';
import { OidcSignInService } from '../../../auth/oidc/oidc-sign-in.service';
import { OidcSignOutRedirect } from '../../../auth/oidc/oidc-sign-out-redirect';
import { WebHttpModule } from '../../http/web-http.module';
import { OidcPagesService } from './oidc-pages.service';
import { OidcController } from './oidc.controller';

/** Single sign-on; gives the sign-out its RP-initiated logout (SIGN_OUT_REDIRECT in StaffPagesModule). */
@Module({
  imports: [WebHttpModule],
  controllers: [OidcController],
  providers: [OidcClient, OidcSignInService, OidcPagesService, OidcSignOutRedirect],
  exports: [OidcClient, OidcSignOutRedirect],
})
export class OidcPagesModule {}
