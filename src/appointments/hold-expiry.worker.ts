import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../common/clock';
import { JobsService } from '../jobs/jobs.service';
import { AppointmentChangesService } from './appointment-changes.service';

/** Releases a hold that was not confirmed in time (booking also releases overdue holds inline). */
@Injectable()
export class HoldExpiryWorker implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly changes: AppointmentChangesService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work('hold-expiry', (data) => this.changes.expireHold(data.appointmentId, this.clock.now()));
  }
}
