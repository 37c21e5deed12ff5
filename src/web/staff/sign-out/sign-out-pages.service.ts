import { Inject, Injectable } from '@nestjs/common';
import { SIGN_OUT_REDIRECT, type SignOutRedirect } from '../../../auth/sign-out-redirect';
import { StaffSessionsService } from '../../../auth/staff-sessions.service';
import { csrfRefused } from '../../http/message-pages';
import type { RequestContext } from '../../http/request-context';
import { signedOutUrl, staffHomePath } from '../paths';
import { SignOutOutcome } from './sign-out.page';

/** POST /staff/sign-out (GET /staff is the calendar: src/web/staff/calendar). */
@Injectable()
export class SignOutPagesService {
  constructor(
    private readonly sessions: StaffSessionsService,
    @Inject(SIGN_OUT_REDIRECT) private readonly signOutRedirect: SignOutRedirect,
  ) {}

  /**
   * Ends the session server-side (a stolen copy of the cookie dies with it), then the sign-in page,
   * or the identity provider's sign-out for an oidc session (SIGN_OUT_REDIRECT). The controller
   * clears the cookie on the redirect. Without a live session it is simply the sign-in page, and no
   * token is asked for: the button's token was the session's, and there is nothing left to protect
   * (an ended, idle or expired session cannot be used again), so an expired session still signs out
   * (the controller's FormCsrfExempt says so to PageFormGuard, which checks the token of a live one).
   */
  async signOut(rc: RequestContext, { token }: { token: string | null }): Promise<SignOutOutcome> {
    const ended = token ? await this.sessions.end(token) : null;
    // The oidc helper's provider sign-out plugs in here (SIGN_OUT_REDIRECT), for oidc sessions only.
    const elsewhere = ended ? await this.signOutRedirect.after(ended) : null;
    return { redirect: elsewhere ?? signedOutUrl };
  }

  /** A signed-in session's button posted without its token (PageFormGuard): nothing ended, back to the calendar. */
  refusedForm(rc: RequestContext): SignOutOutcome {
    const ctx = rc.page();
    return csrfRefused(ctx, { siteName: '', link: { href: staffHomePath, label: ctx.t('common.back') } });
  }
}
