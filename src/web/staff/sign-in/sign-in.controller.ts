import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AnswersRefusedForms } from '../../http/page-forms';
import { formField } from '../../http/form';
import { PublicPages } from '../../http/public-pages';
import { PageContext } from '../../http/page-handlers';
import { renderer, send } from '../../http/page-response';
import { RequestContext, WebContextFactory } from '../../http/request-context';
import { readSessionToken, setSessionCookie } from '../session-cookie';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { CurrentStaffSession } from '../staff-page-sessions';
import { SignInPagesService } from './sign-in-pages.service';
import { SIGN_IN_PAGES } from './sign-in.page';

const render = renderer(SIGN_IN_PAGES);

/** The sign-in page and the email link: public routes (there is no session yet). */
@PublicPages('staff/sign-in', render)
export class SignInController implements AnswersRefusedForms {
  constructor(
    private readonly pages: SignInPagesService,
    private readonly web: WebContextFactory,
  ) {}

  @Get()
  show(@CurrentStaffSession() session: StaffSessionPrincipal | null, @PageContext() rc: RequestContext) {
    return this.pages.show(rc, { signedIn: session !== null });
  }

  async refusedForm(rc: RequestContext, req: Request, handler: string) {
    const form =
      handler === this.signIn.name ? { token: String(req.params.token) } : { next: formField(req.body, 'next') };
    return render(await this.pages.refusedForm(rc, form));
  }

  // Before ':token', so that "email" is this route and not a link.
  @Post('email')
  requestLink(@Body() body: unknown, @PageContext() rc: RequestContext) {
    const input = { email: formField(body, 'email'), next: formField(body, 'next') };
    return this.pages.requestLink(rc, input);
  }

  @Get(':token')
  showLink(@Param('token') token: string, @PageContext() rc: RequestContext) {
    return this.pages.showLink(rc, { token });
  }

  @Post(':token')
  // eslint-disable-next-line no-restricted-syntax -- reads the browser's old session cookie and sets the new session's
  async signIn(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const previousToken = readSessionToken(req, this.web.secure);
    const outcome = await this.pages.signIn(this.web.context(req, res), {
      token,
      next: formField(req.body, 'next'),
      previousToken,
    });
    if ('session' in outcome) setSessionCookie(res, outcome.session.token, this.web.secure);
    send(res, render(outcome));
  }
}
