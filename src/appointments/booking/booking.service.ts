import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { retryOnDeadlock } from '../../database/retry';
import { Transactions } from '../../common/transactions';
import { ClientEntity } from '../../clients/client.entity';
import { ClientRepository } from '../../clients/client.repository';
import { Clock } from '../../common/clock';
import { DomainError, ErrorCode } from '../../common/errors';
import { clientPhone } from '../../common/phone-number';
import { AppointmentEntity, AppointmentStatus } from '../data/appointment.entity';
import { AppointmentLifecycle } from '../changes/appointment-lifecycle';
import { AppointmentRepository, BookingRow, CHOSEN_CASEWORKER, TakenMeanwhile } from '../data/appointment.repository';
import { assertModeOffered, busyRangeLiteral } from '../rules/booking-rules';
import { FirstMeetingPolicy } from '../rules/first-meeting.policy';
import { BookingCandidates, type CalendarLock } from './booking-candidates';
import type { BookingRequest } from './booking-request';

export type { BookingRequest };

/** Creates appointments: one transaction re-validates the slot, inserts, and queues what follows. */
@Injectable()
export class BookingService {
  constructor(
    private readonly candidates: BookingCandidates,
    private readonly firstMeeting: FirstMeetingPolicy,
    private readonly lifecycle: AppointmentLifecycle,
    private readonly appointments: AppointmentRepository,
    private readonly clock: Clock,
    private readonly transactions: Transactions,
  ) {}

  /**
   * The statements of a booking: BEGIN; the holder locks of a public hold (the count of docs/product-rules.md, rule 5
   * runs under them); one read (the candidates' calendars, the week's load, the holder's
   * holds, deactivations); one write that takes the chosen caseworker's calendar lock and then
   * inserts the client, the appointment, its audit event and its jobs; COMMIT.
   *
   * Only the chosen caseworker's lock is taken, so bookings of one unit that go to different
   * caseworkers never wait for each other, even when the whole team has the same hours. When
   * several are free, the write tries their locks in rule 7's order and takes the first it gets
   * (issue 24: when everyone wants the first time, concurrent bookings of one start all pick the
   * same least-booked caseworker; queueing behind each other on that one's lock, each then lost
   * in the constraint and ran again). Only when every free one is being written does it wait for
   * the first choice's lock; it then meets the first in the exclusion constraint (TakenMeanwhile)
   * and the booking runs again, on a read that sees the first: another caseworker if one is free,
   * else SLOT_TAKEN. A confirmed booking of one calendar (a staff booking, a
   * client's follow-up with their own caseworker) needs no transaction at all: the read, then the write.
   *
   * Inside `m` (the idempotency wrapper's transaction, which cannot run again on its own), every
   * candidate's lock is taken before the read instead, so the read cannot be overtaken.
   */
  book(req: BookingRequest, m?: EntityManager): Promise<AppointmentEntity> {
    if (m) return this.bookIn(m, req, 'before-read');
    if (req.caseworkers.length === 1 && this.initialStatus(req) !== 'held')
      return retryOnDeadlock(() => this.bookIn(undefined, req, 'in-write'));
    return againWhenTakenMeanwhile(() =>
      retryOnDeadlock(() => this.transactions.run((tm) => this.bookIn(tm, req, 'in-write'))),
    );
  }

  /** `m`: the booking's transaction; none, each statement commits on its own (a confirmed booking of one calendar). */
  private async bookIn(
    m: EntityManager | undefined,
    req: BookingRequest,
    lock: CalendarLock,
  ): Promise<AppointmentEntity> {
    const now = this.clock.now();
    assertModeOffered(req.type.modes, req.mode);
    const walkIn = req.actor.type === 'staff' && req.start < now;
    if (req.start < now && !walkIn) throw new DomainError(ErrorCode.SLOT_UNAVAILABLE, 'That time has already passed.');
    const existingClient = req.client instanceof ClientEntity ? req.client : null;
    // Rule 14: the caseworker calls the number the client gave, so a phone meeting needs one.
    if (req.mode === 'phone' && !(existingClient ? existingClient.phone : (req.client as { phone?: string }).phone))
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'client.phone is needed for a phone meeting', {
        field: 'client.phone',
      });
    // A new client's number is checked before any lock is taken (newClient stores it the same way).
    const typedPhone = existingClient ? undefined : (req.client as { phone?: string }).phone;
    if (typedPhone) clientPhone(typedPhone, req.unit.smsCountries, 'client.phone');
    // Rule 4: video and phone come after a first meeting in person (staff may override with a reason).
    if (req.mode !== 'in_person') {
      await this.firstMeeting.checkVideo(m, {
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
    // A walk-in is recorded as it happened; otherwise the caseworkers free on the booking's read, in
    // rule 7's order. Taking the calendar lock in the write, the write takes the first whose calendar
    // no concurrent booking is writing (AppointmentRepository.insertBooking's orElse); else the first.
    const [caseworker, ...orElse] = walkIn
      ? [req.caseworkers[0]]
      : await this.candidates.rank(m, req, now, holders, lock);
    const choose = !walkIn && lock === 'in-write' && orElse.length > 0;
    const chosen = choose ? CHOSEN_CASEWORKER : caseworker.id;
    const clientId = existingClient?.id ?? randomUUID();
    const appointment = this.appointments.newBooking(this.row(req, caseworker.id, clientId, status, now, holderIpHash));
    const parts = [
      existingClient
        ? ClientRepository.assignCaseworkerPart(existingClient.id, chosen)
        : ClientRepository.insertPart({ ...this.newClient(req), id: clientId }, chosen),
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
    return this.appointments.insertBooking(m, appointment, parts, {
      lockCalendar: !walkIn && lock === 'in-write',
      orElse: choose ? orElse.map((c) => c.id) : undefined,
    });
  }

  private initialStatus(req: BookingRequest): AppointmentStatus {
    return req.createdBy === 'public' && req.unit.selfBookingConfirmation === 'email_link' ? 'held' : 'confirmed';
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
      // In E.164 and of the unit's countries (rule 14), or VALIDATION_FAILED naming client.phone.
      phone: c.phone ? clientPhone(c.phone, req.unit.smsCountries, 'client.phone') : null,
      locale: c.locale ?? req.unit.defaultLocale,
    };
  }
}

/** Lost a calendar to a concurrent booking after the read: read again (a few times at most), then SLOT_TAKEN. */
async function againWhenTakenMeanwhile<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (err) {
      if (!(err instanceof TakenMeanwhile) || i >= attempts) throw err;
    }
  }
}

/** Unguessable: 128 random bits. */
export function newRoomName(): string {
  return `samtal-${randomBytes(16).toString('base64url')}`;
}
