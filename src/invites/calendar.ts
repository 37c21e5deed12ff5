import ical, { ICalCalendar, ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import type { Vtimezone } from './vtimezone';

/**
 * A calendar that embeds the given VTIMEZONEs. The calendar's own zone name stays null on
 * purpose: ical-generator formats DTSTAMP in the calendar's zone, and with a name set it writes
 * DTSTAMP as a local time without "Z", which RFC 5545 forbids.
 */
export function newCalendar(
  zones: readonly Vtimezone[],
  method: ICalCalendarMethod | null,
  name?: string,
): ICalCalendar {
  const components = new Map(zones.map((z) => [z.tzid, z.component]));
  return ical({
    prodId: { company: 'Samtal', product: 'Samtal', language: 'EN' },
    method,
    name: name ?? null,
    timezone: { name: null, generator: (tzid) => components.get(tzid) ?? null },
  });
}

/**
 * An instant as ical-generator needs it. A plain Date would be written in the *server's* local
 * time under TZID=…, so it goes in as a luxon DateTime already in the zone (or in UTC).
 */
export function zoned(instant: Date, zone: Vtimezone | null): DateTime {
  return DateTime.fromJSDate(instant, { zone: zone?.tzid ?? 'utc' });
}

export function assertEventTimes(start: Date, end: Date, sequence: number): void {
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()))
    throw new RangeError('start and end must be valid dates');
  if (end.getTime() <= start.getTime()) throw new RangeError('end must be after start');
  if (!Number.isInteger(sequence) || sequence < 0) throw new RangeError('sequence must be a non-negative integer');
}

/** ical-generator folds at 75 octets and ends lines with CRLF, but not the last one. */
export function serialize(calendar: ICalCalendar): string {
  return calendar.toString() + '\r\n';
}
