import { registerDecorator, ValidationOptions } from 'class-validator';
import { IANAZone } from 'luxon';

function rule(name: string, message: string, test: (value: unknown) => boolean) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target, propertyName) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: propertyName as string,
        options: { message: `$property ${message}`, ...options },
        validator: { validate: test },
      });
}

/** An IANA zone luxon knows, e.g. "Europe/Stockholm". */
export const IsIanaZone = rule(
  'isIanaZone',
  'must be an IANA time zone such as Europe/Stockholm',
  (v) => typeof v === 'string' && v.length <= 64 && IANAZone.isValidZone(v),
);

/**
 * An ISO 8601 instant WITH an offset ("2026-12-01T09:00:00+01:00" or "...Z"); a bare local time is
 * ambiguous (which zone?) and is refused, as are years beyond 9999.
 */
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The check behind IsIsoInstant, by hand: every slot search and booking runs it, and luxon's
 * DateTime.fromISO was a tenth of a slot search's CPU. 24:00 is the end of a day, as in ISO 8601. Same verdict as
 * luxon's for every offset up to ±23:59 (validation.spec.ts compares them); an offset beyond that, which luxon let
 * through and `Date` cannot read, is refused.
 */
export function isIsoInstant(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const m = ISO_INSTANT.exec(v);
  if (!m) return false;
  const [year, month, day, hour, minute, second, fraction, offsetHours, offsetMinutes] = m
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= days &&
    // 24:00 is the end of the day (the next day's 00:00), as in ISO 8601.
    (hour <= 23 || (hour === 24 && minute === 0 && second === 0 && fraction === 0)) &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59
  );
}

export const IsIsoInstant = rule(
  'isIsoInstant',
  'must be an ISO 8601 date-time with an offset, e.g. 2026-12-01T09:00:00+01:00',
  isIsoInstant,
);

/** A wall-clock time "HH:mm" from 00:00 to 23:59, or "24:00" as the end of a day. */
export const IsWallClock = rule(
  'isWallClock',
  'must be a time "HH:mm" between 00:00 and 24:00',
  (v) => typeof v === 'string' && /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/.test(v),
);
