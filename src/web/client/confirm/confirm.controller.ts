import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../../auth/staff-principal';
import { ConfirmPagesService } from './confirm-pages.service';
import { PageErrorFilter } from '../../http/page-error.filter';
import { respond } from '../../http/web-context';

/** The confirm link from the hold mail: GET shows, POST (with CSRF) confirms. */
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
@Controller('confirm')
export class ConfirmController {
  constructor(private readonly pages: ConfirmPagesService) {}

  @Get(':token')
  async show(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    respond(res, await this.pages.show(token, req, res));
  }

  @Post(':token')
  async confirm(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    respond(res, await this.pages.confirm(token, req, res));
  }
}
