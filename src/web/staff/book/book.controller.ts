import { Body, Get, Post } from '@nestjs/common';
import type { Request } from 'express';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { PageContext } from '../../http/page-handlers';
import { renderer } from '../../http/page-response';
import type { AnswersRefusedForms } from '../../http/page-forms';
import { RequestContext } from '../../http/request-context';
import { signedInStaffOf, SignedInStaff, StaffPages } from '../staff-page-sessions';
import { BookPagesService } from './book-pages.service';
import { BOOK_PAGES } from './book.page';

const render = renderer(BOOK_PAGES);

/** /staff/book: booking for a client by phone or at the desk, and recording a walk-in. */
@StaffPages('staff/book', render)
export class StaffBookController implements AnswersRefusedForms {
  constructor(private readonly pages: BookPagesService) {}

  async refusedForm(rc: RequestContext, req: Request) {
    return render(await this.pages.refusedForm(rc, { staff: signedInStaffOf(req) }));
  }

  @Get()
  show(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.pages.show(rc, { staff });
  }

  @Post('search')
  search(@SignedInStaff() staff: StaffSessionPrincipal, @Body() body: unknown, @PageContext() rc: RequestContext) {
    return this.pages.search(rc, { staff, body: body });
  }

  @Post('new-client')
  newClient(@SignedInStaff() staff: StaffSessionPrincipal, @Body() body: unknown, @PageContext() rc: RequestContext) {
    return this.pages.newClient(rc, { staff, body: body });
  }

  @Get('mode')
  mode(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.pages.mode(rc, { staff });
  }

  @Get('slots')
  slots(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.pages.slots(rc, { staff });
  }

  @Get('confirm')
  confirmPage(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.pages.confirmPage(rc, { staff });
  }

  @Post('confirm')
  confirm(@SignedInStaff() staff: StaffSessionPrincipal, @Body() body: unknown, @PageContext() rc: RequestContext) {
    return this.pages.confirm(rc, { staff, body: body });
  }

  @Get('walk-in')
  walkInPage(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.pages.walkInPage(rc, { staff });
  }

  @Post('walk-in')
  walkIn(@SignedInStaff() staff: StaffSessionPrincipal, @Body() body: unknown, @PageContext() rc: RequestContext) {
    return this.pages.walkIn(rc, { staff, body: body });
  }
}
