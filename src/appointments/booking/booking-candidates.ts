import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { AvailabilityService, zoneOf } from '../../availability/availability.service';
import { rankCaseworkers, type SlotRejection } from '../../availability/engine';
import { CaseworkerEntity } from '../../units/caseworker.entity';
import { MeetingTypeEntity } from '../../units/meeting-type.entity';
import { AppointmentCalendarSource } from '../data/appointment-calendar.read-model';
import { AppointmentRepository, HolderKeys } from '../data/appointment.repository';
import { assertWithinHoldLimits, rejectionError } from '../rules/booking-rules';
import type { BookingRequest } from './booking-request';

/** Where a booking takes its calendar locks: every candidate's before its read, or the chosen one's in its write. */
export type CalendarLock = 'before-read' | 'in-write';

/**
 * The booking's read and its choice of caseworker: whose working hours hold the start, the locks a hold counts
 * under, one read of the candidates' calendars (with the holder's holds and who was deactivated), the engine's
 * re-check, and rule 7's order of the free ones. BookingService writes what it chooses.
 */
@Injectable()
export class BookingCandidates {
  constructor(
    private readonly availability: AvailabilityService,
    private readonly appointments: AppointmentRepository,
    private readonly calendars: AppointmentCalendarSource,
  ) {}

  /**
   * Whom the booking can go to: of those whose working hours hold the start (by the hours read with
   * the team), the ones free on the booking's read, in the engine's rankCaseworkers order (rule 7:
   * the least booked that week first; the first is pickCaseworker's). Never empty.
   */
  async rank(
    m: EntityManager | undefined,
    req: BookingRequest,
    now: Date,
    holders: HolderKeys | undefined,
    lock: CalendarLock,
  ): Promise<CaseworkerEntity[]> {
    const { candidates, ruledOut } = this.byHours(req, now);
    // Without a transaction there is nothing to lock here: no holder, and the write takes the calendar's lock.
    if (m) await this.appointments.lockCalendars(m, lock === 'before-read' ? candidates.map((c) => c.id) : [], holders);
    const read = await this.calendars.bookingLoad(
      m,
      candidates.map((c) => ({ id: c.id, timeZone: zoneOf(c, req.unit) })),
      bufferedSpan(req.start, req.type),
      now,
      candidates.length > 1 ? weekOf(req.start, req.unit.timeZone) : null,
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
    const byId = new Map(free.map((c) => [c.id, c]));
    return rankCaseworkers([...byId.keys()], read.weekLoad).map((id) => byId.get(id)!);
  }

  /** The caseworkers whose working hours hold the start (all of them when the request has no hours). */
  private byHours(req: BookingRequest, now: Date): { candidates: CaseworkerEntity[]; ruledOut: SlotRejection[] } {
    const hours = req.hours;
    if (!hours) return { candidates: req.caseworkers, ruledOut: [] };
    const team = req.caseworkers.map((caseworker) => ({ caseworker, workingHours: hours.get(caseworker.id) ?? [] }));
    return this.availability.byHours(team, req.unit, req.type, req.mode, req.start, now, req.actor.type === 'staff');
  }
}

/** The local week (Monday to Monday in the unit's zone) of an instant: the intake assignment's load. */
function weekOf(start: Date, timeZone: string): { from: Date; to: Date } {
  const week = DateTime.fromJSDate(start, { zone: timeZone }).startOf('week');
  return { from: week.toJSDate(), to: week.plus({ weeks: 1 }).toJSDate() };
}

/** The new meeting with its buffers: the time its busy range, once inserted, will cover. */
function bufferedSpan(start: Date, type: MeetingTypeEntity): { from: Date; to: Date } {
  const end = start.getTime() + type.durationMinutes * 60_000;
  return {
    from: new Date(start.getTime() - type.bufferBeforeMinutes * 60_000),
    to: new Date(end + type.bufferAfterMinutes * 60_000),
  };
}
