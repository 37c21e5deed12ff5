import { Body, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { UuidParam } from '../../../common/uuid-param';
import { renderer, send } from '../../http/page-response';
import { readAbsenceForm, readHoursForm } from '../settings/settings-forms';
import { readCalDavForm, readCalendarChoice, readIcsForm } from '../settings/external-calendars-forms';
import { signedInStaffOf, SignedInStaff, StaffPages } from '../staff-page-sessions';
import type { AnswersRefusedForms } from '../../http/page-forms';
import { RequestContext, WebContextFactory } from '../../http/request-context';
import { formField } from '../../http/form';
import { isUUID } from 'class-validator';
import { AdminAccess } from './admin-access';
import { adminPaths } from './admin-paths';
import { AdminPagesService } from './admin-pages.service';
import { AdminUnitPagesService } from './admin-unit-pages.service';
import { ADMIN_PAGES } from './admin.page';

const render = renderer(ADMIN_PAGES);

/** /staff/admin/…: the unit's admin pages (a caseworker gets the 403 page on every route). */
@StaffPages('staff/admin')
export class AdminController implements AnswersRefusedForms {
  constructor(
    private readonly pages: AdminPagesService,
    private readonly unitPages: AdminUnitPagesService,
    private readonly access: AdminAccess,
    private readonly web: WebContextFactory,
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
  async index(@SignedInStaff() staff: StaffSessionPrincipal, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, render(await this.pages.index(this.web.context(req, res), staff)));
  }

  @Get('caseworkers')
  async caseworkers(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.caseworkerList(this.web.context(req, res), staff)));
  }

  @Post('caseworkers')
  async addCaseworker(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.createCaseworker(this.web.context(req, res), staff, body)));
  }

  @Get('caseworkers/:id')
  async caseworker(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.caseworker(this.web.context(req, res), staff, id)));
  }

  @Post('caseworkers/:id/role')
  async role(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.changeRole(this.web.context(req, res), staff, id, body)));
  }

  @Get('caseworkers/:id/deactivate')
  async deactivateStep(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.deactivateStep(this.web.context(req, res), staff, id)));
  }

  @Post('caseworkers/:id/deactivate')
  async deactivate(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.deactivate(this.web.context(req, res), staff, id)));
  }

  @Post('caseworkers/:id/activate')
  async activate(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.activate(this.web.context(req, res), staff, id)));
  }

  /** A colleague's weekly hours, with My settings' form and checks (PUT /caseworkers/:id/working-hours behind). */
  @Post('caseworkers/:id/working-hours')
  async workingHours(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = readHoursForm(req.body);
    send(res, render(await this.pages.saveHours(this.web.context(req, res), staff, id, form)));
  }

  @Post('caseworkers/:id/absences')
  async addAbsence(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = readAbsenceForm(req.body);
    send(res, render(await this.pages.addAbsence(this.web.context(req, res), staff, id, form)));
  }

  @Post('caseworkers/:id/absences/:absenceId/remove')
  async removeAbsence(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('absenceId') absenceId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.removeAbsence(this.web.context(req, res), staff, id, absenceId)));
  }

  /** A colleague's own calendars, with My settings' forms (POST /caseworkers/:id/external-calendars behind). */
  @Post('caseworkers/:id/external-calendars/ics')
  async connectIcs(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = readIcsForm(req.body);
    send(res, render(await this.pages.connectIcs(this.web.context(req, res), staff, id, form)));
  }

  @Post('caseworkers/:id/external-calendars/caldav')
  async connectCalDav(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = readCalDavForm(req.body);
    send(res, render(await this.pages.connectCalDav(this.web.context(req, res), staff, id, form)));
  }

  @Post('caseworkers/:id/external-calendars/:calendarId/calendars')
  async saveCalendars(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('calendarId') calendarId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const hrefs = readCalendarChoice(req.body);
    send(res, render(await this.pages.saveCalendars(this.web.context(req, res), staff, id, calendarId, hrefs)));
  }

  @Post('caseworkers/:id/external-calendars/:calendarId/sync')
  async syncCalendar(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('calendarId') calendarId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.syncCalendar(this.web.context(req, res), staff, id, calendarId)));
  }

  @Get('caseworkers/:id/external-calendars/:calendarId/disconnect')
  async confirmDisconnect(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('calendarId') calendarId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.confirmDisconnect(this.web.context(req, res), staff, id, calendarId)));
  }

  @Post('caseworkers/:id/external-calendars/:calendarId/disconnect')
  async disconnect(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('calendarId') calendarId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.disconnect(this.web.context(req, res), staff, id, calendarId)));
  }

  @Post('appointments/:id/reassign')
  async reassign(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.reassign(this.web.context(req, res), staff, id, body)));
  }

  @Get('meeting-types')
  async meetingTypes(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.unitPages.meetingTypes(this.web.context(req, res), staff)));
  }

  @Get('meeting-types/new')
  async newMeetingType(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.unitPages.meetingTypeForm(this.web.context(req, res), staff, null)));
  }

  @Post('meeting-types/new')
  async createMeetingType(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.unitPages.saveMeetingType(this.web.context(req, res), staff, null, body)));
  }

  @Get('meeting-types/:id')
  async meetingType(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.unitPages.meetingTypeForm(this.web.context(req, res), staff, id)));
  }

  @Post('meeting-types/:id')
  async saveMeetingType(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.unitPages.saveMeetingType(this.web.context(req, res), staff, id, body)));
  }

  @Get('unit')
  async unit(@SignedInStaff() staff: StaffSessionPrincipal, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, render(await this.unitPages.unit(this.web.context(req, res), staff)));
  }

  @Post('unit')
  async saveUnit(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.unitPages.saveUnit(this.web.context(req, res), staff, body)));
  }

  @Get('mail-failures')
  async mailFailures(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.unitPages.mailFailures(this.web.context(req, res), staff)));
  }

  @Post('mail-failures/:id/retry')
  async retryMail(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.unitPages.retryMail(this.web.context(req, res), staff, id)));
  }

  @Get('audit')
  async audit(@SignedInStaff() staff: StaffSessionPrincipal, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, render(await this.unitPages.auditLog(this.web.context(req, res), staff)));
  }
}
