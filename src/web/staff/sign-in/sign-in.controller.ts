import { Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AnswersRefusedForms } from '../../http/page-forms';
import { formField } from '../../http/form';
import { PublicPages } from '../../http/public-pages';
import { renderer, send } from '../../http/page-response';
import { RequestContext, WebContextFactory } from '../../http/request-context';
import { readSessionToken, setSessionCookie } from '../session-cookie';
import { StaffPageSessions } from '../staff-page-sessions';
import { SignInPagesService } from './sign-in-pages.service';
import { SIGN_IN_PAGES } from './sign-in.page';

const render = renderer(SIGN_IN_PAGES);

/** The sign-in page and the email link: public routes (there is no session yet). */
@PublicPages('staff/sign-in')
export class SignInController implements AnswersRefusedForms {
  constructor(
    private readonly pages: SignInPagesService,
    private readonly sessions: StaffPageSessions,
    private readonly web: WebContextFactory,
  ) {}

  @Get()
  async show(@Req() req: Request, @Res() res: Response): Promise<void> {
    const signedIn = (await this.sessions.current(req)) !== null;
    send(res, render(this.pages.show(this.web.context(req, res), { signedIn })));
  }

  async refusedForm(rc: RequestContext, req: Request, handler: string) {
    const form =
      handler === this.signIn.name ? { token: String(req.params.token) } : { next: formField(req.body, 'next') };
    return render(await this.pages.refusedForm(rc, form));
  }

  // Before ':token', so that "email" is this route and not a link.
  @Post('email')
  async requestLink(@Req() req: Request, @Res() res: Response): Promise<void> {
    const input = { email: formField(req.body, 'email'), next: formField(req.body, 'next') };
    send(res, render(await this.pages.requestLink(this.web.context(req, res), input)));
  }

  @Get(':token')
  async showLink(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, render(await this.pages.showLink(this.web.context(req, res), { token })));
  }

  @Post(':token')
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
