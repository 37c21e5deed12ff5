import ICAL from 'ical.js';
import { DAY } from '../../availability/engine/intervals';
import { EventView, QuickEvent, RawProp, splitDocument } from './ics-document';
import { isBusy, ownerAddress, rawProp, textOf, valuesOf, viewOf } from './ics-busy-status';
import { expandRule, StepBudget, STEPS_PER_DOCUMENT } from './ics-recurrence';
import {
  durationLength,
  FutureShift,
  FutureShifts,
  isThisAndFuture,
  Length,
  lengthMs,
  shifted,
  Timing,
} from './ics-overrides';
import { dayKey, localMs, prepareTimezones, TzdbZone } from './ics-time';
import { Clock } from './ics-zones';
import { FileZones, resolveTzid } from './windows-zones';

type Component = InstanceType<typeof ICAL.Component>;
type Property = InstanceType<typeof ICAL.Property>;
type Time = InstanceType<typeof ICAL.Time>;
type Recur = InstanceType<typeof ICAL.Recur>;
type Duration = InstanceType<typeof ICAL.Duration>;

/** One busy stretch: only the event's UID (a series keeps its UID on every occurrence) and its times. */
export interface BusyEvent {
  uid: string;
  start: Date;
  end: Date;
}

export interface IcsBusyOptions {
  /** The horizon: occurrences overlapping [from, to) only, clipped to it. */
  from: Date;
  to: Date;
  /**
   * IANA zone of the caseworker: for all-day (DATE) events, TZIDs we don't know and floating times
   * (those in a calendar with a usable X-WR-TIMEZONE are read in that zone instead).
   */
  timeZone: string;
  /** Samtal's own events (UID `<appointment uuid>@<host>`): dropped, they block slots already. */
  isOwnUid?: (uid: string) => boolean;
  /** Cap on occurrences returned (default 20000): the earliest ones are kept. */
  maxEvents?: number;
}

/** The text is not iCalendar at all (an HTML login page, an error text, nothing). */
export class IcsParseError extends Error {
  constructor(message = 'The calendar is not in iCalendar format') {
    super(message);
    this.name = 'IcsParseError';
  }
}

const DEFAULT_MAX_EVENTS = 20_000;

/**
 * The busy time in an iCalendar document (an Outlook/Exchange, Google or Nextcloud subscription feed):
 * VEVENTs that are not cancelled, free or transparent, recurring ones expanded over the horizon with
 * their EXDATEs and RECURRENCE-ID overrides, as [start, end) instants sorted by start. Nothing else of
 * an event (title, description, location, attendees) leaves this function.
 */
export function busyFromIcs(text: string, opts: IcsBusyOptions): BusyEvent[] {
  if (typeof text !== 'string' || !/BEGIN:VCALENDAR/i.test(text)) throw new IcsParseError();
  const document = splitDocument(text);
  if (document.calendars === 0) throw new IcsParseError();
  // With every event read by the pre-pass (one CalDAV object, most feeds' single events), what is
  // left for ical.js is only the calendar's frame: nothing to parse.
  const calendars = document.complex > 0 ? parseCalendars(document.icalText) : [];
  const from = opts.from.getTime();
  const to = opts.to.getTime();
  if (!(from < to)) return [];
  const expansion = new Expansion(opts, from, to);
  for (const event of document.quick) expansion.addQuick(event, document.fileZones);
  for (const calendar of calendars) expansion.addCalendar(calendar);
  return expansion.result();
}

function parseCalendars(text: string): Component[] {
  let jcal: unknown;
  try {
    jcal = ICAL.parse(text);
  } catch {
    throw new IcsParseError();
  }
  const list = (Array.isArray(jcal) && typeof jcal[0] === 'string' ? [jcal] : jcal) as unknown[];
  const calendars = (Array.isArray(list) ? list : [])
    .filter((j): j is unknown[] => Array.isArray(j) && j[0] === 'vcalendar')
    .map((j) => new ICAL.Component(j));
  if (calendars.length === 0) throw new IcsParseError();
  return calendars;
}

class Expansion {
  private readonly out: BusyEvent[] = [];
  private readonly clock: Clock;
  private readonly maxEvents: number;
  private readonly steps: StepBudget = { left: STEPS_PER_DOCUMENT };

  constructor(
    private readonly opts: IcsBusyOptions,
    private readonly from: number,
    private readonly to: number,
  ) {
    this.clock = new Clock(opts.timeZone, from, to);
    this.maxEvents = Math.max(0, opts.maxEvents ?? DEFAULT_MAX_EVENTS);
  }

