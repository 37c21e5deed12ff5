import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobsService } from '../jobs/jobs.service';
import { AttendanceService } from './attendance.service';

/** At a video meeting's end + 15 minutes: attendance from who joined. */
@Injectable()
export class AttendanceWorker implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly attendance: AttendanceService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work('attendance', (data) => this.attendance.decideAfterMeeting(data.appointmentId));
  }
}
