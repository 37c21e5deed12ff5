import ICAL from 'ical.js';
import { DAY } from '../../availability/engine/intervals';
import { ZoneOffsets } from '../../availability/engine/zone-offsets';

/**
 * Time for the ICS parser (ics-busy.ts): zones from the tz database as ical.js sees them, the
 * files' own VTIMEZONEs readied for the horizon, recurrence rules moved forward to it, and
 * wall-clock helpers.
 */

type Component = InstanceType<typeof ICAL.Component>;
type Time = InstanceType<typeof ICAL.Time>;
type Recur = InstanceType<typeof ICAL.Recur>;
type Duration = InstanceType<typeof ICAL.Duration>;

/** A zone from the tz database, as ical.js sees a zone: only the UTC offset of a wall-clock time. */
export class TzdbZone extends ICAL.Timezone {
  constructor(
    tzid: string,
    readonly offsets: ZoneOffsets,
  ) {
    super({ tzid });
  }

  override utcOffset(tt: Time): number {
    const local = localMs(tt);
    return (local - this.offsets.instantOf(local)) / 1000;
  }
}

const offsetCache = new Map<string, { from: number; to: number; offsets: ZoneOffsets }>();

/**
 * ZoneOffsets.around, remembered per zone (a sync asks for nearly the same horizon every time):
 * working it out for a year costs ~1 ms of luxon calls, a tenth of a typical parse.
 */
export function offsetsAround(iana: string, from: number, to: number): ZoneOffsets {
  const cached = offsetCache.get(iana);
  if (cached && cached.from <= from && cached.to >= to) return cached.offsets;
  // A little wider than asked, so that the next sync's horizon (a few minutes later) still fits.
  const entry = {
    from: from - 7 * DAY,
    to: to + 35 * DAY,
    offsets: ZoneOffsets.around(iana, from - 7 * DAY, to + 35 * DAY),
  };
  if (offsetCache.size >= 500) offsetCache.clear();
  offsetCache.set(iana, entry);
  return entry.offsets;
}

/**
 * Readies the file's VTIMEZONEs for the TZIDs only they can explain: drops ones without a usable
 * observance (then opts.timeZone applies), and starts yearly observances (Outlook's begin in 1601)
 * near the horizon, which gives the same transitions from there on without ical.js walking 400 years.
 */
export function prepareTimezones(calendar: Component, year: number): void {
  for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) {
    const observances = vtimezone
      .getAllSubcomponents()
      .filter((c) => (c.name === 'standard' || c.name === 'daylight') && c.hasProperty('dtstart'));
    const usable = observances.filter((c) => c.hasProperty('tzoffsetto') && c.hasProperty('tzoffsetfrom'));
    if (!vtimezone.hasProperty('tzid') || usable.length === 0) {
      calendar.removeSubcomponent(vtimezone);
      continue;
    }
    for (const observance of usable) {
      const rule = observance.getFirstPropertyValue('rrule') as Recur | null;
      const prop = observance.getFirstProperty('dtstart');
      const start = prop?.getFirstValue();
      if (!rule || !(start instanceof ICAL.Time) || start.year >= year) continue;
      if (rule.freq !== 'YEARLY' || (rule.interval ?? 1) !== 1 || rule.count) continue;
      if (rule.until && rule.until.year < year) continue;
      if (start.month === 2 && start.day === 29) continue;
      const moved = start.clone();
      moved.year = year;
      prop!.setValue(moved);
    }
  }
}

/**
 * The rule's start moved forward by whole periods to at or before `before` (a wall time, as local
 * epoch ms): the occurrences from there on are the same, and ical.js need not walk years of weekly
 * meetings to reach the horizon. Rules with COUNT stay (the count starts at DTSTART), and so do
 * monthly ones on days 29-31 and yearly ones on 29 February (not every period has that day).
 */
export function fastForward(start: Time, rule: Recur, before: number): Time {
  const interval = Math.max(1, rule.interval || 1);
  const startMs = localMs(start);
  if (before <= startMs) return start;
  const units: Record<string, number> = {
    SECONDLY: 1000,
    MINUTELY: 60_000,
    HOURLY: 3_600_000,
    DAILY: DAY,
    WEEKLY: 7 * DAY,
  };
  let target: Date;
  const unit = units[rule.freq];
  if (unit !== undefined) {
    const periods = Math.floor((before - startMs) / (unit * interval));
    if (periods <= 0) return start;
    target = new Date(startMs + periods * unit * interval);
  } else {
    const goal = new Date(before);
    const months = rule.freq === 'MONTHLY' ? 1 : 12;
    if (months === 1 && start.day > 28) return start;
    if (months === 12 && start.month === 2 && start.day === 29) return start;
    const elapsed = (goal.getUTCFullYear() - start.year) * 12 + goal.getUTCMonth() - (start.month - 1) - 1;
    // A monthly rule limited to some months (BYMONTH) moves by whole years: started in a month the
    // list leaves out, ical.js skips or invents occurrences.
    const step = months === 1 && Array.isArray(rule.parts.BYMONTH) ? lcm(interval, 12) : months * interval;
    const periods = Math.floor(elapsed / step);
    if (periods <= 0) return start;
    target = new Date(
      Date.UTC(start.year, start.month - 1 + periods * step, start.day, start.hour, start.minute, start.second),
    );
  }
  return new ICAL.Time(
    {
      year: target.getUTCFullYear(),
      month: target.getUTCMonth() + 1,
      day: target.getUTCDate(),
      hour: target.getUTCHours(),
      minute: target.getUTCMinutes(),
      second: target.getUTCSeconds(),
      isDate: start.isDate,
    },
    start.zone,
  );
}

function lcm(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return (a / x) * b;
}

/** Wall-clock digits as if they were UTC (the "local epoch ms" of zone-offsets.ts). */
export function localMs(t: Time): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}

export function dayKey(t: Time): number {
  return Date.UTC(t.year, t.month - 1, t.day);
}

/**
 * A DURATION as RFC 5545 3.3.6 means it: weeks and days are nominal (calendar days in the event's
 * zone: "P1D" from 10:00 the day before a DST change ends at 10:00, 23 hours later), hours, minutes
 * and seconds exact.
 */
export function durationParts(duration: Duration): { days: number; ms: number } {
  const sign = duration.isNegative ? -1 : 1;
  const days = duration.weeks * 7 + duration.days;
  const seconds = (duration.hours * 60 + duration.minutes) * 60 + duration.seconds;
  return { days: sign * days, ms: sign * seconds * 1000 };
}

export function resetCache(time: Time): void {
  (time as unknown as { _cachedUnixTime: number | null })._cachedUnixTime = null;
}
