import type { Mode, SlotRejection } from '../availability/engine';
import { DomainError, ErrorCode } from '../common/errors';

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
      return new DomainError(ErrorCode.SLOT_UNAVAILABLE, 'Meetings start at set times; please choose one of the offered times.');
    case 'OUTSIDE_HOURS':
    case 'ABSENCE':
      return new DomainError(ErrorCode.SLOT_UNAVAILABLE, 'That time is not available.');
  }
}

export function assertModeOffered(offered: readonly Mode[], mode: Mode): void {
  if (!offered.includes(mode)) throw new DomainError(ErrorCode.MODE_NOT_ALLOWED, 'This kind of meeting is not offered as that mode.');
}

/** Clients may change or cancel until `cutoffMinutes` before the start; staff at any time. */
export function assertClientMayChange(startsAt: Date, now: Date, cutoffMinutes: number): void {
  if (startsAt.getTime() - now.getTime() < cutoffMinutes * 60_000) {
    throw new DomainError(ErrorCode.CHANGE_WINDOW_CLOSED, 'It is too late to change this meeting online. Please contact us.');
  }
}

/** PostgreSQL range literal for the buffered, half-open busy range. */
export function busyRangeLiteral(start: Date, end: Date, bufferBeforeMinutes: number, bufferAfterMinutes: number): string {
  const s = new Date(start.getTime() - bufferBeforeMinutes * 60_000).toISOString();
  const e = new Date(end.getTime() + bufferAfterMinutes * 60_000).toISOString();
  return `[${s},${e})`;
}

