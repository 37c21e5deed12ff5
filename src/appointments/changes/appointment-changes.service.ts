import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AvailabilityService } from '../../availability/availability.service';
import type { Mode } from '../../availability/engine';
import type { Actor } from '../../common/audit/audit.service';
import { DomainError, ErrorCode, ErrorReason } from '../../common/errors';
import { AppointmentEntity, LIVE_STATUSES } from '../data/appointment.entity';
import { AppointmentLifecycle } from './appointment-lifecycle';
import { ChangeActor, ChangeRunner, Changed } from './change-runner';
import { BookingParties } from '../data/booking-parties.read-model';
import { AppointmentRepository } from '../data/appointment.repository';
import {
  assertClientMayChange,
  assertModeOffered,
  busyRangeLiteral,
  isHoldExpired,
  rejectionError,
} from '../rules/booking-rules';
import { newRoomName } from '../booking/booking.service';
import { FirstMeetingPolicy } from '../rules/first-meeting.policy';

export type { ChangeActor, Changed } from './change-runner';

/** Reschedule, cancel, switch mode, attendance, notes, confirm: each locks the row first. */
@Injectable()
export class AppointmentChangesService {
  constructor(
    private readonly runner: ChangeRunner,
    private readonly lifecycle: AppointmentLifecycle,
    private readonly appointments: AppointmentRepository,
    private readonly parties: BookingParties,
    private readonly availability: AvailabilityService,
    private readonly firstMeeting: FirstMeetingPolicy,
  ) {}

  /** Same id and iCal UID; SEQUENCE + 1; the new slot is re-validated with the old one excluded. */
  reschedule(id: string, actor: ChangeActor, start: Date): Promise<Changed> {
    return this.runner.change(id, actor, async (m, a, unit, now) => {
      this.assertLive(a);
      if (actor.type === 'client') assertClientMayChange(a.startsAt, now, unit.clientChangeCutoffMinutes);
      const cw = await this.caseworkerOf(a, m);
      const type = await this.parties.meetingType(a.unitId, a.meetingTypeId, m);
      await this.lifecycle.releaseOverdueHolds(m, [cw.id], now);
      const rejection = await this.availability.check(
        {
          caseworker: cw,
          unit,
          type,
          mode: a.mode,
          start,
          now,
          staff: actor.type === 'staff',
          excludeAppointmentId: a.id,
        },
        m,
      );
      if (rejection) throw rejectionError(rejection);
      const previousStartsAt = a.startsAt;
      a.startsAt = start;
      a.endsAt = new Date(start.getTime() + type.durationMinutes * 60_000);
      a.busyRange = busyRangeLiteral(a.startsAt, a.endsAt, type.bufferBeforeMinutes, type.bufferAfterMinutes);
      a.sequence += 1;
      return {
        action: 'appointment.rescheduled',
        mail: a.status === 'confirmed' ? 'rescheduled' : undefined,
        previousStartsAt,
      };
    });
  }

  /**
   * Another active caseworker of the unit takes a meeting to come, exactly as it is (offboarding):
   * same id and iCal UID, same time and place, SEQUENCE + 1, and the client is told who it is now.
   * Their working hours do not matter (the admin decides); their absences and meetings do, and the
   * exclusion constraint has the last word on busy time. The room and the join link stay (they are
   * the appointment's); the host token is minted for whoever is the caseworker when they join.
   */
  reassign(id: string, actor: ChangeActor, caseworkerId: string): Promise<Changed> {
    return this.runner.change(id, actor, async (m, a, unit, now) => {
      this.assertLive(a);
      if (a.startsAt <= now)
        throw new DomainError(ErrorCode.CONFLICT, 'This meeting has started and can no longer be reassigned.');
      const target = await this.parties.caseworkerToBook(a.unitId, caseworkerId, m);
      if (target.id === a.caseworkerId) return { action: 'appointment.reassign_unchanged', touch: false };
      await this.appointments.lockCalendars(m, [target.id]);
      await this.lifecycle.releaseOverdueHolds(m, [target.id], now);
      const type = await this.parties.typeOf(a, m);
      const obstacle = await this.availability.obstacle(
        target,
        unit,
        type,
        { start: a.startsAt, end: a.endsAt },
        now,
        m,
      );
      if (obstacle === 'ABSENCE')
        throw new DomainError(
          ErrorCode.SLOT_UNAVAILABLE,
          'That caseworker is away or busy in their own calendar at the time of this meeting.',
        );
      if (obstacle === 'BUSY')
        throw new DomainError(ErrorCode.SLOT_TAKEN, 'That caseworker already has a meeting at this time.');
      const from = a.caseworkerId;
      a.caseworkerId = target.id;
      a.sequence += 1;
      return {
        action: 'appointment.reassigned',
        mail: a.status === 'confirmed' ? 'reassigned' : undefined,
        details: { fromCaseworkerId: from, toCaseworkerId: target.id },
      };
    });
  }

