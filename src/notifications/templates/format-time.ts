/**
 * Times for a mail, always in the unit's zone and with the zone named, because the client may read
 * the mail somewhere else: "Tuesday, 1 December 2026, 09:00–09:45 (Central European Time /
 * Europe/Stockholm)". Intl writes the date the way the language does.
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
  const fromDate = longDate(start, timeZone, words.tag);
  const toDate = longDate(end, timeZone, words.tag);
  // The long date names year, month and day: the same words are the same day in the zone.
  const range =
    fromDate === toDate
      ? `${fromDate}, ${words.timeRange(clock(start, timeZone, words.tag), clock(end, timeZone, words.tag))}`
      : `${fromDate}, ${words.clockTime(clock(start, timeZone, words.tag))} – ${toDate}, ${words.clockTime(clock(end, timeZone, words.tag))}`;
  return `${range} (${zoneName(start, timeZone, words.tag)} / ${timeZone})`;
}

/** A start on its own, next to a formatWhen that already names the zone: the old time of a rescheduled appointment. */
export function formatStart(start: Date, timeZone: string, words: TimeWords): string {
  return `${longDate(start, timeZone, words.tag)}, ${words.clockTime(clock(start, timeZone, words.tag))}`;
}

/** The day alone, in the zone: "Tuesday, 2 March 2027". */
export function formatDate(instant: Date, timeZone: string, words: TimeWords): string {
  return longDate(instant, timeZone, words.tag);
}

/** Just the clock time in the zone, "14:30". */
export function formatClock(instant: Date, timeZone: string, tag: string): string {
  return clock(instant, timeZone, tag);
}

const LONG_DATE: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const ZONE_NAME: Intl.DateTimeFormatOptions = { timeZoneName: 'longGeneric' };

/**
 * Building an Intl.DateTimeFormat costs about a millisecond, more than the rest of a mail's times,
 * and going through luxon asked Intl for the zone's offset several times a time (a tenth of a mail's
 * CPU): one format per kind, language and zone is kept (a handful in any deployment), and it is
 * what luxon's toLocaleString used underneath (format-time.spec.ts compares the two).
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function format(kind: string, options: Intl.DateTimeFormatOptions, timeZone: string, tag: string): Intl.DateTimeFormat {
  const key = `${kind} ${tag} ${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(tag, { ...options, timeZone });
    } catch (e) {
      throw new RangeError(`Cannot show a time in "${timeZone}": ${(e as Error).message}`, { cause: e });
    }
    formats.set(key, f);
  }
  return f;
}

function longDate(instant: Date, timeZone: string, tag: string): string {
  return format('date', LONG_DATE, timeZone, tag).format(instant);
}

function clock(instant: Date, timeZone: string, tag: string): string {
  return format('clock', CLOCK, timeZone, tag).format(instant);
}

/** The zone's generic name in the language ("Central European Time", "centraleuropeisk tid"). */
function zoneName(instant: Date, timeZone: string, tag: string): string {
  const parts = format('zone', ZONE_NAME, timeZone, tag).formatToParts(instant);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}
