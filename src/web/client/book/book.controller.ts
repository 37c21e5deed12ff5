import { Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AnswersRefusedForms } from '../../http/page-forms';
import { PublicPages } from '../../http/public-pages';
import { renderer, send } from '../../http/page-response';
import { RequestContext, WebContextFactory } from '../../http/request-context';
import { BookPagesService } from './book-pages.service';
import { BOOK_PAGES } from './book.page';
import { readBookingForm } from './booking-form';

const render = renderer(BOOK_PAGES);

/** The public booking page: GET steps by query string, one POST that books. */
@PublicPages('book')
export class BookController implements AnswersRefusedForms {
  constructor(
    private readonly pages: BookPagesService,
    private readonly web: WebContextFactory,
  ) {}

  @Get(':slug')
  async show(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, render(await this.pages.show(this.web.context(req, res), { slug })));
  }

  async refusedForm(rc: RequestContext, req: Request) {
    return render(await this.pages.refusedForm(rc, { slug: String(req.params.slug) }));
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