  cancel(id: string, actor: ChangeActor, reason?: string): Promise<Changed> {
    return this.runner.change(id, actor, (_m, a, unit, now) => {
      this.assertLive(a);
      if (actor.type === 'client') assertClientMayChange(a.startsAt, now, unit.clientChangeCutoffMinutes);
      const wasConfirmed = a.status === 'confirmed';
      a.sequence += 1;
      // The audit log is append-only and outlives erasure: the words stay on the appointment, which
      // erasure clears, and the log says only that there were some (staff write about clients too).
      const details = reason ? { reasonGiven: true } : {};
      return {
        action: 'appointment.cancelled',
        mail: wasConfirmed ? 'cancelled' : undefined,
        details,
        droppedRoom: a.roomName,
        revoke: ['join', 'confirm'],
        transition: { status: 'cancelled', cancelReason: reason ?? (actor.type === 'client' ? 'client' : 'staff') },
      };
    });
  }

  changeMode(id: string, actor: ChangeActor, mode: Mode, overrideReason?: string): Promise<Changed> {
    return this.runner.change(id, actor, async (m, a, unit, now) => {
      this.assertLive(a);
      if (a.mode === mode) return { action: 'appointment.mode_unchanged' };
      if (actor.type === 'client') assertClientMayChange(a.startsAt, now, unit.clientChangeCutoffMinutes);
      const cw = await this.caseworkerOf(a, m);
      const type = await this.parties.meetingType(a.unitId, a.meetingTypeId, m);
      assertModeOffered(type.modes, mode);
      if (mode !== 'in_person') {
        const client = await this.parties.client(a.unitId, a.clientId, m);
        // The caseworker calls the number the client gave (rule 14): no number, no phone meeting.
        if (mode === 'phone' && !client?.phone)
          throw new DomainError(ErrorCode.VALIDATION_FAILED, 'A phone meeting needs the client’s phone number.', {
            field: 'phone',
          });
        // Rule 4: video and phone come after a first meeting in person (staff may override with a reason).
        await this.firstMeeting.checkVideo(m, {
          client,
          caseworkerId: cw.id,
          scope: unit.firstMeetingScope,
          now,
          actorType: actor.type,
          overrideReason,
        });
      }
      const rejection = await this.availability.check(
        { caseworker: cw, unit, type, mode, start: a.startsAt, now, staff: true, excludeAppointmentId: a.id },
        m,
      );
      if (rejection === 'MODE_NOT_ALLOWED') throw rejectionError(rejection);
      // Only video has a room: leaving video (for in person or phone) drops it, and with it every join link.
      const droppedRoom = mode !== 'video' ? a.roomName : null;
      a.mode = mode;
      a.location = mode === 'in_person' ? unit.address || null : null;
      a.roomName = mode === 'video' ? newRoomName() : null;
      if (overrideReason) a.firstMeetingOverrideReason = overrideReason;
      a.sequence += 1;
      return {
        action: 'appointment.mode_changed',
        mail: a.status === 'confirmed' ? 'mode_changed' : undefined,
        droppedRoom,
        revoke: mode !== 'video' ? 'join' : undefined,
        details: { mode, ...(overrideReason ? { firstMeetingOverride: true } : {}) },
      };
    });
  }

