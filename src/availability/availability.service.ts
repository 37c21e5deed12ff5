import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '../common/errors';
import type { Range } from '../common/range';
import { CaseworkerEntity } from '../units/caseworker.entity';
import { MeetingTypeEntity } from '../units/meeting-type.entity';
import { UnitEntity } from '../units/unit.entity';
import { CalendarSource } from './calendar-source';
import {
  bufferedRange,
  CalendarInput,
  checkSlot,
  generateSlots,
  generateTeamSlots,
  Mode,
  overlaps,
  Slot,
  SlotRejection,
  SlotRules,
  TeamSlot,
  WorkingHoursRule,
} from './engine';

export function rulesOf(t: MeetingTypeEntity): SlotRules {
  return {
    durationMinutes: t.durationMinutes,
    bufferBeforeMinutes: t.bufferBeforeMinutes,
    bufferAfterMinutes: t.bufferAfterMinutes,
    slotStepMinutes: t.slotStepMinutes,
    minNoticeMinutes: t.minNoticeMinutes,
    horizonDays: t.horizonDays,
  };
}

export function zoneOf(cw: Pick<CaseworkerEntity, 'timeZone'>, unit: Pick<UnitEntity, 'timeZone'>): string {
  return cw.timeZone ?? unit.timeZone;
}

/** A caseworker with the working hours read with them (BookingParties.teamWithHours). */
export interface TeamMember {
  caseworker: CaseworkerEntity;
  workingHours: readonly WorkingHoursRule[];
}

export interface SlotCheck {
  caseworker: CaseworkerEntity;
  unit: UnitEntity;
  type: MeetingTypeEntity;
  mode: Mode;
  start: Date;
  now: Date;
  /** Staff bookings skip minimum notice and the horizon. */
  staff: boolean;
  excludeAppointmentId?: string;
}

/** The bridge between the database and the pure engine. */
@Injectable()
export class AvailabilityService {
  constructor(private readonly calendars: CalendarSource) {}

  /**
   * `staff` skips notice and horizon; `excludeAppointmentId` is the appointment being moved (its own
   * time is free). An empty list says MODE_NOT_ALLOWED when no working hours of the caseworker allow
   * the mode at all (e.g. no video hours), so the client is told why rather than shown nothing.
   */
  async slotsFor(
    cw: CaseworkerEntity,
    unit: UnitEntity,
    type: MeetingTypeEntity,
    mode: Mode,
    range: Range,
    now: Date,
    opts: { staff?: boolean; excludeAppointmentId?: string } = {},
  ): Promise<{ slots: Slot[]; reason?: 'MODE_NOT_ALLOWED' }> {
    const ref = { id: cw.id, timeZone: zoneOf(cw, unit) };
    const cal = (
      await this.calendars.calendarLoad([ref], range, now, { excludeAppointmentId: opts.excludeAppointmentId })
    ).get(cw.id)!;
    const slots = generateSlots(cal, {
      rules: rulesOf(type),
      mode,
      from: range.from.getTime(),
      to: range.to.getTime(),
      now: now.getTime(),
      ignoreNoticeAndHorizon: opts.staff ?? false,
    });
    const modeOffered = slots.length > 0 || cal.workingHours.some((h) => h.modes.includes(mode));
    return modeOffered ? { slots } : { slots, reason: 'MODE_NOT_ALLOWED' };
  }

  /** Whether any of the caseworker's working hours allow the mode at all. */
  async offersMode(cw: CaseworkerEntity, unit: UnitEntity, mode: Mode, now: Date): Promise<boolean> {
    const cal = (
      await this.calendars.calendarLoad([{ id: cw.id, timeZone: zoneOf(cw, unit) }], { from: now, to: now }, now)
    ).get(cw.id)!;
    return cal.workingHours.some((h) => h.modes.includes(mode));
  }

  async teamSlots(
    team: CaseworkerEntity[],
    unit: UnitEntity,
    type: MeetingTypeEntity,
    mode: Mode,
    range: Range,
    now: Date,
  ): Promise<TeamSlot[]> {
    if (team.length === 0) return [];
    const cals = await this.calendars.calendarLoad(
      team.map((c) => ({ id: c.id, timeZone: zoneOf(c, unit) })),
      range,
      now,
    );
    const members = team.map((c) => ({ caseworkerId: c.id, calendar: cals.get(c.id)! }));
    return generateTeamSlots(members, {
      rules: rulesOf(type),
      mode,
      from: range.from.getTime(),
      to: range.to.getTime(),
      now: now.getTime(),
    });
  }

