import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Actor, AuditInput, AuditService, SYSTEM } from '../../common/audit/audit.service';
import { CapabilityTokensService } from '../../common/capability-tokens.service';
import type { AppointmentMailKind, NotifyJob } from '../../jobs/job-contracts';
import { Transactions } from '../../common/transactions';
import { JobSpec, JobsService } from '../../jobs/jobs.service';
import { UnitEntity } from '../../units/unit.entity';
import { AppointmentEntity, AppointmentStatus } from '../data/appointment.entity';
import { AppointmentRepository } from '../data/appointment.repository';
import { attendanceDueAt, isHoldExpired } from '../rules/booking-rules';

type TokenPurpose = Parameters<CapabilityTokensService['revokeAll']>[0];

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
  /** Links of the appointment that stop working with this change. */
  revoke?: TokenPurpose;
  details?: Record<string, unknown>;
  /** false: nothing on the appointment row changed (a note). */
  touch?: boolean;
  /** The status the change moves the appointment to (set here, by apply, and nowhere else in a change). */
  transition?: { status: AppointmentStatus; cancelReason?: string };
  /** The mail is sent again as it is (same sequence): a mail of its own, and no reminders or attendance re-planned. */
  resend?: boolean;
}

/**
 * The one place an appointment's status (and any other change to it) is written. Each transition
 * saves the row and, in the same transaction, its audit event and the jobs it causes: the mail, the
 * reminders, the hold expiry, attendance and room clean-up. If the change rolls back, so does all this.
 */
@Injectable()
export class AppointmentLifecycle {
  constructor(
    private readonly transactions: Transactions,
    private readonly appointments: AppointmentRepository,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    private readonly tokens: CapabilityTokensService,
  ) {}

  /**
   * What a new booking (held, confirmed, or a walk-in recorded as completed) writes beside its row:
   * its audit event and its jobs, as parts of the booking's one statement (AppointmentRepository.insertBooking). The
   * parts and their SQL are the audit log's and the job queue's own (AuditService, JobsService).
   */
  createdParts(c: AppointmentChange, now: Date) {
    const jobs = this.jobsOf(c, now);
    return [AuditService.insertPart(auditOf(c)), ...(jobs.length ? [this.jobs.insertPart(jobs)] : [])];
  }

  /** A change of a locked row: saves it and records what it causes. */
  async apply(m: EntityManager, c: AppointmentChange, now: Date): Promise<AppointmentEntity> {
    if (c.transition) {
      c.appointment.status = c.transition.status;
      if (c.transition.cancelReason !== undefined) c.appointment.cancelReason = c.transition.cancelReason;
    }
    if (c.revoke) await this.tokens.revokeAll(c.revoke, { appointmentId: c.appointment.id }, m);
    if (c.touch !== false) await this.appointments.save(m, c.appointment);
    await this.record(m, c, now);
    return c.appointment;
  }

  /**
   * Releases overdue holds of these calendars before a booking (the expiry job or the sweep audits and deletes them).
   */
  releaseOverdueHolds(m: EntityManager, caseworkerIds: string[], now: Date): Promise<void> {
    return this.appointments.releaseOverdueHolds(m, caseworkerIds, now);
  }

  /** Saves the release of a hold a late confirm found expired; the expiry job records it. */
  async releaseExpiredHold(m: EntityManager, a: AppointmentEntity): Promise<void> {
    if (a.status !== 'held') return;
    a.status = 'cancelled';
    a.cancelReason = 'hold_expired';
    await this.appointments.save(m, a);
  }

  /** Confirmation from the email link: confirmed, and a public booker joins a client the unit knows. */
  async confirm(
    m: EntityManager,
    a: AppointmentEntity,
    unit: UnitEntity,
    actor: Actor,
    now: Date,
  ): Promise<AppointmentEntity> {
    a.status = 'confirmed';
    a.holdExpiresAt = null;
    if (a.createdBy === 'public') {
      const duplicate = a.clientId;
      const known = await this.appointments.adoptReturningClient(m, a);
      if (known) {
        await this.audit.record(
          {
            unitId: a.unitId,
            actor,
            action: 'client.merged',
            appointmentId: a.id,
            clientId: known.id,
            details: { duplicateClientId: duplicate },
          },
          m,
        );
      }
    }
    return this.apply(m, { action: 'appointment.confirmed', actor, appointment: a, unit, mail: 'confirmed' }, now);
  }

  /**
   * The hold-expiry job: an unconfirmed hold is deleted, with the client row made for it. A hold
   * that a booking or a late confirm already released (cancelled, hold_expired) goes the same way.
   *
   * A job can come a few milliseconds early: its delay is counted from the database's now(), the
   * start of the transaction that wrote it, and the hold's end from the app's clock, read later. A
   * hold still live then gets a new job at its end, in this transaction, so the job's completion
   * never leaves it behind (issue 24: 1.4 % of holds kept their client's name for ever).
   */
  async expireHold(id: string, now: Date): Promise<'released' | 'not-yet' | 'gone'> {
    return this.transactions.run(async (m) => {
      const a = await this.appointments.lockRow(m, id);
      if (!a) return 'gone';
      if (a.status === 'held' && a.holdExpiresAt && a.holdExpiresAt > now) {
        await this.jobs.enqueueMany(m, [holdExpiryJob(a.id, a.holdExpiresAt)]);
        return 'not-yet';
      }
      if (!isHoldExpired(a, now)) return 'gone';
      a.status = 'cancelled';
      a.cancelReason = 'hold_expired';
      await this.tokens.revokeAll('join', { appointmentId: a.id }, m);
      await this.audit.record(
        {
          unitId: a.unitId,
          actor: SYSTEM,
          action: 'appointment.hold_expired',
          appointmentId: a.id,
          clientId: a.clientId,
        },
        m,
      );
      await this.appointments.deleteHold(m, a);
      return 'released';
    });
  }

