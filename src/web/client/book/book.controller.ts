import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../../auth/staff-principal';
import { PageErrorFilter } from '../../http/page-error.filter';
import { renderer, send } from '../../http/page-response';
import { WebContextFactory } from '../../http/request-context';
import { BookPagesService } from './book-pages.service';
import { BOOK_PAGES } from './book.page';
import { readBookingForm } from './booking-form';

const render = renderer(BOOK_PAGES);

/** The public booking page: GET steps by query string, one POST that books. */
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
@Controller('book')
export class BookController {
  constructor(
    private readonly pages: BookPagesService,
    private readonly web: WebContextFactory,
  ) {}

  @Get(':slug')
  async show(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, render(await this.pages.show(this.web.context(req, res), { slug })));
  }

  @Post(':slug')
  async book(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(
      res,
      render(
        await this.pages.submit(this.web.context(req, res), { slug, form: readBookingForm(req.body), ip: req.ip }),
      ),
    );
  }
}