  /** Re-validates one start inside the booking transaction; null when bookable. */
  async check(c: SlotCheck, manager: EntityManager): Promise<SlotRejection | null> {
    const rules = rulesOf(c.type);
    const span = { from: new Date(c.start.getTime() - 86_400_000), to: new Date(c.start.getTime() + 86_400_000) };
    const cal = (
      await this.calendars.calendarLoad(
        [{ id: c.caseworker.id, timeZone: zoneOf(c.caseworker, c.unit) }],
        span,
        c.now,
        { manager, excludeAppointmentId: c.excludeAppointmentId },
      )
    ).get(c.caseworker.id)!;
    return checkSlot(
      cal,
      { rules, mode: c.mode, now: c.now.getTime(), ignoreNoticeAndHorizon: c.staff },
      c.start.getTime(),
    );
  }

  /**
   * What keeps this caseworker from taking a meeting that is already booked, exactly as it is (a
   * reassignment): an absence, or busy time, over the buffered meeting. Working hours, the grid,
   * notice and horizon do not count: an admin moving a meeting decides those.
   */
  async obstacle(
    cw: CaseworkerEntity,
    unit: UnitEntity,
    type: MeetingTypeEntity,
    meeting: { start: Date; end: Date },
    now: Date,
    manager: EntityManager,
  ): Promise<'ABSENCE' | 'BUSY' | null> {
    const buffered = bufferedRange(meeting.start.getTime(), meeting.end.getTime(), rulesOf(type));
    const cal = (
      await this.calendars.calendarLoad(
        [{ id: cw.id, timeZone: zoneOf(cw, unit) }],
        { from: new Date(buffered.start), to: new Date(buffered.end) },
        now,
        { manager },
      )
    ).get(cw.id)!;
    if (cal.absences.some((a) => overlaps(a, buffered))) return 'ABSENCE';
    return cal.busy.some((b) => overlaps(b, buffered)) ? 'BUSY' : null;
  }

  /**
   * Which of the team could take this start by their working hours alone (the hours hold the
   * buffered meeting in this mode, on the grid, with the timing rules): no database, so a booking
   * can choose whom to lock before it locks. The others' reasons are kept for the answer when
   * nobody is free. A booking re-reads the hours under the lock (freeIn, on its read): these only narrow.
   */
  byHours(
    team: readonly TeamMember[],
    unit: UnitEntity,
    type: MeetingTypeEntity,
    mode: Mode,
    start: Date,
    now: Date,
    staff = false,
  ): { candidates: CaseworkerEntity[]; ruledOut: SlotRejection[] } {
    const search = { rules: rulesOf(type), mode, now: now.getTime(), ignoreNoticeAndHorizon: staff };
    const candidates: CaseworkerEntity[] = [];
    const ruledOut: SlotRejection[] = [];
    for (const { caseworker, workingHours } of team) {
      const calendar = { timeZone: zoneOf(caseworker, unit), workingHours, absences: [], busy: [] };
      const r = checkSlot(calendar, search, start.getTime());
      if (r === null) candidates.push(caseworker);
      else ruledOut.push(r);
    }
    return { candidates, ruledOut };
  }

  /**
   * Which of these caseworkers can take exactly this start, on the calendars a booking read under
   * their locks. `ruledOut`: the reasons of those byHours left out, so the answer when nobody is
   * free is the same as if the whole team had been checked. Pure: the booking does the reading.
   */
  freeIn(
    team: CaseworkerEntity[],
    calendars: ReadonlyMap<string, CalendarInput>,
    type: MeetingTypeEntity,
    mode: Mode,
    start: Date,
    now: Date,
    opts: { staff?: boolean; ruledOut?: readonly SlotRejection[] } = {},
  ): { free: CaseworkerEntity[]; firstRejection: SlotRejection | null } {
    const ruledOut = opts.ruledOut ?? [];
    if (team.length === 0) {
      if (ruledOut.length) return { free: [], firstRejection: mostTelling([...ruledOut]) };
      throw new DomainError(ErrorCode.SLOT_UNAVAILABLE, 'No caseworker takes bookings right now.');
    }
    const search = { rules: rulesOf(type), mode, now: now.getTime(), ignoreNoticeAndHorizon: opts.staff ?? false };
    const free: CaseworkerEntity[] = [];
    const rejections: SlotRejection[] = [...ruledOut];
    for (const c of team) {
      const calendar = calendars.get(c.id);
      const r = calendar ? checkSlot(calendar, search, start.getTime()) : 'OUTSIDE_HOURS';
      if (r === null) free.push(c);
      else rejections.push(r);
    }
    return { free, firstRejection: free.length ? null : mostTelling(rejections) };
  }
}

/** When nobody is free, say the most useful reason: taken beats mode beats the rest. */
function mostTelling(rs: SlotRejection[]): SlotRejection {
  for (const r of ['BUSY', 'MODE_NOT_ALLOWED', 'IN_PAST', 'TOO_SOON', 'TOO_FAR', 'OFF_GRID'] as const)
    if (rs.includes(r)) return r;
  return rs[0] ?? 'OUTSIDE_HOURS';
}
