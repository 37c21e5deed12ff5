import { Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { renderer, send } from '../../http/page-response';
import { WebContextFactory } from '../../http/request-context';
import { SignedInStaff, StaffPages } from '../staff-page-sessions';
import { CalendarPagesService } from './calendar-pages.service';
import { CALENDAR_PAGES } from './calendar.page';

const render = renderer(CALENDAR_PAGES);

/** GET /staff: the calendar (week, list, team day). */
@StaffPages('staff')
export class CalendarController {
  constructor(
    private readonly pages: CalendarPagesService,
    private readonly web: WebContextFactory,
  ) {}

  @Get()
  async show(@SignedInStaff() staff: StaffSessionPrincipal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const query = req.query as Record<string, unknown>;
    send(res, render(await this.pages.show(this.web.context(req, res), { staff, query })));
  }
}
