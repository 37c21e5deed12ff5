import type { Mode } from '../../common/mode';

export type { Mode };

export interface WorkingHoursRule {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Wall clock "HH:mm" in the calendar's zone. */
  start: string;
  /** Wall clock "HH:mm"; "24:00" is the end of the day. */
  end: string;
  modes: readonly Mode[];
}

/** Epoch milliseconds, half-open [start, end). */
export interface Interval {
  start: number;
  end: number;
}

/** A meeting type's timing rules, all in whole minutes (horizon in days of 24 real hours). */
export interface SlotRules {
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  slotStepMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
}

export interface CalendarInput {
  /** IANA zone of the caseworker's working hours. */
  timeZone: string;
  workingHours: readonly WorkingHoursRule[];
  /** In any order. */
  absences: readonly Interval[];
  /** Buffered ranges of held and confirmed appointments (their buffers included), in any order. */
  busy: readonly Interval[];
}

export interface SlotSearch {
  rules: SlotRules;
  mode: Mode;
  /** Slots whose start lies in [from, to). */
  from: number;
  to: number;
  now: number;
  /** Staff bookings skip minimum notice and the horizon, but never book in the past. */
  ignoreNoticeAndHorizon?: boolean;
}

/** The meeting itself, without its buffers. */
export interface Slot {
  start: number;
  end: number;
}

export type SlotRejection =
  'IN_PAST' | 'TOO_SOON' | 'TOO_FAR' | 'OUTSIDE_HOURS' | 'MODE_NOT_ALLOWED' | 'OFF_GRID' | 'ABSENCE' | 'BUSY';

export interface TeamMember {
  caseworkerId: string;
  calendar: CalendarInput;
}

export interface TeamSlot extends Slot {
  /** The caseworkers free for exactly this slot, in the members' order. */
  caseworkerIds: string[];
}
