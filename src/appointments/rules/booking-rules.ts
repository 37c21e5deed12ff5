import type { Mode, SlotRejection } from '../../availability/engine';
import { DomainError, ErrorCode } from '../../common/errors';

/** Pure rules of the booking lifecycle; every input is an argument. */

export function rejectionError(r: SlotRejection): DomainError {
  switch (r) {
    case 'BUSY':
      return new DomainError(ErrorCode.SLOT_TAKEN, 'That time is already taken. Please choose another.');
    case 'MODE_NOT_ALLOWED':
      return new DomainError(ErrorCode.MODE_NOT_ALLOWED, 'That kind of meeting is not offered at that time.');
    case 'IN_PAST':
      return new DomainError(ErrorCode.SLOT_UNAVAILABLE, 'That time has already passed.');
    case 'TOO_SOON':
      return new DomainError(ErrorCode.SLOT_UNAVAILABLE, 'That time is too soon to book.');
    case 'TOO_FAR':
      return new DomainError(ErrorCode.SLOT_UNAVAILABLE, 'That time is too far ahead to book.');
    case 'OFF_GRID':
      return new DomainError(
        ErrorCode.SLOT_UNAVAILABLE,
        'Meetings start at set times; please choose one of the offered times.',
      );
    case 'OUTSIDE_HOURS':
    case 'ABSENCE':
      return new DomainError(ErrorCode.SLOT_UNAVAILABLE, 'That time is not available.');
  }
}

export function assertModeOffered(offered: readonly Mode[], mode: Mode): void {
  if (!offered.includes(mode))
    throw new DomainError(ErrorCode.MODE_NOT_ALLOWED, 'This kind of meeting is not offered as that mode.');
}

/** Clients may change or cancel until `cutoffMinutes` before the start; staff at any time. */
export function assertClientMayChange(startsAt: Date, now: Date, cutoffMinutes: number): void {
  if (startsAt.getTime() - now.getTime() < cutoffMinutes * 60_000) {
    throw new DomainError(
      ErrorCode.CHANGE_WINDOW_CLOSED,
      'It is too late to change this meeting online. Please contact us.',
    );
  }
}

/** PostgreSQL range literal for the buffered, half-open busy range. */
export function busyRangeLiteral(
  start: Date,
  end: Date,
  bufferBeforeMinutes: number,
  bufferAfterMinutes: number,
): string {
  const s = new Date(start.getTime() - bufferBeforeMinutes * 60_000).toISOString();
  const e = new Date(end.getTime() + bufferAfterMinutes * 60_000).toISOString();
  return `[${s},${e})`;
}

/** Late joiners and a meeting that runs over get a quarter of an hour before presence is judged. */
export const ATTENDANCE_GRACE_MINUTES = 15;

/** When the attendance of a video meeting is judged from who joined (PRODUCT rule 9). */
export function attendanceDueAt(endsAt: Date): Date {
  return new Date(endsAt.getTime() + ATTENDANCE_GRACE_MINUTES * 60_000);
}

/** A hold past its time, whether or not a booking or the expiry job has released it yet. */
export function isHoldExpired(
  a: { status: string; holdExpiresAt: Date | null; cancelReason: string | null },
  now: Date,
): boolean {
  return (
    (a.status === 'held' && a.holdExpiresAt !== null && a.holdExpiresAt <= now) ||
    (a.status === 'cancelled' && a.cancelReason === 'hold_expired')
  );
}

/** Rule 4 with the staff exception: video before a first in-person meeting needs a staff override reason. */
export function assertVideoAllowed(
  hadFirstMeeting: boolean,
  actorType: string,
  overrideReason: string | undefined,
): void {
  if (hadFirstMeeting || (actorType === 'staff' && overrideReason)) return;
  throw new DomainError(
    ErrorCode.FIRST_MEETING_IN_PERSON,
    'The first meeting is in person. Video is possible after that.',
  );
}

/** docs/product-rules.md, rule 5: at most `maxHoldsPerEmail` and `maxHoldsPerIp` unconfirmed holds at a time. */
export function assertWithinHoldLimits(
  held: { byEmail: number; byAddress: number },
  limits: { maxHoldsPerEmail: number; maxHoldsPerIp: number },
  hasAddress: boolean,
): void {
  if (held.byEmail >= limits.maxHoldsPerEmail || (hasAddress && held.byAddress >= limits.maxHoldsPerIp)) {
    throw new DomainError(
      ErrorCode.HOLD_LIMIT_REACHED,
      'There are already bookings waiting for confirmation. Confirm them from the email we sent, or wait until they expire.',
    );
  }
}
