import { Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { renderer, send } from '../../http/page-response';
import type { AnswersRefusedForms } from '../../http/page-forms';
import { RequestContext, WebContextFactory } from '../../http/request-context';
import { signedInStaffOf, SignedInStaff, StaffPages } from '../staff-page-sessions';
import { BookPagesService } from './book-pages.service';
import { BOOK_PAGES } from './book.page';

const render = renderer(BOOK_PAGES);

/** /staff/book: booking for a client by phone or at the desk, and recording a walk-in. */
@StaffPages('staff/book')
export class StaffBookController implements AnswersRefusedForms {
  constructor(
    private readonly pages: BookPagesService,
    private readonly web: WebContextFactory,
  ) {}

  async refusedForm(rc: RequestContext, req: Request) {
    return render(await this.pages.refusedForm(rc, { staff: signedInStaffOf(req) }));
  }

  @Get()
  async show(@SignedInStaff() staff: StaffSessionPrincipal, @Req() req: Request, @Res() res: Response) {
    send(res, render(await this.pages.show(this.web.context(req, res), { staff })));
  }

  @Post('search')
  async search(@SignedInStaff() staff: StaffSessionPrincipal, @Req() req: Request, @Res() res: Response) {
    send(res, render(await this.pages.search(this.web.context(req, res), { staff, body: req.body as unknown })));
  }

  @Post('new-client')
  async newClient(@SignedInStaff() staff: StaffSessionPrincipal, @Req() req: Request, @Res() res: Response) {
    send(res, render(await this.pages.newClient(this.web.context(req, res), { staff, body: req.body as unknown })));
  }

  @Get('mode')
  async mode(@SignedInStaff() staff: StaffSessionPrincipal, @Req() req: Request, @Res() res: Response) {
    send(res, render(await this.pages.mode(this.web.context(req, res), { staff })));
  }

  @Get('slots')
  async slots(@SignedInStaff() staff: StaffSessionPrincipal, @Req() req: Request, @Res() res: Response) {
    send(res, render(await this.pages.slots(this.web.context(req, res), { staff })));
  }

  @Get('confirm')
  async confirmPage(@SignedInStaff() staff: StaffSessionPrincipal, @Req() req: Request, @Res() res: Response) {
    send(res, render(await this.pages.confirmPage(this.web.context(req, res), { staff })));
  }

  @Post('confirm')
  async confirm(@SignedInStaff() staff: StaffSessionPrincipal, @Req() req: Request, @Res() res: Response) {
    send(res, render(await this.pages.confirm(this.web.context(req, res), { staff, body: req.body as unknown })));
  }

  @Get('walk-in')
  async walkInPage(@SignedInStaff() staff: StaffSessionPrincipal, @Req() req: Request, @Res() res: Response) {
    send(res, render(await this.pages.walkInPage(this.web.context(req, res), { staff })));
  }

  @Post('walk-in')
  async walkIn(@SignedInStaff() staff: StaffSessionPrincipal, @Req() req: Request, @Res() res: Response) {
    send(res, render(await this.pages.walkIn(this.web.context(req, res), { staff, body: req.body as unknown })));
  }
}
