import { JOIN_TOKEN_KEEP_DAYS } from '../common/capability-tokens.service';

/** How long each kind of capability link works. Pure: the times it counts from are arguments. */

const DAY = 86_400_000;

/** A personal link lets a client manage their meetings for a year. */
export const PERSONAL_LINK_DAYS = 365;
/** A confirm link outlives its hold, so a late click gets "too late, book again" rather than "not valid". */
export const CONFIRM_DAYS_AFTER_HOLD = 7;
/** A join link works until this long after the meeting; the client page shows the same link. */
export const JOIN_LINK_DAYS = JOIN_TOKEN_KEEP_DAYS;
/** A calendar subscription should not stop by itself; staff rotate it when it leaks. */
export const FEED_LINK_DAYS = 3650;

/** A staff sign-in link: single use, and short, since it is as good as a password while it lives. */
export const STAFF_SIGN_IN_MINUTES = 15;

/** A year from now, or from `notBefore` (a meeting's end) when that is later. */
export function personalLinkExpiry(now: Date, notBefore?: Date): Date {
  return new Date(Math.max(now.getTime(), notBefore?.getTime() ?? 0) + PERSONAL_LINK_DAYS * DAY);
}

export function confirmLinkExpiry(a: { holdExpiresAt: Date | null; startsAt: Date }): Date {
  return new Date((a.holdExpiresAt ?? a.startsAt).getTime() + CONFIRM_DAYS_AFTER_HOLD * DAY);
}

export function joinLinkExpiry(endsAt: Date): Date {
  return new Date(endsAt.getTime() + JOIN_LINK_DAYS * DAY);
}

export function staffSignInLinkExpiry(now: Date): Date {
  return new Date(now.getTime() + STAFF_SIGN_IN_MINUTES * 60_000);
}

export function feedLinkExpiry(now: Date): Date {
  return new Date(now.getTime() + FEED_LINK_DAYS * DAY);
}