  attendance(id: string, actor: ChangeActor, status: 'completed' | 'no_show'): Promise<Changed> {
    return this.runner.change(id, actor, (_m, a, _unit, now) => {
      if (a.status === 'cancelled' || a.status === 'held')
        throw new DomainError(ErrorCode.CONFLICT, `A ${a.status} appointment has no attendance.`);
      if (a.startsAt > now)
        throw new DomainError(
          ErrorCode.CONFLICT,
          'Attendance can be recorded once the meeting has started.',
          {},
          ErrorReason.NOT_STARTED,
        );
      return { action: `appointment.${status}`, transition: { status } };
    });
  }

  /**
   * Sends the client the current confirmation and invite again (same UID and SEQUENCE), e.g. when it
   * went to spam or was deleted. Only a confirmed meeting has an invite; nothing on the row changes.
   */
  resendInvite(id: string, actor: ChangeActor): Promise<Changed> {
    return this.runner.change(id, actor, (_m, a) => {
      if (a.status !== 'confirmed')
        throw new DomainError(
          ErrorCode.CONFLICT,
          `A ${a.status} appointment has no invite to resend.`,
          {},
          ErrorReason.NO_INVITE,
        );
      return { action: 'appointment.invite_resent', mail: 'confirmed', resend: true, touch: false };
    });
  }

  /** Confirms a held public booking from the email link; an expired hold answers 410. */
  async confirm(id: string, actor: Actor): Promise<Changed> {
    const now = this.runner.now();
    let expired = false;
    const changed = await this.runner.inTransaction(async (m) => {
      expired = false;
      // A live confirm link without its appointment: the hold expired and was deleted with its data.
      const a = await this.appointments.lockForChange(m, id).catch(() => null);
      if (!a)
        throw new DomainError(
          ErrorCode.HOLD_EXPIRED,
          'This booking was not confirmed in time, so the time was released. Please book again.',
        );
      const unit = await this.parties.unit(a.unitId, m);
      if (a.status === 'confirmed')
        return {
          appointment: await this.lifecycle.apply(
            m,
            { action: 'appointment.confirm_repeated', actor, appointment: a, unit },
            now,
          ),
          unit,
        };
      if (isHoldExpired(a, now)) {
        // The release is saved (the rest of the transaction commits); the answer is still 410.
        await this.lifecycle.releaseExpiredHold(m, a);
        expired = true;
        return { appointment: a, unit };
      }
      if (a.status !== 'held') throw new DomainError(ErrorCode.NOT_FOUND, 'Appointment not found');
      return { appointment: await this.lifecycle.confirm(m, a, unit, actor, now), unit };
    });
    if (expired)
      throw new DomainError(
        ErrorCode.HOLD_EXPIRED,
        'This booking was not confirmed in time, so the time was released. Please book again.',
      );
    return changed;
  }

  async addNote(id: string, actor: ChangeActor, text: string): Promise<Changed> {
    return this.runner.change(id, actor, async (m, a) => {
      if (!LIVE_STATUSES.includes(a.status))
        throw new DomainError(ErrorCode.CONFLICT, 'Notes can be added before the meeting only.');
      await this.appointments.addNote(m, {
        appointmentId: a.id,
        clientId: a.clientId,
        author: actor.type === 'client' ? 'client' : 'staff',
        text,
      });
      return { action: 'appointment.note_added', touch: false };
    });
  }

  /** The meeting's caseworker. One who was deactivated takes no changes: the meeting is reassigned first. */
  private async caseworkerOf(a: AppointmentEntity, m: EntityManager) {
    const cw = await this.parties.anyCaseworker(a.unitId, a.caseworkerId, m);
    if (!cw.active)
      throw new DomainError(
        ErrorCode.CONFLICT,
        'This appointment is being handed over to another caseworker and cannot be changed until then.',
        {},
        ErrorReason.HANDED_OVER,
      );
    return cw;
  }

  private assertLive(a: AppointmentEntity): void {
    if (!LIVE_STATUSES.includes(a.status))
      throw new DomainError(ErrorCode.CONFLICT, `This appointment is ${a.status} and cannot be changed.`);
  }
}
