import { Body, Get, Param, Post } from '@nestjs/common';
import type { Request } from 'express';
import type { AnswersRefusedForms } from '../../http/page-forms';
import { formField } from '../../http/form';
import { PublicPages } from '../../http/public-pages';
import { PageContext } from '../../http/page-handlers';
import { renderer } from '../../http/page-response';
import { RequestContext } from '../../http/request-context';
import { MeActionsService } from './me-actions.service';
import { MePagesService } from './me-pages.service';
import { ME_PAGES } from './me.page';

const render = renderer(ME_PAGES);

/** The client's page; the token in the path is the credential (no account). */
@PublicPages('me/:token', render)
export class MeController implements AnswersRefusedForms {
  constructor(
    private readonly pages: MePagesService,
    private readonly actions: MeActionsService,
  ) {}

  @Get()
  show(@Param('token') token: string, @PageContext() rc: RequestContext) {
    return this.pages.show(rc, { token });
  }

  async refusedForm(rc: RequestContext, req: Request) {
    return render(await this.actions.refusedForm(rc, { token: String(req.params.token) }));
  }

  @Post('appointments')
  book(@Param('token') token: string, @Body() body: unknown, @PageContext() rc: RequestContext) {
    const [type, mode, start] = ['type', 'mode', 'start'].map((name) => formField(body, name));
    return this.actions.book(rc, { token, type, mode, start });
  }

  @Post('appointments/:id/reschedule')
  reschedule(
    @Param('token') token: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    return this.actions.reschedule(rc, { token, id, start: formField(body, 'start') });
  }

  @Post('appointments/:id/cancel')
  cancel(@Param('token') token: string, @Param('id') id: string, @PageContext() rc: RequestContext) {
    return this.actions.cancel(rc, { token, id });
  }

  @Post('appointments/:id/mode')
  mode(
    @Param('token') token: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    return this.actions.mode(rc, { token, id, mode: formField(body, 'mode') });
  }

  @Post('appointments/:id/notes')
  note(
    @Param('token') token: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    return this.actions.note(rc, { token, id, text: formField(body, `note-${id}`) });
  }

  @Get('appointments/:id/join')
  join(@Param('token') token: string, @Param('id') id: string, @PageContext() rc: RequestContext) {
    return this.actions.join(rc, { token, id });
  }
}
