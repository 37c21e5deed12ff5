import { Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PublicPages } from '../../http/public-pages';
import { renderer, send } from '../../http/page-response';
import { WebContextFactory } from '../../http/request-context';
import { JoinPagesService } from './join-pages.service';
import { JOIN_PAGES } from './join.page';

const render = renderer(JOIN_PAGES);

/** The video page that the join link in mails and invites points at. */
@PublicPages('join')
export class JoinController {
  constructor(
    private readonly pages: JoinPagesService,
    private readonly web: WebContextFactory,
  ) {}

  @Get(':token')
  async show(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, render(await this.pages.show(this.web.context(req, res), { token })));
  }
}
