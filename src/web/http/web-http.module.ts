import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import Redis from 'ioredis';
import type { Config } from '../../../config/config';
import { CONFIG } from '../../common/injection-tokens';
import { AssetsController } from './assets.controller';
import { PageErrorFilter } from './page-error.filter';
import { PageFormGuard } from './page-forms';
import { PageContextPipe, PageInterceptor } from './page-handlers';
import {
  defaultRateLimits,
  MemoryRateLimitStore,
  RATE_LIMIT_STORE,
  RATE_LIMITS,
  RateLimiter,
  RedisRateLimitStore,
} from './rate-limit';
import { RateLimitMiddleware } from './rate-limit.middleware';
import { WebContextFactory } from './request-context';

/**
 * What every wing of pages shares: the request context, the form (CSRF) guard, the page handlers' interceptor,
 * the error page filter, assets and rate limits.
 */
@Module({
  controllers: [AssetsController],
  providers: [
    WebContextFactory,
    PageErrorFilter,
    PageFormGuard,
    PageInterceptor,
    PageContextPipe,
    { provide: RATE_LIMITS, useFactory: defaultRateLimits },
    {
      provide: RATE_LIMIT_STORE,
      inject: [CONFIG],
      // With REDIS_URL every instance counts into the same window; without it, each counts its own.
      // A Redis that hangs instead of refusing must not hang requests: a count takes a millisecond,
      // so after a second the store counts as failed (bookings 503, the rest unlimited).
      useFactory: (c: Config) =>
        c.REDIS_URL
          ? new RedisRateLimitStore(
              new Redis(c.REDIS_URL, {
                maxRetriesPerRequest: 1,
                enableOfflineQueue: false,
                lazyConnect: false,
                commandTimeout: 1000,
              }),
            )
          : new MemoryRateLimitStore(),
    },
    RateLimiter,
    RateLimitMiddleware,
  ],
  // RateLimiter: the staff sign-in counts links asked per email, besides the per-address middleware.
  exports: [WebContextFactory, PageErrorFilter, PageFormGuard, PageInterceptor, PageContextPipe, RateLimiter],
})
export class WebHttpModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RateLimitMiddleware).forRoutes('{*splat}');
  }
}
