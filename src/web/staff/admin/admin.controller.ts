import { Body, Get, Post } from '@nestjs/common';
import type { Request } from 'express';
import { isUUID } from 'class-validator';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { UuidParam } from '../../../common/uuid-param';
import { formField } from '../../http/form';
import { PageContext } from '../../http/page-handlers';
import type { AnswersRefusedForms } from '../../http/page-forms';
import { renderer } from '../../http/page-response';
import { RequestContext } from '../../http/request-context';
import { signedInStaffOf, SignedInStaff, StaffPages } from '../staff-page-sessions';
import { AdminAccess } from './admin-access';
import { AdminLeaverPagesService } from './admin-leaver-pages.service';
import { adminPaths } from './admin-paths';
import { AdminTeamPagesService } from './admin-team-pages.service';
import { ADMIN_PAGES } from './admin.page';

const render = renderer(ADMIN_PAGES);

/**
 * /staff/admin/…: the unit's admin pages (a caseworker gets the 403 page on every route). This one: the
 * start page, the team, and a leaver's deactivation and meetings; one colleague's page is
 * AdminCaseworkerController, the unit's own pages AdminUnitController.
 */
@StaffPages('staff/admin', render)
export class AdminController implements AnswersRefusedForms {
  constructor(
    private readonly team: AdminTeamPagesService,
    private readonly leavers: AdminLeaverPagesService,
    private readonly access: AdminAccess,
  ) {}

  async refusedForm(rc: RequestContext, req: Request, handler: string) {
    return render(await this.access.refusedForm(rc, signedInStaffOf(req), this.formPage(req, handler)));
  }

  /** The page a route's form is on, where a refused form leads back to. */
  private formPage(req: Request, handler: string): string {
    switch (handler) {
      case this.addCaseworker.name:
      case this.role.name:
        return adminPaths.caseworkers;
      case this.reassign.name: {
        const from = formField(req.body, 'from');
        return isUUID(from) ? adminPaths.caseworker(from) : adminPaths.caseworkers;
      }
      default:
        return adminPaths.caseworker(String(req.params.id));
    }
  }

  @Get()
  index(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.team.index(rc, staff);
  }

  @Get('caseworkers')
  caseworkers(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.team.caseworkerList(rc, staff);
  }

  @Post('caseworkers')
  addCaseworker(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    return this.team.createCaseworker(rc, staff, body);
  }

  @Post('caseworkers/:id/role')
  role(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    return this.team.changeRole(rc, staff, id, body);
  }

  @Get('caseworkers/:id/deactivate')
  deactivateStep(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.leavers.deactivateStep(rc, staff, id);
  }

  @Post('caseworkers/:id/deactivate')
  deactivate(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.leavers.deactivate(rc, staff, id);
  }

  @Post('caseworkers/:id/activate')
  activate(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.leavers.activate(rc, staff, id);
  }

  @Post('appointments/:id/reassign')
  reassign(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    return this.leavers.reassign(rc, staff, id, body);
  }
}
