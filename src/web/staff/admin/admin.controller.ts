import { Body, Get, Post } from '@nestjs/common';
import type { Request } from 'express';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { UuidParam } from '../../../common/uuid-param';
import { PageContext } from '../../http/page-handlers';
import { renderer } from '../../http/page-response';
import { readAbsenceForm, readHoursForm } from '../settings/settings-forms';
import { readCalDavForm, readCalendarChoice, readIcsForm } from '../settings/external-calendars-forms';
import { signedInStaffOf, SignedInStaff, StaffPages } from '../staff-page-sessions';
import type { AnswersRefusedForms } from '../../http/page-forms';
import { RequestContext } from '../../http/request-context';
import { formField } from '../../http/form';
import { isUUID } from 'class-validator';
import { AdminAccess } from './admin-access';
import { adminPaths } from './admin-paths';
import { AdminPagesService } from './admin-pages.service';
import { AdminUnitPagesService } from './admin-unit-pages.service';
import { ADMIN_PAGES } from './admin.page';

const render = renderer(ADMIN_PAGES);

/** /staff/admin/…: the unit's admin pages (a caseworker gets the 403 page on every route). */
@StaffPages('staff/admin', render)
export class AdminController implements AnswersRefusedForms {
  constructor(
    private readonly pages: AdminPagesService,
    private readonly unitPages: AdminUnitPagesService,
    private readonly access: AdminAccess,
  ) {}

  async refusedForm(rc: RequestContext, req: Request, handler: string) {
    return render(await this.access.refusedForm(rc, signedInStaffOf(req), this.formPage(req, handler)));
  }

  /** The page a route's form is on, where a refused form leads back to. */
  private formPage(req: Request, handler: string): string {
    const id = String(req.params.id);
    switch (handler) {
      case this.addCaseworker.name:
      case this.role.name:
        return adminPaths.caseworkers;
      case this.reassign.name: {
        const from = formField(req.body, 'from');
        return isUUID(from) ? adminPaths.caseworker(from) : adminPaths.caseworkers;
      }
      case this.createMeetingType.name:
        return adminPaths.newMeetingType;
      case this.saveMeetingType.name:
        return adminPaths.meetingType(id);
      case this.saveUnit.name:
        return adminPaths.unit;
      case this.retryMail.name:
        return adminPaths.mailFailures;
      default:
        return adminPaths.caseworker(id);
    }
  }

  @Get()
  index(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.pages.index(rc, staff);
  }

  @Get('caseworkers')
  caseworkers(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.pages.caseworkerList(rc, staff);
  }

  @Post('caseworkers')
  addCaseworker(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.createCaseworker(rc, staff, body);
  }

  @Get('caseworkers/:id')
  caseworker(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.caseworker(rc, staff, id);
  }

  @Post('caseworkers/:id/role')
  role(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.changeRole(rc, staff, id, body);
  }

  @Get('caseworkers/:id/deactivate')
  deactivateStep(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.deactivateStep(rc, staff, id);
  }

  @Post('caseworkers/:id/deactivate')
  deactivate(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.deactivate(rc, staff, id);
  }

  @Post('caseworkers/:id/activate')
  activate(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.activate(rc, staff, id);
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

  @Post('appointments/:id/reassign')
  reassign(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.reassign(rc, staff, id, body);
  }

  @Get('meeting-types')
  meetingTypes(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.unitPages.meetingTypes(rc, staff);
  }

  @Get('meeting-types/new')
  newMeetingType(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.unitPages.meetingTypeForm(rc, staff, null);
  }

  @Post('meeting-types/new')
  createMeetingType(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    return this.unitPages.saveMeetingType(rc, staff, null, body);
  }

  @Get('meeting-types/:id')
  meetingType(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.unitPages.meetingTypeForm(rc, staff, id);
  }

  @Post('meeting-types/:id')
  saveMeetingType(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    return this.unitPages.saveMeetingType(rc, staff, id, body);
  }

  @Get('unit')
  unit(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.unitPages.unit(rc, staff);
  }

  @Post('unit')
  saveUnit(@SignedInStaff() staff: StaffSessionPrincipal, @Body() body: unknown, @PageContext() rc: RequestContext) {
    return this.unitPages.saveUnit(rc, staff, body);
  }

  @Get('mail-failures')
  mailFailures(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.unitPages.mailFailures(rc, staff);
  }

  @Post('mail-failures/:id/retry')
  retryMail(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.unitPages.retryMail(rc, staff, id);
  }

  @Get('audit')
  audit(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.unitPages.auditLog(rc, staff);
  }
}
