import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { JobsService } from '../../jobs/jobs.service';
import { AppointmentLifecycle } from './appointment-lifecycle';

/** How many overdue holds one sweep releases; any left over go at the next minute. */
const SWEEP_BATCH = 500;

/**
 * Releases a hold that was not confirmed in time (booking also releases overdue holds inline). Each
 * hold has its job at its end; one that comes early makes a new one (AppointmentLifecycle.expireHold),
 * and a sweep every minute (one tick across all instances) releases whatever a lost job left.
 */
@Injectable()
export class HoldExpiryWorker implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly lifecycle: AppointmentLifecycle,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.jobs.workersEnabled) return;
    await this.jobs.schedule('hold-sweep', '* * * * *', {}, 'UTC');
    await this.jobs.work('hold-sweep', () => this.sweep().then(() => undefined));
    await this.jobs.work('hold-expiry', (data) => this.expire(data.appointmentId));
  }

  async expire(appointmentId: string): Promise<void> {
    await this.lifecycle.expireHold(appointmentId, this.clock.now());
  }

  /** Releases the holds past their end; the number released. */
  sweep(): Promise<number> {
    return this.lifecycle.expireOverdueHolds(this.clock.now(), SWEEP_BATCH);
  }
}
