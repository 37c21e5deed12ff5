import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../common/clock';
import { JobsService } from '../jobs/jobs.service';
import { AppointmentLifecycle } from './appointment-lifecycle';

/** Releases a hold that was not confirmed in time (booking also releases overdue holds inline). */
@Injectable()
export class HoldExpiryWorker implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly lifecycle: AppointmentLifecycle,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work('hold-expiry', (data) => this.lifecycle.expireHold(data.appointmentId, this.clock.now()));
  }
}
