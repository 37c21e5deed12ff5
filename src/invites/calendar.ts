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

/**
 * ical-generator folds at 75 octets and ends lines with CRLF, but not the last one.
 *
 * Its fold (10.x) measures every character with `new TextEncoder().encode(ch).length`: an encoder
 * and a buffer per character, 80 % of building an invite and a share of every mail's CPU. For the
 * one synchronous call the global TextEncoder is an octet counter that gives the same lengths
 * without allocating (the same bytes out: see calendar.spec.ts). ical-generator 11 measures lines
 * itself, but needs Node 22; with it this goes.
 */
export function serialize(calendar: ICalCalendar): string {
  const encoder = globalThis.TextEncoder;
  globalThis.TextEncoder = OctetCounter as unknown as typeof TextEncoder;
  try {
    return calendar.toString() + '\r\n';
  } finally {
    globalThis.TextEncoder = encoder;
  }
}

/** What the fold asks of a TextEncoder: the UTF-8 length of one character (or surrogate pair). */
class OctetCounter {
  encode(text: string): { length: number } {
    if (text.length === 1) {
      const c = text.charCodeAt(0);
      if (c < 0x80) return ASCII;
      if (c < 0x800) return TWO;
    }
    return { length: Buffer.byteLength(text, 'utf8') };
  }
}

const ASCII = Object.freeze({ length: 1 });
const TWO = Object.freeze({ length: 2 });
