import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppointmentEntity } from '../appointments/appointment.entity';
import { AuditService, SYSTEM } from '../common/audit/audit.service';
import { Clock } from '../common/clock';
import { attendanceDue, attendanceFromPresence, completedByFinishedRoom, Presence, VideoAttendance } from './attendance';
import { clientIdentity } from './join-window';
import { VideoWebhookEvent } from './livekit-webhook';

/**
 * Presence from LiveKit webhooks, and the attendance it implies (PRODUCT rule 9): a finished room
 * that both sides were in completes a started meeting; the attendance job decides the rest at the
 * end + 15 minutes. Only a confirmed appointment changes, so a cancelled one and one staff already
 * marked stay as they are, and staff can correct whatever video decided.
 */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Stores the event once per LiveKit event id: a replay, or a retry after a timeout, changes nothing. */
  async recordWebhook(e: VideoWebhookEvent): Promise<void> {
    if (!e.roomName) return;
    const a = await this.db.manager.findOneBy(AppointmentEntity, { roomName: e.roomName });
    if (!a || a.status === 'cancelled') return;
    const participant = e.identity === clientIdentity(a.id) ? 'client' : e.identity?.startsWith('host-') ? 'host' : e.identity ? 'other' : 'room';
    await this.db.transaction(async (m) => {
      const stored: Array<{ id: string }> = await m.query(
        `INSERT INTO video_events (event_id, appointment_id, participant, event, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (event_id) DO NOTHING RETURNING id`,
        [e.id, a.id, participant, e.event, e.at],
      );
      if (stored.length === 0 || e.event !== 'room_finished') return;
      const now = this.clock.now();
      const locked = await this.lockConfirmed(m, a.id);
      if (locked && completedByFinishedRoom(await this.presence(m, a.id), locked.startsAt, now)) await this.mark(m, locked, 'completed', now);
    });
  }

  /** The attendance job: re-reads the appointment, so a job made before a reschedule or a cancellation does nothing. */
  async decideAfterMeeting(appointmentId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const now = this.clock.now();
      const a = await this.lockConfirmed(m, appointmentId);
      if (!a || a.mode !== 'video' || !attendanceDue(a.endsAt, now)) return;
      const outcome = attendanceFromPresence(await this.presence(m, a.id));
      if (outcome) await this.mark(m, a, outcome, now);
    });
  }

  private async lockConfirmed(m: EntityManager, id: string): Promise<AppointmentEntity | null> {
    const a = await m.getRepository(AppointmentEntity).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id }).getOne();
    return a?.status === 'confirmed' ? a : null;
  }

  private async presence(m: EntityManager, appointmentId: string): Promise<Presence> {
    const rows: Array<{ participant: string }> = await m.query(
      `SELECT DISTINCT participant FROM video_events WHERE appointment_id = $1 AND event = 'participant_joined'`,
      [appointmentId],
    );
    const who = new Set(rows.map((r) => r.participant));
    return { client: who.has('client'), host: who.has('host') };
  }

  /** The audit follows a changed row only, never the mere attempt. */
  private async mark(m: EntityManager, a: AppointmentEntity, status: VideoAttendance, now: Date): Promise<void> {
    const { affected } = await m.update(AppointmentEntity, { id: a.id, status: 'confirmed' }, { status, updatedAt: now });
    if (!affected) return;
    await this.audit.record({ unitId: a.unitId, actor: SYSTEM, action: `appointment.${status}`, appointmentId: a.id, clientId: a.clientId, details: { by: 'video' } }, m);
  }
}
