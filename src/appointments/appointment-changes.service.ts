import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AvailabilityService } from '../availability/availability.service';
import type { Mode } from '../availability/engine';
import { Actor } from '../common/audit/audit.service';
import { CapabilityTokensService } from '../common/capability-tokens.service';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/errors';
import { retryOnDeadlock } from '../database/retry';
import { UnitEntity } from '../units/unit.entity';
import { AppointmentEntity, LIVE_STATUSES } from './appointment.entity';
import { AppointmentEvents, AppointmentMailKind } from './appointment-events';
import { AppointmentLoader } from './appointment-loader';
import { assertClientMayChange, assertModeOffered, busyRangeLiteral, rejectionError } from './booking-rules';
import { BookingService, newRoomName } from './booking.service';
import { ClientNoteEntity } from './client-note.entity';
import { FirstMeetingPolicy } from './first-meeting.policy';
import { ReturningClients } from './returning-client';
import { UnconfirmedHolds } from './unconfirmed-holds';

interface ChangeOutcome {
  action: string;
  mail?: AppointmentMailKind;
  previousStartsAt?: Date;
  details?: Record<string, unknown>;
  droppedRoom?: string | null;
  /** false: nothing on the appointment row changed (a note). */
  touch?: boolean;
}

/** Who asks for a change: staff may change any time; a client until the unit's cut-off. */
export interface ChangeActor extends Actor {
  type: 'staff' | 'client';
  id: string;
}

/** Reschedule, cancel, switch mode, attendance, notes, confirm: each locks the row first. */
@Injectable()
export class AppointmentChangesService {
  constructor(
    private readonly db: DataSource,
    private readonly loader: AppointmentLoader,
    private readonly availability: AvailabilityService,
    private readonly firstMeeting: FirstMeetingPolicy,
    private readonly booking: BookingService,
    private readonly events: AppointmentEvents,
    private readonly tokens: CapabilityTokensService,
    private readonly returning: ReturningClients,
    private readonly holds: UnconfirmedHolds,
    private readonly clock: Clock,
  ) {}

  /** Same id and iCal UID; SEQUENCE + 1; the new slot is re-validated with the old one excluded. */
  reschedule(id: string, actor: ChangeActor, start: Date): Promise<AppointmentEntity> {
    return this.change(id, actor, async (m, a, unit, now) => {
      this.assertLive(a);
      if (actor.type === 'client') assertClientMayChange(a.startsAt, now, unit.clientChangeCutoffMinutes);
      // One after the other: both run on the transaction's one connection.
      const cw = await this.loader.caseworker(a.unitId, a.caseworkerId, m);
      const type = await this.loader.meetingType(a.unitId, a.meetingTypeId, m);
      await this.booking.expireHolds(m, [cw.id], now);
      const rejection = await this.availability.check({ caseworker: cw, unit, type, mode: a.mode, start, now, staff: actor.type === 'staff', excludeAppointmentId: a.id }, m);
      if (rejection) throw rejectionError(rejection);
      const previousStartsAt = a.startsAt;
      a.startsAt = start;
      a.endsAt = new Date(start.getTime() + type.durationMinutes * 60_000);
      a.busyRange = busyRangeLiteral(a.startsAt, a.endsAt, type.bufferBeforeMinutes, type.bufferAfterMinutes);
      a.sequence += 1;
      return { action: 'appointment.rescheduled', mail: a.status === 'confirmed' ? 'rescheduled' : undefined, previousStartsAt };
    });
  }

  cancel(id: string, actor: ChangeActor, reason?: string): Promise<AppointmentEntity> {
    return this.change(id, actor, async (_m, a, unit, now) => {
      this.assertLive(a);
      if (actor.type === 'client') assertClientMayChange(a.startsAt, now, unit.clientChangeCutoffMinutes);
      const wasConfirmed = a.status === 'confirmed';
      a.status = 'cancelled';
      a.cancelReason = reason ?? (actor.type === 'client' ? 'client' : 'staff');
      a.sequence += 1;
      await this.tokens.revokeAll(['join', 'confirm'], { appointmentId: a.id }, _m);
      // The audit log is append-only and outlives erasure: the words stay on the appointment, which
      // erasure clears, and the log says only that there were some (staff write about clients too).
      const details = reason ? { reasonGiven: true } : {};
      return { action: 'appointment.cancelled', mail: wasConfirmed ? 'cancelled' : undefined, details, droppedRoom: a.roomName };
    });
  }

  changeMode(id: string, actor: ChangeActor, mode: Mode, overrideReason?: string): Promise<AppointmentEntity> {
    return this.change(id, actor, async (m, a, unit, now) => {
      this.assertLive(a);
      if (a.mode === mode) return { action: 'appointment.mode_unchanged' };
      if (actor.type === 'client') assertClientMayChange(a.startsAt, now, unit.clientChangeCutoffMinutes);
      // One after the other: both run on the transaction's one connection.
      const cw = await this.loader.caseworker(a.unitId, a.caseworkerId, m);
      const type = await this.loader.meetingType(a.unitId, a.meetingTypeId, m);
      assertModeOffered(type.modes, mode);
      if (mode === 'video') {
        const client = await this.loader.client(a.unitId, a.clientId, m);
        const allowed = await this.firstMeeting.videoAllowed(client, cw.id, unit.firstMeetingScope, now, m);
        if (!allowed && !(actor.type === 'staff' && overrideReason)) {
          throw new DomainError(ErrorCode.FIRST_MEETING_IN_PERSON, 'The first meeting is in person. Video is possible after that.');
        }
      }
      const rejection = await this.availability.check({ caseworker: cw, unit, type, mode, start: a.startsAt, now, staff: true, excludeAppointmentId: a.id }, m);
      if (rejection === 'MODE_NOT_ALLOWED') throw rejectionError(rejection);
      const droppedRoom = mode === 'in_person' ? a.roomName : null;
      a.mode = mode;
      a.location = mode === 'in_person' ? unit.address || null : null;
      if (mode === 'in_person') {
        a.roomName = null; // the room goes, and with it every join link
        await this.tokens.revokeAll('join', { appointmentId: a.id }, m);
      } else {
        a.roomName = newRoomName();
      }
      if (overrideReason) a.firstMeetingOverrideReason = overrideReason;
      a.sequence += 1;
      return { action: 'appointment.mode_changed', mail: a.status === 'confirmed' ? 'mode_changed' : undefined, droppedRoom, details: { mode, ...(overrideReason ? { firstMeetingOverride: true } : {}) } };
    });
  }

