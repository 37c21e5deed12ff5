import { Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PENDING_SIGN_IN_MINUTES } from '../../../auth/oidc/pending-sign-in';
import { cookieHeader, parseCookies } from '../../http/csrf';
import { PublicPages } from '../../http/public-pages';
import { renderer, send } from '../../http/page-response';
import { WebContextFactory } from '../../http/request-context';
import { readSessionToken, setSessionCookie } from '../session-cookie';
import { OidcPagesService, OidcStep } from './oidc-pages.service';
import { OIDC_PAGES } from './oidc.page';

const render = renderer(OIDC_PAGES);

/** `__Host-` on https like the session cookie; it lives only for the round trip to the provider. */
export const pendingCookieName = (secure: boolean) => (secure ? '__Host-samtal_oidc' : 'samtal_oidc');

/** Single sign-on with the organisation's OpenID Connect provider (present only when OIDC_ISSUER is set). */
@PublicPages('staff/oidc', render)
export class OidcController {
  constructor(
    private readonly pages: OidcPagesService,
    private readonly web: WebContextFactory,
  ) {}

  @Get('login')
  // eslint-disable-next-line no-restricted-syntax -- sets and clears the sign-in's cookies, see finish
  async login(@Query('next') next: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const step = await this.pages.login(this.web.context(req, res), {
      next: typeof next === 'string' ? next : undefined,
    });
    this.finish(res, step);
  }

  @Get('callback')
  // eslint-disable-next-line no-restricted-syntax -- sets and clears the sign-in's cookies, see finish
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const secure = this.web.secure;
    const q = req.originalUrl.indexOf('?');
    const step = await this.pages.callback(this.web.context(req, res), {
      query: q >= 0 ? req.originalUrl.slice(q + 1) : '',
      sealed: parseCookies(req.headers.cookie)[pendingCookieName(secure)],
      previousToken: readSessionToken(req, secure),
    });
    this.finish(res, step);
  }

  @Get('signed-out')
  // eslint-disable-next-line no-restricted-syntax -- sets and clears the sign-in's cookies, see finish
  async signedOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    this.finish(res, await this.pages.signedOut(this.web.context(req, res)));
  }

  private finish(res: Response, step: OidcStep): void {
    const secure = this.web.secure;
    const name = pendingCookieName(secure);
    if (step.pending)
      res.append(
        'Set-Cookie',
        cookieHeader(name, step.pending, { secure, maxAgeSeconds: PENDING_SIGN_IN_MINUTES * 60 }),
      );
    else if (step.clearPending) res.append('Set-Cookie', cookieHeader(name, '', { secure, maxAgeSeconds: 0 }));
    if (step.sessionToken) setSessionCookie(res, step.sessionToken, secure);
    if (step.refresh) res.setHeader('Refresh', `0; url=${step.refresh}`);
    send(res, render(step.outcome));
  }
}
