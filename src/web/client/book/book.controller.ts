import { Body, Get, Ip, Param, Post } from '@nestjs/common';
import type { Request } from 'express';
import type { AnswersRefusedForms } from '../../http/page-forms';
import { PublicPages } from '../../http/public-pages';
import { PageContext } from '../../http/page-handlers';
import { renderer } from '../../http/page-response';
import { RequestContext } from '../../http/request-context';
import { BookPagesService } from './book-pages.service';
import { BOOK_PAGES } from './book.page';
import { readBookingForm } from './booking-form';

const render = renderer(BOOK_PAGES);

/** The public booking page: GET steps by query string, one POST that books. */
@PublicPages('book', render)
export class BookController implements AnswersRefusedForms {
  constructor(private readonly pages: BookPagesService) {}

  @Get(':slug')
  show(@Param('slug') slug: string, @PageContext() rc: RequestContext) {
    return this.pages.show(rc, { slug });
  }

  async refusedForm(rc: RequestContext, req: Request) {
    return render(await this.pages.refusedForm(rc, { slug: String(req.params.slug) }));
  }

  @Post(':slug')
  book(
    @Param('slug') slug: string,
    @Body() body: unknown,
    @Ip() ip: string | undefined,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.submit(rc, { slug, form: readBookingForm(body), ip });
  }
}
