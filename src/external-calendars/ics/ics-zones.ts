import ICAL from 'ical.js';
import { DAY } from '../../availability/engine/intervals';
import { Length } from './ics-overrides';
import { dayKey, localMs, offsetsAround, resetCache, TzdbZone } from './ics-time';
import { FileZones, resolveTzid } from './windows-zones';

type Component = InstanceType<typeof ICAL.Component>;
type Property = InstanceType<typeof ICAL.Property>;
type Time = InstanceType<typeof ICAL.Time>;

/**
 * Which zone the times of a document are in, and the instants they stand for (ics-busy.ts): the
 * caseworker's zone, the zone of the calendar being read (its floating times, its VTIMEZONEs) and
 * the tz database's zones, each worked out once over the horizon.
 */
export class Clock {
  private readonly zones = new Map<string, TzdbZone>();
  /** The caseworker's zone (IcsBusyOptions.timeZone). */
  readonly home: TzdbZone;
  /**
   * The zone floating times are read in: the calendar's X-WR-TIMEZONE when it names a zone, else the
   * caseworker's. The header is not standard, but Google and Apple write it as the zone the
   * calendar is kept in, and Apple's floating times mean that zone's wall clock: its owner sees them
   * there, and a caseworker whose calendar is kept in their own zone (the usual case) sees no
   * difference. Only floating times: a UTC time is an instant (RFC 5545 3.3.5) and stays one, so a
   * series with a UTC DTSTART recurs every 24 hours in UTC. python-recurring-ical-events (through
   * x_wr_timezone) instead moves UTC times into the zone, so that such a series recurs on its wall
   * clock; but Google writes recurring events with a TZID (their UTC times are single events, whose
   * instant does not change), and nothing in a UTC time says which wall clock its producer meant.
   * All-day events stay in the caseworker's days (a day off is a day off in their zone).
   */
  get floating(): TzdbZone {
    return this.floatingZone;
  }
  private floatingZone: TzdbZone;
  /** The VCALENDAR being read, and which of its VTIMEZONEs govern their TZIDs. */
  private calendar: { component: Component; zones: FileZones } | null = null;

  constructor(
    timeZone: string,
    private readonly from: number,
    private readonly to: number,
  ) {
    this.home = this.zone(timeZone);
    this.floatingZone = this.home;
  }

  /** From now on, times are read in this calendar, with its X-WR-TIMEZONE (as written, if any). */
  readCalendar(calendar: { component: Component; zones: FileZones }, xWrTimezone: string | null): void {
    this.calendar = calendar;
    this.readFloating(xWrTimezone);
  }

  /** Floating times from now on in the zone an X-WR-TIMEZONE names (see `floating`). */
  readFloating(xWrTimezone: string | null): void {
    this.floatingZone = this.calendarZone(xWrTimezone);
  }

  /**
   * A property's time in the zone it means. A TZID we can name (IANA, Windows, prefixed IANA) is
   * read from the tz database, which is current and fast (ical.js expands Outlook's VTIMEZONEs from
   * 1601 on every parse: 0.1-0.3 s per zone). The file's own VTIMEZONE serves TZIDs we cannot name
   * (Outlook's "Customized Time Zone"); anything else is in the caseworker's zone, and floating times in `floating`.
   */
  zoned(time: Time, prop: Property): Time {
    if (time.isDate || time.zone === ICAL.Timezone.utcTimezone) return time;
    const tzid = prop.getParameter('tzid');
    const own = typeof tzid === 'string' ? this.calendar?.zones.governing(tzid) : null;
    const iana = typeof tzid === 'string' && !own ? resolveTzid(tzid) : null;
    let zone: InstanceType<typeof ICAL.Timezone> | null = null;
    if (own) zone = this.calendar!.component.getTimeZoneByID(own) ?? this.home;
    else if (iana !== null) zone = this.zone(iana);
    else if (typeof tzid !== 'string') zone = this.floating;
    else if (time.zone === ICAL.Timezone.localTimezone) zone = this.home;
    if (zone !== null && zone !== time.zone) {
      time.zone = zone;
      resetCache(time);
    }
    return time;
  }

  /** The zone a calendar's X-WR-TIMEZONE names, or the caseworker's (see `floating`). */
  private calendarZone(name: string | null): TzdbZone {
    const iana = name ? resolveTzid(name) : null;
    return iana === null ? this.home : this.zone(iana);
  }

  zone(iana: string): TzdbZone {
    let zone = this.zones.get(iana);
    if (!zone) {
      zone = new TzdbZone(iana, offsetsAround(iana, this.from - DAY, this.to + DAY));
      this.zones.set(iana, zone);
    }
    return zone;
  }

  /** The instant an occurrence starts: all-day ones at local midnight in opts.timeZone. */
  startOf(time: Time): number {
    if (time.isDate) return this.home.offsets.instantOf(Date.UTC(time.year, time.month - 1, time.day));
    if (time.zone instanceof TzdbZone) return time.zone.offsets.instantOf(localMs(time));
    return time.toUnixTime() * 1000;
  }

  endOf(start: Time, begin: number, length: Length): number {
    if ('ms' in length && !length.nominalDays) return begin + length.ms;
    if ('ms' in length) {
      // A DURATION's days on the start's wall clock, then its exact part.
      const later = start.clone();
      later.adjust(length.nominalDays!, 0, 0, 0);
      resetCache(later);
      return this.startOf(later) + length.ms;
    }
    return this.home.offsets.instantOf(Date.UTC(start.year, start.month - 1, start.day + length.days));
  }

  /**
   * Where the wall clock of `series`'s zone stands when `time` begins, as local epoch ms: a
   * THISANDFUTURE move is a wall-clock one in the series' zone (28 March 10:00 CET to 30 March 10:00
   * CEST is two days, not 47 hours), which later occurrences repeat on their own wall clock.
   */
  wallIn(series: Time, time: Time): number {
    if (time.zone === series.zone) return localMs(time);
    const instant = this.startOf(time);
    if (series.zone instanceof TzdbZone) return series.zone.offsets.localOf(instant);
    if (series.zone === ICAL.Timezone.utcTimezone) return instant;
    // A zone only the file's VTIMEZONE explains: ical.js converts.
    const converted = time.convertToZone(series.zone);
    return localMs(converted);
  }

  /** What identifies an occurrence of a series: its instant, or its local date for all-day ones. */
  keyOf(time: Time, seriesIsDate: boolean): number {
    return seriesIsDate ? dayKey(time) : this.startOf(time);
  }
}
