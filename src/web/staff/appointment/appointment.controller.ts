import { Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { formField } from '../../http/form';
import { renderer, send } from '../../http/page-response';
import type { AnswersRefusedForms } from '../../http/page-forms';
import { RequestContext, WebContextFactory } from '../../http/request-context';
import { signedInStaffOf, SignedInStaff, StaffPages } from '../staff-page-sessions';
import { AppointmentPanelPagesService } from './appointment-pages.service';
import { APPOINTMENT_PAGES } from './appointment.page';

const render = renderer(APPOINTMENT_PAGES);

/** GET /staff/appointments/:id (the panel) and its actions, each a form of its own. */
@StaffPages('staff/appointments/:id')
export class AppointmentPanelController implements AnswersRefusedForms {
  constructor(
    private readonly pages: AppointmentPanelPagesService,
    private readonly web: WebContextFactory,
  ) {}

  async refusedForm(rc: RequestContext, req: Request) {
    return render(await this.pages.refusedForm(rc, { staff: signedInStaffOf(req), id: String(req.params.id) }));
  }

  @Get()
  async show(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.show(this.web.context(req, res), { staff, id })));
  }

  @Get('video')
  async video(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.video(this.web.context(req, res), { staff, id })));
  }

  @Post('reschedule')
  async reschedule(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const start = formField(req.body, 'start');
    send(res, render(await this.pages.reschedule(this.web.context(req, res), { staff, id, start })));
  }

  @Post('mode')
  async mode(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const input = {
      staff,
      id,
      mode: formField(req.body, 'mode'),
      override: formField(req.body, 'override'),
      overriding: formField(req.body, 'overriding') === '1',
    };
    send(res, render(await this.pages.mode(this.web.context(req, res), input)));
  }

  @Post('cancel')
  async cancel(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const reason = formField(req.body, 'reason');
    send(res, render(await this.pages.cancel(this.web.context(req, res), { staff, id, reason })));
  }

  @Post('attendance')
  async attendance(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const status = formField(req.body, 'status');
    send(res, render(await this.pages.attendance(this.web.context(req, res), { staff, id, status })));
  }

  @Post('resend')
  async resend(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.resend(this.web.context(req, res), { staff, id })));
  }
}
