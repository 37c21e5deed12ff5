import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppointmentLifecycle } from '../appointments/changes/appointment-lifecycle';
import { AppointmentRepository } from '../appointments/data/appointment.repository';
import { AppointmentEntity } from '../appointments/data/appointment.entity';
import { Clock } from '../common/clock';
import { Transactions } from '../common/transactions';
import { attendanceDue, attendanceFromPresence, completedByFinishedRoom, VideoAttendance } from './attendance';
import { clientIdentity } from './join-window';
import { VideoWebhookEvent } from './livekit-webhook';
import { VideoEventRepository } from './video-event.repository';

/**
 * Presence from LiveKit webhooks, and the attendance it implies (PRODUCT rule 9): a finished room
 * that both sides were in completes a started meeting; the attendance job decides the rest at the
 * end + 15 minutes. Only a confirmed appointment changes, so a cancelled one and one staff already
 * marked stay as they are, and staff can correct whatever video decided.
 */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly transactions: Transactions,
    private readonly appointments: AppointmentRepository,
    private readonly lifecycle: AppointmentLifecycle,
    private readonly events: VideoEventRepository,
    private readonly clock: Clock,
  ) {}

  /** Stores the event once per LiveKit event id: a replay, or a retry after a timeout, changes nothing. */
  async recordWebhook(e: VideoWebhookEvent): Promise<void> {
    if (!e.roomName) return;
    const a = await this.appointments.byRoom(e.roomName);
    if (!a || a.status === 'cancelled') return;
    const participant =
      e.identity === clientIdentity(a.id)
        ? 'client'
        : e.identity?.startsWith('host-')
          ? 'host'
          : e.identity
            ? 'other'
            : 'room';
    await this.transactions.run(async (m) => {
      const stored = await this.events.store(m, {
        id: e.id,
        appointmentId: a.id,
        participant,
        event: e.event,
        at: e.at,
      });
      if (!stored || e.event !== 'room_finished') return;
      const now = this.clock.now();
      const locked = await this.lockConfirmed(m, a.id);
      if (locked && completedByFinishedRoom(await this.events.presence(m, a.id), locked.startsAt, now))
        await this.mark(m, locked, 'completed', now);
    });
  }

  /** The attendance job: re-reads the appointment, so a job made before a reschedule or a cancellation does nothing. */
  async decideAfterMeeting(appointmentId: string): Promise<void> {
    await this.transactions.run(async (m) => {
      const now = this.clock.now();
      const a = await this.lockConfirmed(m, appointmentId);
      if (!a || a.mode !== 'video' || !attendanceDue(a.endsAt, now)) return;
      const outcome = attendanceFromPresence(await this.events.presence(m, a.id));
      if (outcome) await this.mark(m, a, outcome, now);
    });
  }

  private async lockConfirmed(m: EntityManager, id: string): Promise<AppointmentEntity | null> {
    const a = await this.appointments.lockRow(m, id);
    return a?.status === 'confirmed' ? a : null;
  }

  private mark(m: EntityManager, a: AppointmentEntity, status: VideoAttendance, now: Date): Promise<void> {
    return this.lifecycle.markByVideo(m, a, status, now);
  }
}
