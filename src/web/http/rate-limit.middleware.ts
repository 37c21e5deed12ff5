import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DomainError, ErrorCode } from '../../common/errors';
import { messagePage } from '../pages/message';
import { RateLimiter, rateGroup } from './rate-limit';
import { sendPage, WebContextFactory } from './web-context';

/**
 * Runs before the public pages and the token API routes. The key is the client IP as Express sees
 * it (app.factory trusts X-Forwarded-For from loopback only, so a client cannot pick its own key).
 */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly web: WebContextFactory,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const path = req.originalUrl.split('?')[0];
    const group = rateGroup(req.method, path);
    if (!group) return next();
    const decision = await this.limiter.check(group, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (decision.allowed) return next();
    if (path.toLowerCase().startsWith('/api/')) {
      // Thrown (not next(err)): Nest hands it to the global filter, which writes the documented JSON body and Retry-After.
      throw new DomainError(ErrorCode.RATE_LIMITED, 'Too many requests. Please wait a moment and try again.', { retryAfterSeconds: decision.retryAfterSeconds });
    }
    const ctx = this.web.create(req, res);
    res.setHeader('Retry-After', String(decision.retryAfterSeconds));
    sendPage(res, { status: 429, body: messagePage(ctx, { title: ctx.t('page.rateLimitedTitle'), body: ctx.t('page.rateLimitedBody', { seconds: decision.retryAfterSeconds }) }) });
  }
}