  /**
   * The backstop behind the jobs: every hold past its end (and every one a booking or a late
   * confirm already released) is deleted as its job would, each in its own transaction under its
   * row lock, so a lost or early job leaves nothing behind and several instances may sweep at once.
   * The number released.
   */
  async expireOverdueHolds(now: Date, limit: number): Promise<number> {
    let released = 0;
    for (const id of await this.appointments.overdueHoldIds(now, limit))
      if ((await this.expireHold(id, now)) === 'released') released++;
    return released;
  }

  /**
   * Attendance decided from video presence: only a still confirmed appointment changes, so one staff
   * already marked stays as it is. The audit follows a changed row only, never the mere attempt.
   */
  async markByVideo(m: EntityManager, a: AppointmentEntity, status: 'completed' | 'no_show', now: Date): Promise<void> {
    if (!(await this.appointments.markAttendanceIfConfirmed(m, a.id, status, now))) return;
    a.status = status;
    await this.audit.record(
      {
        unitId: a.unitId,
        actor: SYSTEM,
        action: `appointment.${status}`,
        appointmentId: a.id,
        clientId: a.clientId,
        details: { by: 'video' },
      },
      m,
    );
  }

  /**
   * Erasure: the client's future meetings are cancelled and free texts about them dropped (the erasure is audited once,
   * by the caller).
   */
  eraseClient(m: EntityManager, clientId: string, now: Date): Promise<void> {
    return this.appointments.eraseClient(m, clientId, now);
  }

  private async record(m: EntityManager, c: AppointmentChange, now: Date): Promise<void> {
    await this.audit.record(auditOf(c), m);
    await this.jobs.enqueueMany(m, this.jobsOf(c, now));
  }

  /**
   * The jobs a change causes: the mail, the hold expiry, the reminders, attendance and room
   * clean-up. Worked out here, written with the change (record) or inside a booking's one statement.
   */
  private jobsOf(c: AppointmentChange, now: Date): JobSpec[] {
    const a = c.appointment;
    const out: JobSpec[] = [];
    if (c.mail) {
      out.push({
        name: 'notify',
        data: job(c.mail, a, c.previousStartsAt),
        opts: { singletonKey: `${a.id}:${a.sequence}:${c.mail}${c.resend ? `:resent:${now.getTime()}` : ''}` },
      });
    }
    if (c.resend) return out;
    if (a.status === 'held' && a.holdExpiresAt) {
      out.push(holdExpiryJob(a.id, a.holdExpiresAt));
    }
    if (a.status === 'confirmed' && c.mail && c.mail !== 'cancelled') out.push(...reminders(a, c.unit, now));
    if (a.status === 'confirmed' && a.roomName && c.mail && c.mail !== 'cancelled') {
      // Booked, confirmed, rescheduled or switched to video: attendance is judged at the (new) end.
      // The worker re-reads the appointment, so a job made for an earlier end, or a second one for
      // the same end, does nothing.
      out.push({ name: 'attendance', data: { appointmentId: a.id }, opts: { startAfter: attendanceDueAt(a.endsAt) } });
    }
    if (c.droppedRoom) out.push({ name: 'room-cleanup', data: { roomName: c.droppedRoom } });
    if (a.roomName && (a.status === 'confirmed' || a.status === 'held')) {
      // After the join window closes the room goes too; a later change re-schedules this (same key).
      const at = new Date(a.endsAt.getTime() + c.unit.joinClosesMinutesAfter * 60_000);
      out.push({
        name: 'room-cleanup',
        data: { roomName: a.roomName, appointmentId: a.id, sequence: a.sequence },
        opts: { startAfter: at, singletonKey: `room:${a.roomName}:${a.sequence}` },
      });
    }
    return out;
  }
}

function holdExpiryJob(appointmentId: string, at: Date): JobSpec {
  return { name: 'hold-expiry', data: { appointmentId }, opts: { startAfter: at } };
}

/**
 * One reminder per configured lead time; a later change bumps the sequence, so stale ones are dropped by the worker.
 */
function reminders(a: AppointmentEntity, unit: UnitEntity, now: Date): JobSpec[] {
  return unit.reminderMinutesBefore
    .map((minutes) => ({ minutes, at: new Date(a.startsAt.getTime() - minutes * 60_000) }))
    .filter(({ at }) => at > now)
    .map(({ minutes, at }) => ({
      name: 'notify' as const,
      data: job('reminder', a),
      opts: { startAfter: at, singletonKey: `${a.id}:${a.sequence}:reminder:${minutes}` },
    }));
}

function auditOf(c: AppointmentChange): AuditInput {
  const a = c.appointment;
  return {
    unitId: a.unitId,
    actor: c.actor,
    action: c.action,
    appointmentId: a.id,
    clientId: a.clientId,
    details: c.details,
  };
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
