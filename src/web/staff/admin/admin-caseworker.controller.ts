import { Body, Get, Post } from '@nestjs/common';
import type { Request } from 'express';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { UuidParam } from '../../../common/uuid-param';
import { PageContext } from '../../http/page-handlers';
import type { AnswersRefusedForms } from '../../http/page-forms';
import { renderer } from '../../http/page-response';
import { RequestContext } from '../../http/request-context';
import { readAbsenceForm, readHoursForm } from '../settings/settings-forms';
import { readCalDavForm, readCalendarChoice, readIcsForm } from '../settings/external-calendars-forms';
import { signedInStaffOf, SignedInStaff, StaffPages } from '../staff-page-sessions';
import { AdminAccess } from './admin-access';
import { AdminCaseworkerPagesService } from './admin-caseworker-pages.service';
import { adminPaths } from './admin-paths';
import { ADMIN_PAGES } from './admin.page';

const render = renderer(ADMIN_PAGES);

/** /staff/admin/caseworkers/:id…: one colleague's page, their hours, absences and own calendars. */
@StaffPages('staff/admin', render)
export class AdminCaseworkerController implements AnswersRefusedForms {
  constructor(
    private readonly pages: AdminCaseworkerPagesService,
    private readonly access: AdminAccess,
  ) {}

  /** Every form here is on the colleague's page, where a refused form leads back to. */
  async refusedForm(rc: RequestContext, req: Request) {
    const back = adminPaths.caseworker(String(req.params.id));
    return render(await this.access.refusedForm(rc, signedInStaffOf(req), back));
  }

  @Get('caseworkers/:id')
  caseworker(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.caseworker(rc, staff, id);
  }

  /** A colleague's weekly hours, with My settings' form and checks (PUT /caseworkers/:id/working-hours behind). */
  @Post('caseworkers/:id/working-hours')
  workingHours(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    const form = readHoursForm(body);
    return this.pages.saveHours(rc, staff, id, form);
  }

  @Post('caseworkers/:id/absences')
  addAbsence(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    const form = readAbsenceForm(body);
    return this.pages.addAbsence(rc, staff, id, form);
  }

  @Post('caseworkers/:id/absences/:absenceId/remove')
  removeAbsence(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('absenceId') absenceId: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.removeAbsence(rc, staff, id, absenceId);
  }

  /** A colleague's own calendars, with My settings' forms (POST /caseworkers/:id/external-calendars behind). */
  @Post('caseworkers/:id/external-calendars/ics')
  connectIcs(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    const form = readIcsForm(body);
    return this.pages.connectIcs(rc, staff, id, form);
  }

  @Post('caseworkers/:id/external-calendars/caldav')
  connectCalDav(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    const form = readCalDavForm(body);
    return this.pages.connectCalDav(rc, staff, id, form);
  }

  @Post('caseworkers/:id/external-calendars/:calendarId/calendars')
  saveCalendars(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('calendarId') calendarId: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    const hrefs = readCalendarChoice(body);
    return this.pages.saveCalendars(rc, staff, id, calendarId, hrefs);
  }

  @Post('caseworkers/:id/external-calendars/:calendarId/sync')
  syncCalendar(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('calendarId') calendarId: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.syncCalendar(rc, staff, id, calendarId);
  }

  @Get('caseworkers/:id/external-calendars/:calendarId/disconnect')
  confirmDisconnect(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('calendarId') calendarId: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.confirmDisconnect(rc, staff, id, calendarId);
  }

  @Post('caseworkers/:id/external-calendars/:calendarId/disconnect')
  disconnect(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('calendarId') calendarId: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.disconnect(rc, staff, id, calendarId);
  }
}
