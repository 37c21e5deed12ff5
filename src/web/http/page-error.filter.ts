import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ErrorCode } from '../../common/errors';
import { logServerError, retryAfterOf, toErrorBody } from '../../common/http-error.filter';
import { errorPage, notFoundPage, rateLimitedPage, unavailablePage } from './message-pages';
import { FormRefused } from './page-forms';
import { send, sendPage } from './page-response';
import { WebContextFactory } from './request-context';

/**
 * The pages' answer to an error: a plain page in the reader's language, never JSON, a stack trace
 * or a code. Unknown and expired tokens are one and the same 404 (docs/api.md: never say which).
 */
@Catch()
@Injectable()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  constructor(private readonly web: WebContextFactory) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (err instanceof FormRefused) {
      // The answer makes the page's own look-ups, which may end in a 404 or 403 page of their own.
      void err.answer().then(
        (outcome) => send(res, outcome),
        (failed: unknown) => this.catch(failed, host),
      );
      return;
    }
    const body = toErrorBody(err);
    logServerError(this.logger, err, body);
    if (res.headersSent) return;
    const ctx = this.web.create(req, res);
    if (body.code === ErrorCode.NOT_FOUND) return sendPage(res, notFoundPage(ctx));
    if (body.code === ErrorCode.RATE_LIMITED) {
      const seconds = typeof body.retryAfterSeconds === 'number' ? body.retryAfterSeconds : 60;
      res.setHeader('Retry-After', String(seconds));
      return sendPage(res, rateLimitedPage(ctx, seconds));
    }
    if (body.code === ErrorCode.UNAVAILABLE) {
      res.setHeader('Retry-After', String(retryAfterOf(body)));
      return sendPage(res, unavailablePage(ctx));
    }
    sendPage(res, errorPage(ctx, body.statusCode >= 500 ? 500 : body.statusCode));
  }
}
