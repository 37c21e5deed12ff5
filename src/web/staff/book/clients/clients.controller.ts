import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { StaffSessionPrincipal } from '../../../../auth/staff-sessions.service';
import { PageContext } from '../../../http/page-handlers';
import { renderer, send } from '../../../http/page-response';
import type { AnswersRefusedForms } from '../../../http/page-forms';
import { RequestContext, WebContextFactory } from '../../../http/request-context';
import { signedInStaffOf, SignedInStaff, StaffPages } from '../../staff-page-sessions';
import { ClientRecordsPagesService } from './client-records-pages.service';
import { ClientSearchPagesService } from './client-search-pages.service';
import { ClientsPagesService } from './clients-pages.service';
import { CLIENTS_PAGES } from './clients.page';

const render = renderer(CLIENTS_PAGES);

/** /staff/clients and /staff/clients/:id. */
@StaffPages('staff/clients', render)
export class StaffClientsController implements AnswersRefusedForms {
  constructor(
    private readonly searches: ClientSearchPagesService,
    private readonly pages: ClientsPagesService,
    private readonly records: ClientRecordsPagesService,
    private readonly web: WebContextFactory,
  ) {}

  async refusedForm(rc: RequestContext, req: Request, handler: string) {
    const staff = signedInStaffOf(req);
    const id = handler === this.search.name ? undefined : String(req.params.id);
    return render(await this.pages.refusedForm(rc, { staff, id, erase: handler === this.erase.name }));
  }

  @Get()
  searchPage(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.searches.searchPage(rc, { staff });
  }

  @Post()
  search(@SignedInStaff() staff: StaffSessionPrincipal, @Body() body: unknown, @PageContext() rc: RequestContext) {
    return this.searches.search(rc, { staff, body: body });
  }

  @Get(':id')
  show(@SignedInStaff() staff: StaffSessionPrincipal, @Param('id') id: string, @PageContext() rc: RequestContext) {
    return this.pages.show(rc, { staff, id });
  }

  @Post(':id/personal-link')
  personalLink(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.personalLink(rc, { staff, id });
  }

  /** A download: the JSON of the API's export, as an attachment. */
  @Get(':id/export')
  async export(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    // eslint-disable-next-line no-restricted-syntax -- the export is a JSON download, not a page
    @Req() req: Request,
    // eslint-disable-next-line no-restricted-syntax -- the export is a JSON download, not a page
    @Res() res: Response,
  ) {
    const outcome = await this.records.export(this.web.context(req, res), { staff, id });
    if (!('json' in outcome)) return send(res, render(outcome));
    res.status(200);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="client-${id}.json"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(JSON.stringify(outcome.json, null, 2));
  }

  @Get(':id/erase')
  erasePage(@SignedInStaff() staff: StaffSessionPrincipal, @Param('id') id: string, @PageContext() rc: RequestContext) {
    return this.records.erasePage(rc, { staff, id });
  }

  @Post(':id/erase')
  erase(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Param('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    return this.records.erase(rc, { staff, id, body: body });
  }
}
