import { Get, Param } from '@nestjs/common';
import { PublicPages } from '../../http/public-pages';
import { PageContext } from '../../http/page-handlers';
import { renderer } from '../../http/page-response';
import { RequestContext } from '../../http/request-context';
import { JoinPagesService } from './join-pages.service';
import { JOIN_PAGES } from './join.page';

const render = renderer(JOIN_PAGES);

/** The video page that the join link in mails and invites points at. */
@PublicPages('join', render)
export class JoinController {
  constructor(private readonly pages: JoinPagesService) {}

  @Get(':token')
  show(@Param('token') token: string, @PageContext() rc: RequestContext) {
    return this.pages.show(rc, { token });
  }
}
