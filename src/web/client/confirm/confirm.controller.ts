import { Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AnswersRefusedForms } from '../../http/page-forms';
import { PublicPages } from '../../http/public-pages';
import { renderer, send } from '../../http/page-response';
import { RequestContext, WebContextFactory } from '../../http/request-context';
import { ConfirmPagesService } from './confirm-pages.service';
import { CONFIRM_PAGES } from './confirm.page';

const render = renderer(CONFIRM_PAGES);

/** The confirm link from the hold mail: GET shows, POST (with CSRF) confirms. */
@PublicPages('confirm')
export class ConfirmController implements AnswersRefusedForms {
  constructor(
    private readonly pages: ConfirmPagesService,
    private readonly web: WebContextFactory,
  ) {}

  @Get(':token')
  async show(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, render(await this.pages.show(this.web.context(req, res), { token })));
  }

  async refusedForm(rc: RequestContext, req: Request) {
    return render(await this.pages.refusedForm(rc, { token: String(req.params.token) }));
  }

  @Post(':token')
  async confirm(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, render(await this.pages.confirm(this.web.context(req, res), { token })));
  }
}
