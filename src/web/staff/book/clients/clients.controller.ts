import { Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { StaffSessionPrincipal } from '../../../../auth/staff-sessions.service';
import { renderer, send } from '../../../http/page-response';
import type { AnswersRefusedForms } from '../../../http/page-forms';
import { RequestContext, WebContextFactory } from '../../../http/request-context';
import { signedInStaffOf, SignedInStaff, StaffPages } from '../../staff-page-sessions';
import { ClientsPagesService } from './clients-pages.service';
import { CLIENTS_PAGES } from './clients.page';

const render = renderer(CLIENTS_PAGES);

/** /staff/clients and /staff/clients/:id. */
@StaffPages('staff/clients')
export class StaffClientsController implements AnswersRefusedForms {
  constructor(
    private readonly pages: ClientsPagesService,
    private readonly web: WebContextFactory,
  ) {}

  async refusedForm(rc: RequestContext, req: Request, handler: string) {
    const staff = signedInStaffOf(req);
    const id = handler === this.search.name ? undefined : String(req.params.id);
    return render(await this.pages.refusedForm(rc, { staff, id, erase: handler === this.erase.name }));
  }

  @Get()
  async searchPage(@SignedInStaff() staff: StaffSessionPrincipal, @Req() req: Request, @Res() res: Response) {
    send(res, render(await this.pages.searchPage(this.web.context(req, res), { staff })));
  }

  @Post()
  async search(@SignedInStaff() staff: StaffSessionPrincipal, @Req() req: Request, @Res() res: Response) {
    send(res, render(await this.pages.search(this.web.context(req, res), { staff, body: req.body as unknown })));
  }

  @Get(':id')
  async show(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    send(res, render(await this.pages.show(this.web.context(req, res), { staff, id })));
  }

  @Post(':id/personal-link')
  async personalLink(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    send(res, render(await this.pages.personalLink(this.web.context(req, res), { staff, id })));
  }

  /** A download: the JSON of the API's export, as an attachment. */
  @Get(':id/export')
  async export(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const outcome = await this.pages.export(this.web.context(req, res), { staff, id });
    if (!('json' in outcome)) return send(res, render(outcome));
    res.status(200);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="client-${id}.json"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(JSON.stringify(outcome.json, null, 2));
  }

  @Get(':id/erase')
  async erasePage(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    send(res, render(await this.pages.erasePage(this.web.context(req, res), { staff, id })));
  }

  @Post(':id/erase')
  async erase(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    send(res, render(await this.pages.erase(this.web.context(req, res), { staff, id, body: req.body as unknown })));
  }
}
