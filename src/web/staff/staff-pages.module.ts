import { Module } from '@nestjs/common';
import { EmailSignInService } from '../../auth/email-sign-in.service';
import { NoSignOutRedirect, SIGN_OUT_REDIRECT } from '../../auth/sign-out-redirect';
import { WebHttpModule } from '../http/web-http.module';
import { StaffHomeController, StaffSignOutController } from './home/staff-home.controller';
import { StaffHomePagesService } from './home/staff-home-pages.service';
import { SignInPagesService } from './sign-in/sign-in-pages.service';
import { SignInController } from './sign-in/sign-in.controller';
import { StaffPageErrorFilter, StaffPageGuard, StaffPageSessions } from './staff-page-sessions';

/**
 * The pages staff see. A workspace page's controller is `@StaffPages('staff/…')` (a live session
 * or a 303 to sign-in) and gets `@SignedInStaff()`; sign-in, sign-out and the provider's callback
 * are public routes of their own.
 */
@Module({
  imports: [WebHttpModule],
  controllers: [StaffHomeController, StaffSignOutController, SignInController],
  providers: [
    StaffPageSessions,
    StaffPageGuard,
    StaffPageErrorFilter,
    StaffHomePagesService,
    EmailSignInService,
    SignInPagesService,
    // Sign-out's next stop. The OpenID Connect wing replaces this with its RP-initiated logout
    // (the provider's end-session URL for oidc sessions, null otherwise).
    { provide: SIGN_OUT_REDIRECT, useClass: NoSignOutRedirect },
  ],
  exports: [StaffPageSessions],
})
export class StaffPagesModule {}
