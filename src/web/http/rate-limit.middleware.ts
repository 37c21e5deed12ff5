import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { addressKey } from '../../common/client-address';
import { DomainError, ErrorCode } from '../../common/errors';
import { rateLimitedPage, unavailablePage } from './message-pages';
import { sendPage } from './page-response';
import { RateLimiter, rateGroup } from './rate-limit';
import { WebContextFactory } from './request-context';

/**
 * Runs before the public pages and the token API routes. The key is the client IP as Express sees
 * it (app.factory trusts X-Forwarded-For from loopback only, so a client cannot pick its own key),
 * an IPv6 client by its /64.
 */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly web: WebContextFactory,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    // The path Express routes by, not originalUrl: a request line in absolute form
    // (`POST http://host/api/… HTTP/1.1`) keeps scheme and host in originalUrl but is routed by its path.
    const path = req.baseUrl + req.path;
    const group = rateGroup(req.method, path);
    if (!group) return next();
    const decision = await this.limiter.check(group, addressKey(req.ip ?? req.socket.remoteAddress ?? 'unknown'));
    if (decision.allowed) return next();
    const seconds = decision.retryAfterSeconds;
    if (path.toLowerCase().startsWith('/api/')) {
      // Thrown (not next(err)): Nest hands it to the global filter, which writes the documented JSON body and
      // Retry-After.
      if (decision.unavailable)
        throw new DomainError(ErrorCode.UNAVAILABLE, 'Booking is unavailable for a moment. Please try again shortly.', {
          retryAfterSeconds: seconds,
        });
      throw new DomainError(ErrorCode.RATE_LIMITED, 'Too many requests. Please wait a moment and try again.', {
        retryAfterSeconds: seconds,
      });
    }
    const ctx = this.web.create(req, res);
    res.setHeader('Retry-After', String(seconds));
    if (decision.unavailable) return sendPage(res, unavailablePage(ctx));
    sendPage(res, rateLimitedPage(ctx, seconds));
  }
}
