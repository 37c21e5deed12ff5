import { Get, Query } from '@nestjs/common';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { PageContext } from '../../http/page-handlers';
import { renderer } from '../../http/page-response';
import { RequestContext } from '../../http/request-context';
import { SignedInStaff, StaffPages } from '../staff-page-sessions';
import { CalendarPagesService } from './calendar-pages.service';
import { CALENDAR_PAGES } from './calendar.page';

const render = renderer(CALENDAR_PAGES);

/** GET /staff: the calendar (week, list, team day). */
@StaffPages('staff', render)
export class CalendarController {
  constructor(private readonly pages: CalendarPagesService) {}

  @Get()
  show(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Query() query: Record<string, unknown>,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.show(rc, { staff, query });
  }
}
