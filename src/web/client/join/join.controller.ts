import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../../auth/staff-principal';
import { PageErrorFilter } from '../../http/page-error.filter';
import { respond } from '../../http/web-context';
import { JoinPagesService } from './join-pages.service';

/** The video page that the join link in mails and invites points at. */
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
@Controller('join')
export class JoinController {
  constructor(private readonly pages: JoinPagesService) {}

  @Get(':token')
  async show(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    respond(res, await this.pages.show(token, req, res));
  }
}
