/**
 * When a video meeting's room may be entered: from `joinOpensMinutesBefore` before the start until
 * `joinClosesMinutesAfter` after the end, half-open like every interval here. With the defaults (15,
 * 30), a meeting 13:00–13:45 opens at 12:45:00 and closes at 14:15:00; at 14:15:00 it is closed.
 */
export interface JoinWindow {
  opensAt: Date;
  closesAt: Date;
}

export type JoinState = 'not_yet' | 'open' | 'closed';

export function joinWindow(
  startsAt: Date,
  endsAt: Date,
  settings: { joinOpensMinutesBefore: number; joinClosesMinutesAfter: number },
): JoinWindow {
  return {
    opensAt: new Date(startsAt.getTime() - settings.joinOpensMinutesBefore * 60_000),
    closesAt: new Date(endsAt.getTime() + settings.joinClosesMinutesAfter * 60_000),
  };
}

/** The host (the caseworker) may open the room this much earlier than the client, to be there first. */
export const HOST_EARLY_MINUTES = 15;

/** The caseworker's window: the client's, opening HOST_EARLY_MINUTES sooner. */
export function hostJoinWindow(
  startsAt: Date,
  endsAt: Date,
  settings: { joinOpensMinutesBefore: number; joinClosesMinutesAfter: number },
): JoinWindow {
  return joinWindow(startsAt, endsAt, {
    ...settings,
    joinOpensMinutesBefore: settings.joinOpensMinutesBefore + HOST_EARLY_MINUTES,
  });
}

export function isJoinOpen(now: Date, w: JoinWindow): JoinState {
  if (now < w.opensAt) return 'not_yet';
  return now < w.closesAt ? 'open' : 'closed';
}

/** Participant identities in a room; webhooks tell client from host by them. */
export const clientIdentity = (appointmentId: string): string => `client-${appointmentId}`;
export const hostIdentity = (caseworkerId: string): string => `host-${caseworkerId}`;
