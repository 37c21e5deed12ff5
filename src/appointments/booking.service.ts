import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { retryOnDeadlock } from '../database/retry';
import { AvailabilityService, zoneOf } from '../availability/availability.service';
import { pickCaseworker, type Mode, type SlotRejection, type WorkingHoursRule } from '../availability/engine';
import { ClientEntity } from '../clients/client.entity';
import { ClientRepository } from '../clients/client.repository';
import { Actor } from '../common/audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/errors';
import { CaseworkerEntity } from '../units/caseworker.entity';
import { MeetingTypeEntity } from '../units/meeting-type.entity';
import { UnitEntity } from '../units/unit.entity';
import { AppointmentEntity, AppointmentStatus, CreatedBy } from './appointment.entity';
import { AppointmentLifecycle } from './appointment-lifecycle';
import { AppointmentCalendarSource } from './appointment-calendar-source';
import { AppointmentRepository, BookingRow, HolderKeys } from './appointment.repository';
import { assertModeOffered, assertWithinHoldLimits, busyRangeLiteral, rejectionError } from './booking-rules';
import { FirstMeetingPolicy } from './first-meeting.policy';

/** Where a booking takes its calendar locks: before its read (in a transaction), or in its write (one calendar). */
type CalendarLock = 'before-read' | 'in-write';

export interface BookingRequest {
  unit: UnitEntity;
  type: MeetingTypeEntity;
  mode: Mode;
  start: Date;
  actor: Actor;
  createdBy: CreatedBy;
  /** The caseworker, or several to choose from (intake: least booked that week first). */
  caseworkers: CaseworkerEntity[];
  /**
   * The caseworkers' working hours as read with them (AppointmentLoader.teamWithHours). When given,
   * the booking locks and considers only those whose hours hold the start in this mode, so bookings
   * that can go to different caseworkers of one unit do not wait for each other. Without: all are locked.
   */
  hours?: ReadonlyMap<string, readonly WorkingHoursRule[]>;
  /** An existing client, or the details of a new one (public booking). */
  client: ClientEntity | { name: string; email: string; phone?: string; locale?: string };
  overrideReason?: string;
  /** The public booker's address, keyed (UnconfirmedHolds.addressHash): a hold counts against it. */
  holderIpHash?: string | null;
}

/** Creates appointments: one transaction re-validates the slot, inserts, and queues what follows. */
@Injectable()
export class BookingService {
  constructor(
    private readonly availability: AvailabilityService,
    private readonly firstMeeting: FirstMeetingPolicy,
    private readonly lifecycle: AppointmentLifecycle,
    private readonly appointments: AppointmentRepository,
    private readonly calendars: AppointmentCalendarSource,
    private readonly clock: Clock,
    private readonly db: DataSource,
  ) {}

  /**
   * Inside `m` (the idempotency wrapper's transaction), or in a transaction of its own: BEGIN, the
   * calendar and holder locks, the read under them (calendars, the week's load, the holder's holds),
   * the write (client, appointment, audit event and jobs in one statement), COMMIT.
   *
   * A confirmed booking of one calendar (a staff booking, a client's follow-up with their own
   * caseworker) has nobody to choose and no hold to count, so it needs no transaction: the read,
   * then the write, which takes the calendar's lock itself, in its own statement, before it inserts.
   * Two such writes for one calendar then queue on the lock instead of deadlocking in the exclusion
   * check, and the second sees the first and is SLOT_TAKEN (23P01). A change of the calendar
   * (lockForChange) takes the same lock. A video booking also asks rule 4's question first.
   */
  book(req: BookingRequest, m?: EntityManager): Promise<AppointmentEntity> {
    if (m) return this.bookIn(m, req, 'before-read');
    if (req.caseworkers.length === 1 && this.initialStatus(req) !== 'held')
      return retryOnDeadlock(() => this.bookIn(this.db.manager, req, 'in-write'));
    return this.lifecycle.transaction((tm) => this.bookIn(tm, req, 'before-read'));
  }

  private async bookIn(m: EntityManager, req: BookingRequest, lock: CalendarLock): Promise<AppointmentEntity> {
    const now = this.clock.now();
    assertModeOffered(req.type.modes, req.mode);
    const walkIn = req.actor.type === 'staff' && req.start < now;
    if (req.start < now && !walkIn) throw new DomainError(ErrorCode.SLOT_UNAVAILABLE, 'That time has already passed.');
    const existingClient = req.client instanceof ClientEntity ? req.client : null;
    if (req.mode === 'video') {
      await this.firstMeeting.assertVideoAllowed(m, {
        client: existingClient,
        caseworkerId: req.caseworkers[0].id,
        scope: req.unit.firstMeetingScope,
        now,
        actorType: req.actor.type,
        overrideReason: req.overrideReason,
      });
    }
    const status: AppointmentStatus = walkIn ? 'completed' : this.initialStatus(req);
    const holderIpHash = status === 'held' ? (req.holderIpHash ?? null) : null;
    const holders =
      status === 'held'
        ? { unitId: req.unit.id, email: (req.client.email ?? '').toLowerCase(), addressHash: holderIpHash }
        : undefined;
    // A walk-in is recorded as it happened; otherwise the caseworker is chosen under the locks.
    const caseworker = walkIn ? req.caseworkers[0] : await this.chooseCaseworker(m, req, now, holders, lock);
    const clientId = existingClient?.id ?? randomUUID();
    const appointment = this.appointments.entity(this.row(req, caseworker.id, clientId, status, now, holderIpHash));
    const parts = [
      existingClient
        ? ClientRepository.assignCaseworkerPart(existingClient.id, caseworker.id)
        : ClientRepository.insertPart({ ...this.newClient(req), id: clientId, caseworkerId: caseworker.id }),
      ...this.lifecycle.createdParts(
        {
          action: walkIn ? 'appointment.recorded' : 'appointment.created',
          actor: req.actor,
          appointment,
          unit: req.unit,
          mail: walkIn ? undefined : status === 'held' ? 'hold' : 'confirmed',
          // The reason itself is on the appointment, which erasure clears; the log only says there was one.
          details: {
            createdBy: req.createdBy,
            mode: req.mode,
            ...(req.overrideReason ? { firstMeetingOverride: true } : {}),
          },
        },
        now,
      ),
    ];
    return this.appointments.insertBooking(m, appointment, parts, { lockCalendar: !walkIn && lock === 'in-write' });
  }

