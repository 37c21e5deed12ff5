import { Module } from '@nestjs/common';
import { EmailSignInService } from '../../auth/email-sign-in.service';
import { OidcSignOutRedirect } from '../../auth/oidc/oidc-sign-out-redirect';
import { SignInLinkRequests } from '../../auth/sign-in-link-requests';
import { SIGN_OUT_REDIRECT } from '../../auth/sign-out-redirect';
import { WebHttpModule } from '../http/web-http.module';
import { OidcPagesModule } from './oidc/oidc-pages.module';
import { SignOutSessionLookup, StaffSignOutController } from './sign-out/sign-out.controller';
import { SignOutPagesService } from './sign-out/sign-out-pages.service';
import { SignInPagesService } from './sign-in/sign-in-pages.service';
import { SignInController } from './sign-in/sign-in.controller';
import {
  CurrentStaffSessionPipe,
  StaffPageErrorFilter,
  StaffPageGuard,
  StaffPageSessions,
} from './staff-page-sessions';
import { StaffShellReadModel } from './ui/staff-shell.read-model';
import { StaffShellService } from './ui/staff-shell.service';

/**
 * The pages staff see. A workspace page's controller is `@StaffPages('staff/…')` (a live session
 * or a 303 to sign-in) and gets `@SignedInStaff()`; sign-in, sign-out and the provider's callback
 * are public routes of their own.
 */
@Module({
  imports: [WebHttpModule, OidcPagesModule],
  controllers: [StaffSignOutController, SignInController],
  providers: [
    StaffPageSessions,
    StaffPageGuard,
    CurrentStaffSessionPipe,
    StaffShellService,
    StaffShellReadModel,
    StaffPageErrorFilter,
    SignOutPagesService,
    SignOutSessionLookup,
    EmailSignInService,
    SignInLinkRequests,
    SignInPagesService,
    // Sign-out's next stop: the provider's end-session URL for oidc sessions (RP-initiated logout), else null.
    { provide: SIGN_OUT_REDIRECT, useExisting: OidcSignOutRedirect },
  ],
  // What every workspace area module (calendar, appointment, book, clients, settings, admin) builds on.
  exports: [WebHttpModule, StaffPageSessions, StaffPageGuard, StaffPageErrorFilter, StaffShellService],
})
export class StaffPagesModule {}
