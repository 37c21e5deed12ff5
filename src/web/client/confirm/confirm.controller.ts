import { Get, Param, Post } from '@nestjs/common';
import type { Request } from 'express';
import type { AnswersRefusedForms } from '../../http/page-forms';
import { PublicPages } from '../../http/public-pages';
import { PageContext } from '../../http/page-handlers';
import { renderer } from '../../http/page-response';
import { RequestContext } from '../../http/request-context';
import { ConfirmPagesService } from './confirm-pages.service';
import { CONFIRM_PAGES } from './confirm.page';

const render = renderer(CONFIRM_PAGES);

/** The confirm link from the hold mail: GET shows, POST (with CSRF) confirms. */
@PublicPages('confirm', render)
export class ConfirmController implements AnswersRefusedForms {
  constructor(private readonly pages: ConfirmPagesService) {}

  @Get(':token')
  show(@Param('token') token: string, @PageContext() rc: RequestContext) {
    return this.pages.show(rc, { token });
  }

  async refusedForm(rc: RequestContext, req: Request) {
    return render(await this.pages.refusedForm(rc, { token: String(req.params.token) }));
  }

  @Post(':token')
  confirm(@Param('token') token: string, @PageContext() rc: RequestContext) {
    return this.pages.confirm(rc, { token });
  }
}
