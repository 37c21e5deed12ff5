import { registerDecorator, ValidationOptions } from 'class-validator';
import { DateTime, IANAZone } from 'luxon';

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
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
export const IsIsoInstant = rule(
  'isIsoInstant',
  'must be an ISO 8601 date-time with an offset, e.g. 2026-12-01T09:00:00+01:00',
  (v) => typeof v === 'string' && ISO_INSTANT.test(v) && DateTime.fromISO(v, { setZone: true }).isValid,
);

/** A wall-clock time "HH:mm" from 00:00 to 23:59, or "24:00" as the end of a day. */
export const IsWallClock = rule(
  'isWallClock',
  'must be a time "HH:mm" between 00:00 and 24:00',
  (v) => typeof v === 'string' && /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/.test(v),
);
