import { Body, Get, Param, Post } from '@nestjs/common';
import type { Request } from 'express';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { formField } from '../../http/form';
import { PageContext } from '../../http/page-handlers';
import { renderer } from '../../http/page-response';
import type { AnswersRefusedForms } from '../../http/page-forms';
import { RequestContext } from '../../http/request-context';
import { signedInStaffOf, SignedInStaff, StaffPages } from '../staff-page-sessions';
import { AppointmentPanelPagesService } from './appointment-pages.service';
import { APPOINTMENT_PAGES } from './appointment.page';

const render = renderer(APPOINTMENT_PAGES);

/** GET /staff/appointments/:id (the panel) and its actions, each a form of its own. */
@StaffPages('staff/appointments/:id', render)
export class AppointmentPanelController implements AnswersRefusedForms {
  constructor(private readonly pages: AppointmentPanelPagesService) {}

  async refusedForm(rc: RequestContext, req: Request) {
    return render(await this.pages.refusedForm(rc, { staff: signedInStaffOf(req), id: String(req.params.id) }));
  }

  @Get()
  show(@SignedInStaff() staff: StaffSessionPrincipal, @Param('id') id: string, @PageContext() rc: RequestContext) {
    return this.pages.show(rc, { staff, id });
  }

  @Get('video')
  video(@SignedInStaff() staff: StaffSessionPrincipal, @Param('id') id: string, @PageContext() rc: RequestContext) {
    return this.pages.video(rc, { staff, id });
  }

  @Post('reschedule')
  reschedule(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    const start = formField(body, 'start');
    return this.pages.reschedule(rc, { staff, id, start });
  }

  @Post('mode')
  mode(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    const input = {
      staff,
      id,
      mode: formField(body, 'mode'),
      override: formField(body, 'override'),
      overriding: formField(body, 'overriding') === '1',
    };
    return this.pages.mode(rc, input);
  }

  @Post('cancel')
  cancel(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    const reason = formField(body, 'reason');
    return this.pages.cancel(rc, { staff, id, reason });
  }

  @Post('attendance')
  attendance(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    const status = formField(body, 'status');
    return this.pages.attendance(rc, { staff, id, status });
  }

  @Post('resend')
  resend(@SignedInStaff() staff: StaffSessionPrincipal, @Param('id') id: string, @PageContext() rc: RequestContext) {
    return this.pages.resend(rc, { staff, id });
  }
}
