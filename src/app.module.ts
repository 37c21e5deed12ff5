import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Config } from '../config/config';
import { SignInStaffRepository } from './auth/sign-in-staff.repository';
import { StaffAuthGuard } from './auth/staff-auth.guard';
import { StaffSessionRepository } from './auth/staff-session.repository';
import { StaffSessionsService } from './auth/staff-sessions.service';
import { StaffTokenRepository } from './auth/staff-token.repository';
import { StaffTokensService } from './auth/staff-tokens.service';
import { AppointmentsModule } from './appointments/appointments.module';
import { CalendarsModule } from './calendars/calendars.module';
import { ClientsModule } from './clients/clients.module';
import { ExternalCalendarsModule } from './external-calendars/external-calendars.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OffboardingModule } from './offboarding/offboarding.module';
import { UnitsModule } from './units/units.module';
import { VideoModule } from './video/video.module';
import { WebModule } from './web/web.module';
import { AuditRepository } from './common/audit/audit.repository';
import { AuditService } from './common/audit/audit.service';
import { CapabilityTokenRepository } from './common/capability-token.repository';
import { CapabilityTokensService } from './common/capability-tokens.service';
import { Clock, SystemClock } from './common/clock';
import { HttpErrorFilter } from './common/http-error.filter';
import { CONFIG, PUBLIC_URL } from './common/injection-tokens';
import { dataSourceOptions } from './database/data-source';
import { Transactions } from './common/transactions';
import { ENTITIES } from './app.entities';
import { DatabaseProbe } from './health/database-probe';
import { HealthController } from './health/health.controller';
import { ShutdownState } from './health/shutdown-state';
import { JobsService } from './jobs/jobs.service';
import { LinksService } from './links/links.service';

export interface AppOptions {
  config: Config;
  /** The resolved database URL (DATABASE_URL, or the embedded server's). */
  databaseUrl: string;
  clock?: Clock;
}

/** Shared infrastructure: config, clock, database, jobs, audit, capability tokens, staff tokens and sessions. */
@Global()
@Module({})
class CoreModule {
  static forRoot(opts: AppOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(opts.databaseUrl, ENTITIES, opts.config.DATABASE_POOL_SIZE),
          migrationsRun: false,
        }),
        TypeOrmModule.forFeature(ENTITIES),
      ],
      providers: [
        { provide: CONFIG, useValue: opts.config },
        { provide: PUBLIC_URL, useValue: opts.config.PUBLIC_URL },
        { provide: Clock, useValue: opts.clock ?? new SystemClock() },
        {
          provide: JobsService,
          inject: [Clock],
          useFactory: (clock: Clock) =>
            new JobsService(
              {
                databaseUrl: opts.databaseUrl,
                workers: opts.config.JOBS_ENABLED,
                retryLimit: opts.config.JOB_RETRY_LIMIT,
                retryDelaySeconds: opts.config.JOB_RETRY_DELAY_SECONDS,
                expireSeconds: opts.config.JOB_EXPIRE_SECONDS,
              },
              clock,
            ),
        },
        Transactions,
        AuditRepository,
        AuditService,
        CapabilityTokenRepository,
        CapabilityTokensService,
        LinksService,
        StaffTokenRepository,
        StaffTokensService,
        StaffSessionRepository,
        StaffSessionsService,
        SignInStaffRepository,
      ],
      exports: [
        TypeOrmModule,
        CONFIG,
        PUBLIC_URL,
        Clock,
        JobsService,
        Transactions,
        AuditService,
        CapabilityTokensService,
        LinksService,
        StaffTokensService,
        StaffSessionsService,
        SignInStaffRepository,
      ],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(opts: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(opts),
        UnitsModule,
        CalendarsModule,
        ExternalCalendarsModule,
        ClientsModule,
        AppointmentsModule,
        NotificationsModule,
        OffboardingModule,
        VideoModule,
        WebModule,
      ],
      controllers: [HealthController],
      providers: [
        DatabaseProbe,
        ShutdownState,
        { provide: APP_GUARD, useClass: StaffAuthGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
    };
  }
}
