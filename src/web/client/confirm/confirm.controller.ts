import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../../auth/staff-principal';
import { PageErrorFilter } from '../../http/page-error.filter';
import { renderer, send } from '../../http/page-response';
import { WebContextFactory } from '../../http/request-context';
import { ConfirmPagesService } from './confirm-pages.service';
import { CONFIRM_PAGES } from './confirm.page';

const render = renderer(CONFIRM_PAGES);

/** The confirm link from the hold mail: GET shows, POST (with CSRF) confirms. */
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
@Controller('confirm')
export class ConfirmController {
  constructor(
    private readonly pages: ConfirmPagesService,
    private readonly web: WebContextFactory,
  ) {}

  @Get(':token')
  async show(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, render(await this.pages.show(this.web.context(req, res), { token })));
  }

  @Post(':token')
  async confirm(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, render(await this.pages.confirm(this.web.context(req, res), { token })));
  }
}