  /**
   * Whom the booking goes to: of those whose working hours hold the start (chosen before the lock,
   * so bookings that can go to different caseworkers do not wait for each other), the ones free
   * under the locks, and of those the engine's pickCaseworker (the least booked that week).
   */
  private async chooseCaseworker(
    m: EntityManager,
    req: BookingRequest,
    now: Date,
    holders: HolderKeys | undefined,
    lock: CalendarLock,
  ): Promise<CaseworkerEntity> {
    const { candidates, ruledOut } = this.byHours(req, now);
    if (lock === 'before-read')
      await this.appointments.lockCalendars(
        m,
        candidates.map((c) => c.id),
        holders,
      );
    const week = DateTime.fromJSDate(req.start, { zone: req.unit.timeZone }).startOf('week');
    const read = await this.calendars.bookingLoad(
      m,
      candidates.map((c) => ({ id: c.id, timeZone: zoneOf(c, req.unit) })),
      { from: new Date(req.start.getTime() - 86_400_000), to: new Date(req.start.getTime() + 86_400_000) },
      now,
      { from: week.toJSDate(), to: week.plus({ weeks: 1 }).toJSDate() },
      holders,
    );
    if (holders && read.holds) assertWithinHoldLimits(read.holds, req.unit, !!holders.addressHash);
    const { free, firstRejection } = this.availability.freeIn(
      candidates.filter((c) => !read.inactive.has(c.id)),
      read.calendars,
      req.type,
      req.mode,
      req.start,
      now,
      { staff: req.actor.type === 'staff', ruledOut },
    );
    if (firstRejection) throw rejectionError(firstRejection);
    const id = pickCaseworker(
      free.map((c) => c.id),
      read.weekLoad,
    );
    return free.find((c) => c.id === id)!;
  }

  private initialStatus(req: BookingRequest): AppointmentStatus {
    return req.createdBy === 'public' && req.unit.selfBookingConfirmation === 'email_link' ? 'held' : 'confirmed';
  }

  /** The caseworkers whose working hours hold the start (all of them when the request has no hours). */
  private byHours(req: BookingRequest, now: Date): { candidates: CaseworkerEntity[]; ruledOut: SlotRejection[] } {
    const hours = req.hours;
    if (!hours) return { candidates: req.caseworkers, ruledOut: [] };
    const team = req.caseworkers.map((caseworker) => ({ caseworker, workingHours: hours.get(caseworker.id) ?? [] }));
    return this.availability.byHours(team, req.unit, req.type, req.mode, req.start, now, req.actor.type === 'staff');
  }

  private row(
    req: BookingRequest,
    caseworkerId: string,
    clientId: string,
    status: AppointmentStatus,
    now: Date,
    holderIpHash: string | null,
  ): BookingRow {
    const end = new Date(req.start.getTime() + req.type.durationMinutes * 60_000);
    return {
      id: randomUUID(),
      unitId: req.unit.id,
      caseworkerId,
      clientId,
      meetingTypeId: req.type.id,
      startsAt: req.start,
      endsAt: end,
      busyRange: busyRangeLiteral(req.start, end, req.type.bufferBeforeMinutes, req.type.bufferAfterMinutes),
      mode: req.mode,
      status,
      location: req.mode === 'in_person' ? req.unit.address || null : null,
      sequence: 0,
      holdExpiresAt: status === 'held' ? new Date(now.getTime() + req.unit.holdMinutes * 60_000) : null,
      holderIpHash,
      roomName: req.mode === 'video' ? newRoomName() : null,
      firstMeetingOverrideReason: req.overrideReason ?? null,
      cancelReason: null,
      createdBy: req.createdBy,
    };
  }

  private newClient(req: BookingRequest) {
    const c = req.client as { name: string; email: string; phone?: string; locale?: string };
    return {
      unitId: req.unit.id,
      name: c.name,
      email: c.email,
      phone: c.phone ?? null,
      locale: c.locale ?? req.unit.defaultLocale,
    };
  }
}

/** Unguessable: 128 random bits. */
export function newRoomName(): string {
  return `samtal-${randomBytes(16).toString('base64url')}`;
}
