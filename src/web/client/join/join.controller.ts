import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../../auth/staff-principal';
import { PageErrorFilter } from '../../http/page-error.filter';
import { renderer, send } from '../../http/page-response';
import { WebContextFactory } from '../../http/request-context';
import { JoinPagesService } from './join-pages.service';
import { JOIN_PAGES } from './join.page';

const render = renderer(JOIN_PAGES);

/** The video page that the join link in mails and invites points at. */
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
@Controller('join')
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
