import { Body, Get, Post } from '@nestjs/common';
import type { Request } from 'express';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { UuidParam } from '../../../common/uuid-param';
import { PageContext } from '../../http/page-handlers';
import type { AnswersRefusedForms } from '../../http/page-forms';
import { renderer } from '../../http/page-response';
import { RequestContext } from '../../http/request-context';
import { signedInStaffOf, SignedInStaff, StaffPages } from '../staff-page-sessions';
import { AdminAccess } from './admin-access';
import { AdminAuditPagesService } from './admin-audit-pages.service';
import { AdminMailFailurePagesService } from './admin-mail-failure-pages.service';
import { AdminMeetingTypePagesService } from './admin-meeting-type-pages.service';
import { adminPaths } from './admin-paths';
import { AdminUnitPagesService } from './admin-unit-pages.service';
import { ADMIN_PAGES } from './admin.page';

const render = renderer(ADMIN_PAGES);

/** /staff/admin/…: the unit's own admin pages: meeting types, the unit's settings, failed mails, the audit log. */
@StaffPages('staff/admin', render)
export class AdminUnitController implements AnswersRefusedForms {
  constructor(
    private readonly meetingTypePages: AdminMeetingTypePagesService,
    private readonly unitPages: AdminUnitPagesService,
    private readonly mailFailurePages: AdminMailFailurePagesService,
    private readonly auditPages: AdminAuditPagesService,
    private readonly access: AdminAccess,
  ) {}

  async refusedForm(rc: RequestContext, req: Request, handler: string) {
    return render(await this.access.refusedForm(rc, signedInStaffOf(req), this.formPage(req, handler)));
  }

  /** The page a route's form is on, where a refused form leads back to. */
  private formPage(req: Request, handler: string): string {
    switch (handler) {
      case this.createMeetingType.name:
        return adminPaths.newMeetingType;
      case this.saveMeetingType.name:
        return adminPaths.meetingType(String(req.params.id));
      case this.retryMail.name:
        return adminPaths.mailFailures;
      default:
        return adminPaths.unit;
    }
  }

  @Get('meeting-types')
  meetingTypes(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.meetingTypePages.meetingTypes(rc, staff);
  }

  @Get('meeting-types/new')
  newMeetingType(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.meetingTypePages.meetingTypeForm(rc, staff, null);
  }

  @Post('meeting-types/new')
  createMeetingType(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    return this.meetingTypePages.saveMeetingType(rc, staff, null, body);
  }

  @Get('meeting-types/:id')
  meetingType(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.meetingTypePages.meetingTypeForm(rc, staff, id);
  }

  @Post('meeting-types/:id')
  saveMeetingType(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    return this.meetingTypePages.saveMeetingType(rc, staff, id, body);
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
    return this.mailFailurePages.mailFailures(rc, staff);
  }

  @Post('mail-failures/:id/retry')
  retryMail(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.mailFailurePages.retryMail(rc, staff, id);
  }

  @Get('audit')
  audit(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.auditPages.auditLog(rc, staff);
  }
}
