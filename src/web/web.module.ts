import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import Redis from 'ioredis';
import type { Config } from '../../config/config';
import { AppointmentsModule } from '../appointments/appointments.module';
import { CONFIG } from '../common/injection-tokens';
import { UnitsModule } from '../units/units.module';
import { VideoModule } from '../video/video.module';
import { BookPagesService } from './client/book/book-pages.service';
import { ConfirmPagesService } from './client/confirm/confirm-pages.service';
import { AssetsController } from './http/assets.controller';
import { BookController } from './client/book/book.controller';
import { ConfirmController } from './client/confirm/confirm.controller';
import { JoinController } from './client/join/join.controller';
import { MeController } from './client/me/me.controller';
import { PageErrorFilter } from './http/page-error.filter';
import { defaultRateLimits, MemoryRateLimitStore, RATE_LIMIT_STORE, RATE_LIMITS, RateLimiter, RedisRateLimitStore } from './http/rate-limit';
import { RateLimitMiddleware } from './http/rate-limit.middleware';
import { WebContextFactory } from './http/request-context';
import { JoinPagesService } from './client/join/join-pages.service';
import { MeActionsService } from './client/me/me-actions.service';
import { MePagesService } from './client/me/me-pages.service';
import { WebLookups } from './client/web-lookups';

/** The server-rendered pages clients see (book, confirm, me, join), their assets, and rate limits. */
@Module({
  imports: [AppointmentsModule, UnitsModule, VideoModule],
  controllers: [BookController, ConfirmController, MeController, JoinController, AssetsController],
  providers: [
    WebContextFactory, PageErrorFilter, WebLookups, BookPagesService, ConfirmPagesService, MePagesService, MeActionsService, JoinPagesService,
    { provide: RATE_LIMITS, useFactory: defaultRateLimits },
    {
      provide: RATE_LIMIT_STORE,
      inject: [CONFIG],
      // With REDIS_URL every instance counts into the same window; without it, each counts its own.
      // A Redis that hangs instead of refusing must not hang requests: a count takes a millisecond,
      // so after a second the store counts as failed (bookings 503, the rest unlimited).
      useFactory: (c: Config) => (c.REDIS_URL ? new RedisRateLimitStore(new Redis(c.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false, commandTimeout: 1000 })) : new MemoryRateLimitStore()),
    },
    RateLimiter,
    RateLimitMiddleware,
  ],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RateLimitMiddleware).forRoutes('{*splat}');
  }
}