  addCalendar(calendar: Component): void {
    prepareTimezones(calendar, new Date(this.from).getUTCFullYear() - 1);
    const fileZones = new FileZones(
      calendar.getAllSubcomponents('vtimezone').map((z) => textOf(viewOf(z), 'tzid') ?? ''),
    );
    this.clock.readCalendar({ component: calendar, zones: fileZones }, textOf(viewOf(calendar), 'x-wr-timezone'));
    const owner = ownerAddress(calendar);
    const masters: [string, Component][] = [];
    const overrides = new Map<string, Component[]>();
    for (const event of calendar.getAllSubcomponents('vevent')) {
      const uid = textOf(viewOf(event), 'uid') ?? '';
      if (uid !== '' && this.opts.isOwnUid?.(uid)) continue;
      if (rawProp(event, 'recurrence-id')) {
        const list = overrides.get(uid) ?? [];
        list.push(event);
        overrides.set(uid, list);
      } else masters.push([uid, event]);
    }
    const seriesLength = new Map<string, Length>();
    for (const [uid, master] of masters) {
      if (!rawProp(master, 'rrule') && !rawProp(master, 'rdate') && !overrides.has(uid)) {
        // Most events: one occurrence, read straight from the parsed values (no ical.js objects).
        if (this.guarded(() => this.addSingle(uid, viewOf(master), owner, fileZones))) continue;
      }
      const length = this.guarded(() => this.addSeries(uid, master, overrides.get(uid) ?? [], owner));
      if (length) seriesLength.set(uid, length);
    }
    // An override stands on its own (a moved occurrence is busy at its new time only, and may have
    // been moved into the horizon from outside it); its RECURRENCE-ID only removed the original.
    for (const [uid, list] of overrides) {
      for (const event of list) {
        this.guarded(() => {
          if (this.addSingle(uid, viewOf(event), owner, fileZones, seriesLength.get(uid))) return;
          const timing = this.timing(event, seriesLength.get(uid));
          if (timing && isBusy(viewOf(event), owner)) this.addOccurrences(uid || syntheticUid(timing), timing);
        });
      }
    }
  }

  /** An event the pre-pass read (one occurrence, a zone we know). */
  addQuick(event: QuickEvent, fileZones: FileZones): void {
    const uid = textOf(event.view, 'uid') ?? '';
    if (uid !== '' && this.opts.isOwnUid?.(uid)) return;
    this.clock.readFloating(event.calendarZone);
    this.guarded(() => this.addSingle(uid, event.view, event.owner, fileZones));
  }

  /**
   * A single occurrence from the parsed (jCal) values; false when it needs ical.js after all (a TZID
   * that only the file's VTIMEZONE explains, or a value we don't read here).
   */
  private addSingle(
    uid: string,
    event: EventView,
    owner: string | null,
    fileZones: FileZones,
    fallback?: Length,
  ): boolean {
    const start = this.quickTime(event.first('dtstart'), fileZones);
    if (start === undefined) return false;
    if (start === null) return true; // no DTSTART: not an event we can place
    const endProp = event.first('dtend');
    const end = endProp ? this.quickTime(endProp, fileZones) : null;
    if (end === undefined) return false;
    const durationText = event.first('duration')?.[3];
    const duration = typeof durationText === 'string' ? ICAL.Duration.fromString(durationText) : null;
    if (!isBusy(event, owner)) return true;
    let from: number;
    let to: number;
    if (start.date !== null) {
      let days = 1;
      if (end) days = ((end.date ?? Math.floor(end.local / DAY) * DAY) - start.date) / DAY;
      else if (duration) days = Math.round(duration.toSeconds() / 86_400);
      else if (fallback && 'days' in fallback) days = fallback.days;
      days = Math.max(1, Math.round(days));
      from = start.ms;
      to = this.clock.home.offsets.instantOf(start.date + days * DAY);
    } else {
      from = start.ms;
      const length: Length | undefined = duration ? durationLength(duration) : fallback;
      if (end) to = end.ms;
      else if (length && 'ms' in length) {
        // Nominal days on the start's wall clock (UTC's for a time in UTC), then the exact part.
        const later = start.local + (length.nominalDays ?? 0) * DAY;
        to = (start.zone ? start.zone.offsets.instantOf(later) : later) + length.ms;
      } else if (length) to = from + length.days * DAY;
      else to = from;
    }
    if (to > from) this.add(uid || `no-uid-${start.local}`, from, to);
    return true;
  }

