import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../../auth/staff-principal';
import { PageErrorFilter } from '../../http/page-error.filter';
import { respond } from '../../http/web-context';
import { MeActionsService } from './me-actions.service';
import { MePagesService } from './me-pages.service';

/** The client's page; the token in the path is the credential (no account). */
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
@Controller('me/:token')
export class MeController {
  constructor(
    private readonly pages: MePagesService,
    private readonly actions: MeActionsService,
  ) {}

  @Get()
  async show(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    respond(res, await this.pages.show(token, req, res));
  }

  @Post('appointments')
  async book(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    respond(res, await this.actions.book(token, req, res));
  }

  @Post('appointments/:id/reschedule')
  async reschedule(@Param('token') token: string, @Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    respond(res, await this.actions.reschedule(token, id, req, res));
  }

  @Post('appointments/:id/cancel')
  async cancel(@Param('token') token: string, @Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    respond(res, await this.actions.cancel(token, id, req, res));
  }

  @Post('appointments/:id/mode')
  async mode(@Param('token') token: string, @Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    respond(res, await this.actions.mode(token, id, req, res));
  }

  @Post('appointments/:id/notes')
  async note(@Param('token') token: string, @Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    respond(res, await this.actions.note(token, id, req, res));
  }

  @Get('appointments/:id/join')
  async join(@Param('token') token: string, @Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    respond(res, await this.actions.join(token, id, req, res));
  }
}
