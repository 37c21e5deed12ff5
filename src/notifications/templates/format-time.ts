import { DateTime } from 'luxon';

/**
 * Times for a mail, always in the unit's zone and with the zone named, because the client may read
 * the mail somewhere else: "Tuesday, 1 December 2026, 09:00–09:45 (Central European Time /
 * Europe/Stockholm)". Intl (through luxon) writes the date the way the language does.
 */
export interface TimeWords {
  /** BCP 47 tag for Intl, e.g. 'sv-SE'. */
  tag: string;
  /** How the language writes a clock time: "09:00", "kl. 09:00", "09:00 Uhr". */
  clockTime(time: string): string;
  /** And a range of them: "09:00–09:45", "kl. 09:00–09:45", "09:00–09:45 Uhr". */
  timeRange(from: string, to: string): string;
}

export function formatWhen(start: Date, end: Date, timeZone: string, words: TimeWords): string {
  const from = inZone(start, timeZone, words.tag);
  const to = inZone(end, timeZone, words.tag);
  const range = from.hasSame(to, 'day')
    ? `${longDate(from)}, ${words.timeRange(clock(from), clock(to))}`
    : `${longDate(from)}, ${words.clockTime(clock(from))} – ${longDate(to)}, ${words.clockTime(clock(to))}`;
  return `${range} (${zoneName(start, timeZone, words.tag)} / ${timeZone})`;
}

/** A start on its own, next to a formatWhen that already names the zone: the old time of a rescheduled appointment. */
export function formatStart(start: Date, timeZone: string, words: TimeWords): string {
  const at = inZone(start, timeZone, words.tag);
  return `${longDate(at)}, ${words.clockTime(clock(at))}`;
}

/** The day alone, in the zone: "Tuesday, 2 March 2027". */
export function formatDate(instant: Date, timeZone: string, words: TimeWords): string {
  return longDate(inZone(instant, timeZone, words.tag));
}

/** Just the clock time in the zone, "14:30". */
export function formatClock(instant: Date, timeZone: string, tag: string): string {
  return clock(inZone(instant, timeZone, tag));
}

function inZone(instant: Date, timeZone: string, tag: string): DateTime {
  const at = DateTime.fromJSDate(instant, { zone: timeZone }).setLocale(tag);
  if (!at.isValid)
    throw new RangeError(`Cannot show a time in "${timeZone}": ${at.invalidExplanation ?? at.invalidReason}`);
  return at;
}

function longDate(at: DateTime): string {
  return at.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

function clock(at: DateTime): string {
  return at.toLocaleString({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/**
 * Building an Intl.DateTimeFormat costs about a millisecond, more than the rest of a mail's times:
 * one per language and zone is kept (a handful in any deployment).
 */
const zoneNameFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's generic name in the language ("Central European Time", "centraleuropeisk tid"). */
function zoneName(instant: Date, timeZone: string, tag: string): string {
  const key = `${tag} ${timeZone}`;
  let format = zoneNameFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(tag, { timeZone, timeZoneName: 'longGeneric' });
    zoneNameFormats.set(key, format);
  }
  const parts = format.formatToParts(instant);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}