  /**
   * A DTSTART-like jCal property as an instant (and its local date for DATE values); null when
   * absent, undefined when ical.js must read it (a TZID only the file's VTIMEZONE explains).
   */
  private quickTime(
    prop: RawProp | undefined,
    fileZones: FileZones,
  ): { ms: number; local: number; date: number | null; zone: TzdbZone | null } | null | undefined {
    if (!prop) return null;
    const value = prop[3];
    const m = typeof value === 'string' ? JCAL_TIME.exec(value) : null;
    if (!m) return undefined;
    const [, y, mo, d, h, mi, sec, z] = m;
    if (h === undefined) {
      const date = Date.UTC(+y, +mo - 1, +d);
      return { ms: this.clock.home.offsets.instantOf(date), local: date, date, zone: this.clock.home };
    }
    const local = Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec);
    if (z) return { ms: local, local, date: null, zone: null };
    const tzid = prop[1].tzid;
    if (typeof tzid !== 'string') {
      return { ms: this.clock.floating.offsets.instantOf(local), local, date: null, zone: this.clock.floating };
    }
    if (fileZones.governing(tzid) !== null) return undefined;
    const iana = resolveTzid(tzid);
    const zone = iana === null ? this.clock.home : this.clock.zone(iana);
    return { ms: zone.offsets.instantOf(local), local, date: null, zone };
  }

  result(): BusyEvent[] {
    const seen = new Set<string>();
    return this.out
      .sort((a, b) => a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime() || cmp(a.uid, b.uid))
      .filter((e) => {
        const key = `${e.start.getTime()} ${e.end.getTime()} ${e.uid}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .slice(0, this.maxEvents);
  }

  /** Runs one event's expansion; an event ical.js cannot read is skipped, not the whole calendar. */
  private guarded<T>(work: () => T): T | undefined {
    try {
      return work();
    } catch (e) {
      // ical.js refusing a value ("invalid date-time", an RRULE it cannot read).
      if (e instanceof Error) return undefined;
      throw e;
    }
  }

  /** Adds a master event's occurrences; returns their length (for overrides without an end). */
  private addSeries(uid: string, master: Component, overrides: Component[], owner: string | null): Length | null {
    const timing = this.timing(master);
    if (!timing) return null;
    if (!isBusy(viewOf(master), owner)) return timing.length;
    const isDate = timing.start.isDate;
    const skip = new Set<number>();
    const skipDays = new Set<number>(); // EXDATE;VALUE=DATE on a DATE-TIME series: the whole local day
    // A RECURRENCE-ID or EXDATE that cannot be read is ignored: the series stays (an override then
    // only adds its own time), rather than ical.js's error dropping the whole series.
    const exclude = (prop: Property) => {
      for (const value of valuesOf(prop)) {
        if (!(value instanceof ICAL.Time)) continue;
        const time = this.clock.zoned(value, prop);
        if (time.isDate && !isDate) skipDays.add(dayKey(time));
        else skip.add(this.clock.keyOf(time, isDate));
      }
    };
    const shifts: FutureShift[] = [];
    for (const override of overrides) {
      const prop = override.getFirstProperty('recurrence-id');
      if (!prop) continue;
      exclude(prop);
      if (isThisAndFuture(prop.getParameter('range'))) {
        const shift = this.guarded(() => this.futureShift(override, prop, timing, owner));
        if (shift) shifts.push(shift);
      }
    }
    const future = new FutureShifts(shifts);
    for (const prop of master.getAllProperties('exdate')) exclude(prop);
    const id = uid || syntheticUid(timing);
    const rules = master.getAllProperties('rrule');
    const rdates = master.getAllProperties('rdate');
    const seen = new Set<number>();
    let count = 0;
    /** Adds one occurrence unless excluded; false once the series is past the horizon or the cap. */
    const occurrence = (start: Time, length = timing.length): boolean => {
      let begin = this.clock.startOf(start);
      if (begin + future.earliestMs >= this.to) return false;
      const key = this.clock.keyOf(start, isDate);
      if (seen.has(key) || skip.has(key) || (skipDays.size > 0 && skipDays.has(dayKey(start)))) return true;
      seen.add(key);
      const shift = future.size > 0 ? future.at(key) : null;
      if (shift !== null) {
        if (!shift.busy) return true;
        start = shifted(start, shift);
        begin = this.clock.startOf(start);
        length = shift.length;
      }
      if (this.add(id, begin, this.clock.endOf(start, begin, length))) count++;
      return count < this.maxEvents;
    };
    // DTSTART is always the first occurrence (RFC 5545 3.8.5.3), whether or not the rule matches it.
    occurrence(timing.start);
    for (const prop of rules) {
      const rule = prop.getFirstValue() as Recur;
      // Occurrences that start before this end before the horizon (moved and lengthened by a
      // THISANDFUTURE override included): the rule may start near it.
      const reach = Math.max(lengthMs(timing.length), future.longestMs()) + future.latestMs + 2 * DAY;
      expandRule(rule, timing.start, this.from - reach, this.steps, occurrence);
    }
    for (const prop of rdates) {
      for (const value of valuesOf(prop)) {
        if (value instanceof ICAL.Period) {
          const start = this.clock.zoned(value.start, prop);
          const end = value.end ? this.clock.zoned(value.end, prop) : null;
          occurrence(
            start,
            end ? { ms: this.clock.startOf(end) - this.clock.startOf(start) } : durationLength(value.duration),
          );
        } else occurrence(this.clock.zoned(value as Time, prop));
      }
    }
    return timing.length;
  }

  /** What a RANGE=THISANDFUTURE override does to the occurrences from the one it names on. */
  private futureShift(override: Component, prop: Property, series: Timing, owner: string | null): FutureShift | null {
    const id = valuesOf(prop)[0];
    const own = this.timing(override, series.length);
    if (!(id instanceof ICAL.Time) || !own) return null;
    const original = this.clock.zoned(id, prop);
    const isDate = series.start.isDate;
    const seconds = isDate
      ? ((dayKey(own.start) - dayKey(original)) / DAY) * 86_400
      : (this.clock.wallIn(original, own.start) - localMs(original)) / 1000;
    return {
      from: this.clock.keyOf(original, isDate),
      seconds,
      length: own.length,
      busy: isBusy(viewOf(override), owner),
    };
  }

  /** Adds [start, end) clipped to the horizon; false when nothing of it is inside. */
  private add(uid: string, start: number, end: number): boolean {
    const s = Math.max(start, this.from);
    const e = Math.min(end, this.to);
    if (e <= s) return false;
    this.out.push({ uid, start: new Date(s), end: new Date(e) });
    return true;
  }

  /** A single (non-recurring or override) event's occurrence. */
  private addOccurrences(uid: string, timing: Timing): void {
    const begin = this.clock.startOf(timing.start);
    this.add(uid, begin, this.clock.endOf(timing.start, begin, timing.length));
  }

  /** Start and length of an event; null without DTSTART or when it lasts no time at all. */
  private timing(event: Component, fallback?: Length): Timing | null {
    const startProp = event.getFirstProperty('dtstart');
    const start = startProp && this.timeOf(startProp);
    if (!start) return null;
    const endProp = event.getFirstProperty('dtend');
    const end = endProp && this.timeOf(endProp);
    const duration = event.getFirstPropertyValue('duration') as Duration | null;
    if (start.isDate) {
      let days = 1;
      if (end) days = Math.round((dayKey(end) - dayKey(start)) / DAY);
      else if (duration) days = Math.round(duration.toSeconds() / 86_400);
      else if (fallback && 'days' in fallback) days = fallback.days;
      // DTEND equal to DTSTART (seen in the wild) is shown as one day by the calendars that write it.
      return { start, length: { days: Math.max(1, days) } };
    }
    let length: Length = { ms: 0 };
    if (end) length = { ms: this.clock.startOf(end) - this.clock.startOf(start) };
    else if (duration) length = durationLength(duration);
    else if (fallback) length = 'ms' in fallback ? fallback : { ms: fallback.days * DAY };
    return lengthMs(length) > 0 ? { start, length } : null;
  }

  /** The first value of a DTSTART-like property, in the zone it means. */
  private timeOf(prop: Property): Time | null {
    const value = prop.getFirstValue();
    return value instanceof ICAL.Time ? this.clock.zoned(value, prop) : null;
  }
}

/** jCal's DATE ("2027-03-10") and DATE-TIME ("2027-03-10T12:00:00", "…Z") values. */
const JCAL_TIME = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d):(\d\d)(Z)?)?$/;

/** An event without a UID (invalid, but seen) is named by when it starts. */
function syntheticUid(timing: Timing): string {
  return `no-uid-${timing.start.toString()}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
