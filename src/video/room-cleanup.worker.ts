import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppointmentRepository } from '../appointments/data/appointment.repository';
import { JobsService } from '../jobs/jobs.service';
import { VideoService } from './video.service';

/** Deletes rooms after their meeting (or when they became useless); LiveKit being down only delays it. */
@Injectable()
export class RoomCleanupWorker implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly video: VideoService,
    private readonly appointments: AppointmentRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work('room-cleanup', async (job) => {
      if (job.appointmentId !== undefined) {
        // A scheduled cleanup made before a later reschedule is stale: the newer job owns the room.
        const row = await this.appointments.roomState(job.appointmentId);
        if (row && row.roomName === job.roomName && row.sequence !== job.sequence) return;
      }
      await this.video.deleteRoom(job.roomName);
    });
  }
}
