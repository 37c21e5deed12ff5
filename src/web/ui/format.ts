import { DateTime } from 'luxon';
import { INTL_LOCALES, Translate } from '../i18n';
import type { Locale } from '../i18n';

/**
 * Dates and weeks for the pages, always in the unit's zone (the office is where the meeting is;
 * a client abroad still sees office time, and the page says which zone that is). Pure: `now` is
 * an argument.
 */

export function inZone(instant: string | Date, zone: string, locale: Locale): DateTime {
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant, { zone }) : DateTime.fromJSDate(instant, { zone });
  return dt.setLocale(INTL_LOCALES[locale]);
}

/** "Tuesday, 2 March 2027" / "tisdag 2 mars 2027" / "Dienstag, 2. März 2027". */
export function formatDate(instant: string | Date, zone: string, locale: Locale): string {
  return inZone(instant, zone, locale).toLocaleString({
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

/** 24-hour clock in all three languages: "09:00". */
export function formatTime(instant: string | Date, zone: string, locale: Locale): string {
  return inZone(instant, zone, locale).toFormat('HH:mm');
}

export function formatDateTime(instant: string | Date, zone: string, locale: Locale, t: Translate): string {
  return t('common.dateTime', { date: formatDate(instant, zone, locale), time: formatTime(instant, zone, locale) });
}

export function formatRange(start: string, end: string, zone: string, locale: Locale, t: Translate): string {
  return t('common.timeRange', {
    date: formatDate(start, zone, locale),
    start: formatTime(start, zone, locale),
    end: formatTime(end, zone, locale),
  });
}

/** "Central European Time (Europe/Stockholm)", named in the reader's language. */
export function zoneLabel(zone: string, locale: Locale): string {
  const name = new Intl.DateTimeFormat(INTL_LOCALES[locale], { timeZone: zone, timeZoneName: 'longGeneric' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName')?.value;
  return name && name !== zone ? `${name} (${zone})` : zone;
}

/**
 * The Monday 00:00 (in the unit's zone) of the week to show. `param` is the `?week=` value; a
 * missing or malformed one, or one before this week, gives this week. Luxon weeks are ISO weeks,
 * so they start on Monday in every locale.
 */
export function weekStart(now: Date, zone: string, param?: unknown): DateTime {
  const current = DateTime.fromJSDate(now, { zone }).startOf('week');
  if (typeof param !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(param)) return current;
  const asked = DateTime.fromISO(param, { zone });
  if (!asked.isValid) return current;
  const monday = asked.startOf('week');
  return monday < current ? current : monday;
}

export interface WeekView {
  /** `?week=` value of this week, the previous (null when it is in the past) and the next. */
  week: string;
  prev: string | null;
  next: string | null;
  from: string;
  to: string;
  label: string;
}

/**
 * The query range and navigation of one week; `to` is the next Monday 00:00, so DST weeks are 167 or
 * 169 hours. `horizonDays` is the meeting type's: slots start before now + horizon, so a next week
 * that begins at or after it can hold none and gets no link (a client clicking "Next week" would
 * otherwise walk through empty weeks being told to try the next one).
 */
export function weekView(
  monday: DateTime,
  now: Date,
  zone: string,
  locale: Locale,
  t: Translate,
  horizonDays = 364,
): WeekView {
  const current = DateTime.fromJSDate(now, { zone }).startOf('week');
  const next = monday.plus({ weeks: 1 });
  const horizon = DateTime.fromJSDate(now, { zone }).plus({ days: horizonDays });
  const sunday = monday.plus({ days: 6 }).setLocale(INTL_LOCALES[locale]);
  const fmt = (d: DateTime) => d.setLocale(INTL_LOCALES[locale]).toLocaleString({ day: 'numeric', month: 'long' });
  return {
    week: monday.toISODate()!,
    prev: monday > current ? monday.minus({ weeks: 1 }).toISODate() : null,
    next: next < horizon ? next.toISODate() : null,
    from: monday.toISO()!,
    to: next.toISO()!,
    label: t('common.weekOf', { week: monday.weekNumber, from: fmt(monday), to: fmt(sunday) }),
  };
}

export interface DaySlots {
  date: string;
  heading: string;
  slots: Array<{ startsAt: string; time: string }>;
}

/** Slots grouped by their local date, in order; days without slots are left out. */
export function groupByDay(slots: Array<{ startsAt: string }>, zone: string, locale: Locale): DaySlots[] {
  const days = new Map<string, DaySlots>();
  for (const s of [...slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const local = inZone(s.startsAt, zone, locale);
    const date = local.toISODate()!;
    if (!days.has(date))
      days.set(date, {
        date,
        heading: local.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' }),
        slots: [],
      });
    days.get(date)!.slots.push({ startsAt: new Date(s.startsAt).toISOString(), time: local.toFormat('HH:mm') });
  }
  return [...days.values()];
}

/** A strict instant from a query or form value; anything else is null. */
export function parseInstant(v: unknown): string | null {
  if (
    typeof v !== 'string' ||
    v.length > 40 ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(v)
  )
    return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The local calendar date of an instant, e.g. for `?week=` (the UTC date can be a day off near midnight). */
export function localDate(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toISODate() ?? '';
}