  attendance(id: string, actor: ChangeActor, status: 'completed' | 'no_show'): Promise<AppointmentEntity> {
    return this.change(id, actor, async (_m, a, _unit, now) => {
      if (a.status === 'cancelled' || a.status === 'held') throw new DomainError(ErrorCode.CONFLICT, `A ${a.status} appointment has no attendance.`);
      if (a.startsAt > now) throw new DomainError(ErrorCode.CONFLICT, 'Attendance can be recorded once the meeting has started.');
      a.status = status;
      return { action: `appointment.${status}` };
    });
  }

  /** Confirms a held public booking from the email link; an expired hold answers 410. */
  confirm(id: string, actor: Actor): Promise<AppointmentEntity> {
    return this.change(id, actor, async (m, a, _unit, now) => {
      if (a.status === 'confirmed') return { action: 'appointment.confirm_repeated' };
      const expired = (a.status === 'held' && a.holdExpiresAt !== null && a.holdExpiresAt <= now) || a.cancelReason === 'hold_expired';
      if (expired) {
        if (a.status === 'held') {
          a.status = 'cancelled';
          a.cancelReason = 'hold_expired';
        }
        throw new DomainError(ErrorCode.HOLD_EXPIRED, 'This booking was not confirmed in time, so the time was released. Please book again.');
      }
      if (a.status !== 'held') throw new DomainError(ErrorCode.NOT_FOUND, 'Appointment not found');
      a.status = 'confirmed';
      a.holdExpiresAt = null;
      if (a.createdBy === 'public') await this.returning.adopt(m, a, actor);
      return { action: 'appointment.confirmed', mail: 'confirmed' };
    });
  }

  /**
   * The hold-expiry job: an unconfirmed hold is deleted, with the client row made for it. A hold
   * that a booking or a late confirm already released (cancelled, hold_expired) goes the same way.
   */
  async expireHold(id: string, now: Date): Promise<void> {
    await this.db.transaction(async (m) => {
      const a = await this.loader.lock(m, id).catch(() => null);
      if (!a) return;
      const overdue = a.status === 'held' && !!a.holdExpiresAt && a.holdExpiresAt <= now;
      const released = a.status === 'cancelled' && a.cancelReason === 'hold_expired';
      if (!overdue && !released) return;
      a.status = 'cancelled';
      a.cancelReason = 'hold_expired';
      await this.tokens.revokeAll('join', { appointmentId: a.id }, m);
      const unit = await this.loader.unit(a.unitId, m);
      await this.events.record(m, { action: 'appointment.hold_expired', actor: { type: 'system', id: null }, appointment: a, unit }, now);
      await this.holds.purge(m, a);
    });
  }

  async addNote(id: string, actor: ChangeActor, text: string): Promise<AppointmentEntity> {
    return this.change(id, actor, async (m, a) => {
      if (!LIVE_STATUSES.includes(a.status)) throw new DomainError(ErrorCode.CONFLICT, 'Notes can be added before the meeting only.');
      await m.insert(ClientNoteEntity, { appointmentId: a.id, clientId: a.clientId, author: actor.type === 'client' ? 'client' : 'staff', text });
      return { action: 'appointment.note_added', touch: false };
    });
  }

  private assertLive(a: AppointmentEntity): void {
    if (!LIVE_STATUSES.includes(a.status)) throw new DomainError(ErrorCode.CONFLICT, `This appointment is ${a.status} and cannot be changed.`);
  }

  /** One transaction: lock, apply, save, record what it causes. A HOLD_EXPIRED still saves the release. */
  private async change(
    id: string,
    actor: Actor,
    apply: (m: EntityManager, a: AppointmentEntity, unit: UnitEntity, now: Date) => Promise<ChangeOutcome>,
  ): Promise<AppointmentEntity> {
    const now = this.clock.now();
    let deferred: DomainError | null = null;
    const result = await retryOnDeadlock(() => this.db.transaction(async (m) => {
      deferred = null;
      // Calendar lock first, then the row: the same order as a booking, so the two never deadlock.
      await this.loader.lockCalendars(m, [(await this.loader.appointment(id, m)).caseworkerId]);
      const a = await this.loader.lock(m, id);
      const unit = await this.loader.unit(a.unitId, m);
      let outcome;
      try {
        outcome = await apply(m, a, unit, now);
      } catch (err) {
        if (err instanceof DomainError && err.code === ErrorCode.HOLD_EXPIRED) {
          await m.save(a);
          deferred = err;
          return a;
        }
        throw err;
      }
      if (outcome.touch !== false) await m.save(a);
      await this.events.record(m, { ...outcome, actor, appointment: a, unit }, now);
      return a;
    }));
    if (deferred) throw deferred;
    return result;
  }
}
