import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../../auth/staff-principal';
import { BookPagesService } from './book-pages.service';
import { PageErrorFilter } from '../../http/page-error.filter';
import { respond } from '../../http/web-context';

/** The public booking page: GET steps by query string, one POST that books. */
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
@Controller('book')
export class BookController {
  constructor(private readonly pages: BookPagesService) {}

  @Get(':slug')
  async show(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    respond(res, await this.pages.show(slug, req, res));
  }

  @Post(':slug')
  async book(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    respond(res, await this.pages.submit(slug, req, res));
  }
}
