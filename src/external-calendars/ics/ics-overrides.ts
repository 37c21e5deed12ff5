import ICAL from 'ical.js';
import { durationParts } from './ics-time';

/**
 * RECURRENCE-ID;RANGE=THISANDFUTURE (RFC 5545 3.2.13, 3.8.4.4): an override that moves the
 * occurrence it names and every later one of the series. The later occurrences move by the same
 * wall-clock shift as this one (its DTSTART minus its RECURRENCE-ID: a meeting moved from 09:00 to
 * 10:00 stays at 10:00 after a DST change, as the calendars that write it show it) and take its
 * length and its busy status. A later THISANDFUTURE override takes over from its own occurrence on.
 */

type Time = InstanceType<typeof ICAL.Time>;
type Duration = InstanceType<typeof ICAL.Duration>;

/**
 * How long each occurrence of an event lasts: whole days (all-day events), or exact ms plus, from a
 * DURATION's days and weeks, calendar days in the start's zone (RFC 5545 3.3.6, 3.8.5.3: a DTEND
 * gives every occurrence the same exact length, a DURATION the same nominal one).
 */
export type Length = { days: number } | { ms: number; nominalDays?: number };

export interface Timing {
  start: Time;
  length: Length;
}

export interface FutureShift {
  /** The RECURRENCE-ID's key (ics-busy.ts keyOf): from this occurrence of the series on. */
  from: number;
  /** Wall-clock shift in the series' zone, in seconds (whole days for an all-day series). */
  seconds: number;
  length: Length;
  busy: boolean;
}

export class FutureShifts {
  private readonly list: FutureShift[];
  /** The most any occurrence moves earlier (≤ 0) and later (≥ 0), in ms, and the longest length. */
  readonly earliestMs: number;
  readonly latestMs: number;

  constructor(list: FutureShift[]) {
    this.list = [...list].sort((a, b) => a.from - b.from);
    // A wall-clock shift is an hour more or less in elapsed time across a DST change.
    const slack = this.list.length > 0 ? DST_SLACK_MS : 0;
    this.earliestMs = Math.min(0, ...this.list.map((s) => s.seconds * 1000)) - slack;
    this.latestMs = Math.max(0, ...this.list.map((s) => s.seconds * 1000)) + slack;
  }

  get size(): number {
    return this.list.length;
  }

  /** The shift that applies to the occurrence with this key, if any. */
  at(key: number): FutureShift | null {
    let found: FutureShift | null = null;
    for (const shift of this.list) {
      if (shift.from > key) break;
      found = shift;
    }
    return found;
  }

  /** The longest length any shift gives, in ms. */
  longestMs(): number {
    return Math.max(0, ...this.list.map((s) => lengthMs(s.length)));
  }
}

/** A copy of the occurrence's start moved by the shift, in its zone's wall clock. */
export function shifted(start: Time, shift: FutureShift): Time {
  const moved = start.clone();
  if (shift.seconds !== 0) moved.addDuration(ICAL.Duration.fromSeconds(shift.seconds));
  return moved;
}

/** A RECURRENCE-ID's RANGE parameter (RANGE=THISANDPRIOR is deprecated and not read). */
export function isThisAndFuture(range: unknown): boolean {
  return typeof range === 'string' && range.toUpperCase() === 'THISANDFUTURE';
}

/** A DURATION's length: its days and weeks nominal, the rest exact (ics-time.ts durationParts). */
export function durationLength(duration: Duration): Length {
  const { days, ms } = durationParts(duration);
  return days === 0 ? { ms } : { ms, nominalDays: days };
}

/** About how long an occurrence lasts (a nominal day as 24 hours). */
export function lengthMs(length: Length): number {
  return 'ms' in length ? length.ms + (length.nominalDays ?? 0) * 86_400_000 : length.days * 86_400_000;
}

/** More than any DST change moves a wall clock (an hour; two in some zones' history). */
const DST_SLACK_MS = 3 * 3_600_000;
