import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, AuditService } from '../common/audit/audit.service';
import type { AppointmentMailKind, NotifyJob } from '../jobs/job-contracts';
import { JobsService } from '../jobs/jobs.service';
import { UnitEntity } from '../units/unit.entity';
import { attendanceDueAt } from '../video/attendance';
import { AppointmentEntity } from './appointment.entity';

export type { AppointmentMailKind, NotifyJob } from '../jobs/job-contracts';

export interface AppointmentChange {
  action: string;
  actor: Actor;
  appointment: AppointmentEntity;
  unit: UnitEntity;
  /** The mail this change sends, if any. */
  mail?: AppointmentMailKind;
  previousStartsAt?: Date;
  /** A video room the change made useless (switched to in person, cancelled): delete it now. */
  droppedRoom?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Everything a change causes, written in the change's own transaction: the audit event, the mail,
 * the reminders and the hold expiry. If the change rolls back, so does all this.
 */
@Injectable()
export class AppointmentEvents {
  constructor(
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
  ) {}

  async record(m: EntityManager, c: AppointmentChange, now: Date): Promise<void> {
    const a = c.appointment;
    await this.audit.record({ unitId: a.unitId, actor: c.actor, action: c.action, appointmentId: a.id, clientId: a.clientId, details: c.details }, m);
    if (c.mail) {
      await this.jobs.enqueue(m, 'notify', job(c.mail, a, c.previousStartsAt), { singletonKey: `${a.id}:${a.sequence}:${c.mail}` });
    }
    if (a.status === 'held' && a.holdExpiresAt) {
      await this.jobs.enqueue(m, 'hold-expiry', { appointmentId: a.id }, { startAfter: a.holdExpiresAt });
    }
    if (a.status === 'confirmed' && c.mail && c.mail !== 'cancelled') await this.scheduleReminders(m, a, c.unit, now);
    if (a.status === 'confirmed' && a.roomName && c.mail && c.mail !== 'cancelled') {
      // Booked, confirmed, rescheduled or switched to video: attendance is judged at the (new) end.
      // The worker re-reads the appointment, so a job made for an earlier end, or a second one for
      // the same end, does nothing.
      await this.jobs.enqueue(m, 'attendance', { appointmentId: a.id }, { startAfter: attendanceDueAt(a.endsAt) });
    }
    if (c.droppedRoom) await this.jobs.enqueue(m, 'room-cleanup', { roomName: c.droppedRoom });
    if (a.roomName && (a.status === 'confirmed' || a.status === 'held')) {
      // After the join window closes the room goes too; a later change re-schedules this (same key).
      const at = new Date(a.endsAt.getTime() + c.unit.joinClosesMinutesAfter * 60_000);
      await this.jobs.enqueue(m, 'room-cleanup', { roomName: a.roomName, appointmentId: a.id, sequence: a.sequence }, { startAfter: at, singletonKey: `room:${a.roomName}:${a.sequence}` });
    }
  }

  /** One reminder per configured lead time; a later change bumps the sequence, so stale ones are dropped by the worker. */
  private async scheduleReminders(m: EntityManager, a: AppointmentEntity, unit: UnitEntity, now: Date): Promise<void> {
    for (const minutes of unit.reminderMinutesBefore) {
      const at = new Date(a.startsAt.getTime() - minutes * 60_000);
      if (at <= now) continue;
      await this.jobs.enqueue(m, 'notify', job('reminder', a), { startAfter: at, singletonKey: `${a.id}:${a.sequence}:reminder:${minutes}` });
    }
  }
}

function job(kind: AppointmentMailKind, a: AppointmentEntity, previousStartsAt?: Date): NotifyJob {
  return {
    kind,
    unitId: a.unitId,
    clientId: a.clientId,
    appointmentId: a.id,
    sequence: a.sequence,
    ...(previousStartsAt ? { previousStartsAt: previousStartsAt.toISOString() } : {}),
  };
}
