import { Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AnswersRefusedForms } from '../../http/page-forms';
import { formField } from '../../http/form';
import { PublicPages } from '../../http/public-pages';
import { renderer, send } from '../../http/page-response';
import { RequestContext, WebContextFactory } from '../../http/request-context';
import { MeActionsService } from './me-actions.service';
import { MePagesService } from './me-pages.service';
import { ME_PAGES } from './me.page';

const render = renderer(ME_PAGES);

/** The client's page; the token in the path is the credential (no account). */
@PublicPages('me/:token')
export class MeController implements AnswersRefusedForms {
  constructor(
    private readonly pages: MePagesService,
    private readonly actions: MeActionsService,
    private readonly web: WebContextFactory,
  ) {}

  @Get()
  async show(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, render(await this.pages.show(this.web.context(req, res), { token })));
  }

  async refusedForm(rc: RequestContext, req: Request) {
    return render(await this.actions.refusedForm(rc, { token: String(req.params.token) }));
  }

  @Post('appointments')
  async book(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const [type, mode, start] = ['type', 'mode', 'start'].map((name) => formField(req.body, name));
    send(res, render(await this.actions.book(this.web.context(req, res), { token, type, mode, start })));
  }

  @Post('appointments/:id/reschedule')
  async reschedule(
    @Param('token') token: string,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(
      res,
      render(
        await this.actions.reschedule(this.web.context(req, res), { token, id, start: formField(req.body, 'start') }),
      ),
    );
  }

  @Post('appointments/:id/cancel')
  async cancel(
    @Param('token') token: string,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.actions.cancel(this.web.context(req, res), { token, id })));
  }

  @Post('appointments/:id/mode')
  async mode(
    @Param('token') token: string,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(
      res,
      render(await this.actions.mode(this.web.context(req, res), { token, id, mode: formField(req.body, 'mode') })),
    );
  }

  @Post('appointments/:id/notes')
  async note(
    @Param('token') token: string,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(
      res,
      render(
        await this.actions.note(this.web.context(req, res), { token, id, text: formField(req.body, `note-${id}`) }),
      ),
    );
  }

  @Get('appointments/:id/join')
  async join(
    @Param('token') token: string,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.actions.join(this.web.context(req, res), { token, id })));
  }
}
