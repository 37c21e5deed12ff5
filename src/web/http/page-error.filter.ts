import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ErrorCode } from '../../common/errors';
import { logServerError, retryAfterOf, toErrorBody } from '../../common/http-error.filter';
import { messagePage } from '../ui/message.page';
import { PageResult, sendPage, WebContext, WebContextFactory } from './web-context';

/**
 * The pages' answer to an error: a plain page in the reader's language, never JSON, a stack trace
 * or a code. Unknown and expired tokens are one and the same 404 (API.md: never say which).
 */
@Catch()
@Injectable()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  constructor(private readonly web: WebContextFactory) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const body = toErrorBody(err);
    logServerError(this.logger, err, body);
    if (res.headersSent) return;
    const ctx = this.web.create(req, res);
    const t = ctx.t;
    if (body.code === ErrorCode.NOT_FOUND) {
      return sendPage(res, { status: 404, body: messagePage(ctx, { title: t('page.notFoundTitle'), body: t('page.notFoundBody') }) });
    }
    if (body.code === ErrorCode.RATE_LIMITED) {
      const seconds = typeof body.retryAfterSeconds === 'number' ? body.retryAfterSeconds : 60;
      res.setHeader('Retry-After', String(seconds));
      return sendPage(res, { status: 429, body: messagePage(ctx, { title: t('page.rateLimitedTitle'), body: t('page.rateLimitedBody', { seconds }) }) });
    }
    if (body.code === ErrorCode.UNAVAILABLE) {
      res.setHeader('Retry-After', String(retryAfterOf(body)));
      return sendPage(res, unavailablePage(ctx));
    }
    const status = body.statusCode >= 500 ? 500 : body.statusCode;
    sendPage(res, { status, body: messagePage(ctx, { title: t('page.errorTitle'), body: t('page.errorBody') }) });
  }
}

/**
 * The database (or the rate-limit store, for bookings) is briefly out of reach: a calm page that
 * asks for a minute, not "something went wrong". A minute, not the header's seconds: people
 * should not sit and count.
 */
export function unavailablePage(ctx: WebContext): PageResult {
  return { status: 503, body: messagePage(ctx, { title: ctx.t('page.unavailableTitle'), body: ctx.t('page.unavailableBody') }) };
}
