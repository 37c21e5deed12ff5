import { isUUID } from 'class-validator';
import { DateTime } from 'luxon';
import type { Mode } from '../../../availability/engine';
import type { AppointmentStatus } from '../../../appointments/data/appointment.entity';

/** What a calendar page shows: the week of one caseworker (as a grid or a list), or the team's day. */
export type CalendarView = 'week' | 'list' | 'team';

export interface CalendarQuery {
  view: CalendarView;
  /** The first day shown (Monday of the week, or the team's day), midnight in the unit's zone. */
  start: DateTime;
  /** The end of the range shown (exclusive): start + 7 days, or + 1 day for the team day. */
  end: DateTime;
  /** `?caseworker=`: a valid id, or null (the reader's own calendar). */
  caseworker: string | null;
  /** `?caseworker=` was given but is no id at all (answered as not found). */
  caseworkerInvalid: boolean;
}

/**
 * `?week=2026-W49`, `?date=2026-12-03`, `?view=list|team`, `?caseworker=<id>`. Anything unreadable
 * falls back to today in the unit's zone. Week arithmetic is done in the zone, so a week with a
 * daylight-saving change is still seven calendar days (167 or 169 hours).
 */
export function parseCalendarQuery(q: Record<string, unknown>, zone: string, now: Date): CalendarQuery {
  const view: CalendarView = q.view === 'list' || q.view === 'team' ? q.view : 'week';
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  let day = today;
  if (typeof q.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(q.date)) {
    const d = DateTime.fromISO(q.date, { zone });
    if (d.isValid) day = d.startOf('day');
  } else if (typeof q.week === 'string' && /^\d{4}-W\d{2}$/.test(q.week)) {
    const d = DateTime.fromISO(`${q.week}-1`, { zone });
    if (d.isValid) day = d.startOf('day');
  }
  const start = view === 'team' ? day : day.startOf('week');
  const end = view === 'team' ? start.plus({ days: 1 }) : start.plus({ weeks: 1 });
  const raw = q.caseworker;
  const given = raw !== undefined && raw !== '';
  const valid = typeof raw === 'string' && isUUID(raw);
  return { view, start, end, caseworker: given && valid ? raw : null, caseworkerInvalid: given && !valid };
}

/** `2026-W49` for a day. */
export function isoWeekOf(d: DateTime): string {
  return d.toFormat("kkkk-'W'WW");
}

export interface CalendarAppointment {
  id: string;
  caseworkerId: string;
  startsAt: Date;
  endsAt: Date;
  mode: Mode;
  status: AppointmentStatus;
  clientName: string | null;
  /** The client's number (E.164), shown as a tel: link on phone meetings; absent or null when none. */
  clientPhone?: string | null;
  clientId: string;
  typeName: string;
  sequence: number;
}

export interface CalendarPeriod {
  caseworkerId: string;
  startsAt: Date;
  endsAt: Date;
  modes: Mode[];
}

export interface CalendarAbsence {
  caseworkerId: string;
  startsAt: Date;
  endsAt: Date;
}

/** Busy time from a caseworker's own calendar: only when, never what (no title is stored). */
export interface CalendarBusy {
  caseworkerId: string;
  startsAt: Date;
  endsAt: Date;
}

export interface WorkingHourRule {
  caseworkerId: string;
  weekday: number;
  start: string;
  end: string;
  modes: Mode[];
}

/**
 * The weekly rules as concrete periods within [from, to), each day read in the caseworker's own zone
 * (luxon: 08:00 is 08:00 on both sides of a daylight-saving change).
 */
export function workingPeriods(
  rules: WorkingHourRule[],
  zoneOf: (caseworkerId: string) => string,
  from: DateTime,
  to: DateTime,
): CalendarPeriod[] {
  const out: CalendarPeriod[] = [];
  for (const r of rules) {
    const zone = zoneOf(r.caseworkerId);
    const [sh, sm] = r.start.split(':').map(Number);
    const [eh, em] = r.end.split(':').map(Number);
    for (let d = from.setZone(zone).startOf('day').minus({ days: 1 }); d < to; d = d.plus({ days: 1 })) {
      if (d.weekday !== r.weekday) continue;
      const s = d.set({ hour: sh, minute: sm });
      const e = d.set({ hour: eh, minute: em });
      if (e <= from || s >= to) continue;
      out.push({ caseworkerId: r.caseworkerId, startsAt: s.toJSDate(), endsAt: e.toJSDate(), modes: r.modes });
    }
  }
  return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** The days of the range, midnight in the unit's zone (seven for a week, also across a DST change). */
export function daysOf(start: DateTime, end: DateTime): DateTime[] {
  const days: DateTime[] = [];
  for (let d = start; d < end; d = d.plus({ days: 1 })) days.push(d);
  return days;
}

/** Whether an instant falls on a day (midnight to midnight in the day's zone). */
export function onDay(instant: Date, day: DateTime): boolean {
  const t = instant.getTime();
  return t >= day.toMillis() && t < day.plus({ days: 1 }).toMillis();
}

/**
 * One block per stretch of busy time and caseworker: the same meeting in two of their calendars (or
 * two meetings that overlap) is shown once, from the first start to the last end.
 */
export function mergeBusy(busy: CalendarBusy[]): CalendarBusy[] {
  const sorted = [...busy].sort(
    (a, b) => a.caseworkerId.localeCompare(b.caseworkerId) || a.startsAt.getTime() - b.startsAt.getTime(),
  );
  const out: CalendarBusy[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last && last.caseworkerId === b.caseworkerId && b.startsAt.getTime() <= last.endsAt.getTime()) {
      if (b.endsAt > last.endsAt) last.endsAt = b.endsAt;
    } else out.push({ ...b });
  }
  return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
