import { Controller, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../../auth/staff-principal';
import { PageErrorFilter } from '../../http/page-error.filter';
import { renderer, send } from '../../http/page-response';
import { WebContextFactory } from '../../http/request-context';
import { clearSessionCookie, readSessionToken } from '../session-cookie';
import { StaffPageSessions } from '../staff-page-sessions';
import { SignOutPagesService } from './sign-out-pages.service';
import { SIGN_OUT_PAGES } from './sign-out.page';

const render = renderer(SIGN_OUT_PAGES);

/** POST /staff/sign-out: not behind the session guard, so an expired session can still sign out cleanly. */
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
@Controller('staff/sign-out')
export class StaffSignOutController {
  constructor(
    private readonly pages: SignOutPagesService,
    private readonly sessions: StaffPageSessions,
    private readonly web: WebContextFactory,
  ) {}

  @Post()
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    const token = readSessionToken(req, this.web.secure);
    // A live session binds the form to itself (its sign-out button was made with the session's key).
    const signedIn = (await this.sessions.current(req)) !== null;
    const outcome = await this.pages.signOut(this.web.context(req, res), { token, signedIn });
    if ('redirect' in outcome) clearSessionCookie(res, this.web.secure);
    send(res, render(outcome));
  }
}
