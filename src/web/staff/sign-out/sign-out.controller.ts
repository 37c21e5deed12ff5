import {
  applyDecorators,
  CanActivate,
  Controller,
  ExecutionContext,
  Injectable,
  Post,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../../auth/staff-principal';
import { PageErrorFilter } from '../../http/page-error.filter';
import { AnswersRefusedForms, FormCsrfExempt, PageFormGuard } from '../../http/page-forms';
import { renderer, send } from '../../http/page-response';
import { RequestContext, WebContextFactory } from '../../http/request-context';
import { clearSessionCookie, readSessionToken } from '../session-cookie';
import { StaffPageSessions } from '../staff-page-sessions';
import { SignOutPagesService } from './sign-out-pages.service';
import { SIGN_OUT_PAGES } from './sign-out.page';

const render = renderer(SIGN_OUT_PAGES);

/** Looks the session up before the form guard, which then checks the button's token against it. Never refuses. */
@Injectable()
export class SignOutSessionLookup implements CanActivate {
  constructor(private readonly sessions: StaffPageSessions) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    await this.sessions.current(ctx.switchToHttp().getRequest<Request>());
    return true;
  }
}

/** POST /staff/sign-out: not behind the session guard, so an expired session can still sign out cleanly. */
@applyDecorators(
  ApiExcludeController(),
  Public(),
  UseGuards(SignOutSessionLookup, PageFormGuard),
  UseFilters(PageErrorFilter),
  Controller('staff/sign-out'),
)
export class StaffSignOutController implements AnswersRefusedForms {
  constructor(
    private readonly pages: SignOutPagesService,
    private readonly web: WebContextFactory,
  ) {}

  refusedForm(rc: RequestContext) {
    return Promise.resolve(render(this.pages.refusedForm(rc)));
  }

  @Post()
  @FormCsrfExempt({
    onlyWithoutSession: true,
    why:
      'The button’s token was the session’s. Without a live session there is nothing left to protect (an ended, ' +
      'idle or expired session cannot be used again), so an expired session still signs out.',
  })
  // eslint-disable-next-line no-restricted-syntax -- reads the session cookie and clears it
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    const token = readSessionToken(req, this.web.secure);
    const outcome = await this.pages.signOut(this.web.context(req, res), { token });
    if ('redirect' in outcome) clearSessionCookie(res, this.web.secure);
    send(res, render(outcome));
  }
}
