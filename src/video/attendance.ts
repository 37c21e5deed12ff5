/**
 * Attendance from video presence (PRODUCT rule 9). Pure: who joined, the meeting's times and `now`
 * are arguments.
 */
export type VideoAttendance = 'completed' | 'no_show';

/** Who was seen joining the room (participant_joined webhooks). */
export interface Presence {
  client: boolean;
  host: boolean;
}

import { attendanceDueAt } from '../appointments/rules/booking-rules';

export { ATTENDANCE_GRACE_MINUTES, attendanceDueAt } from '../appointments/rules/booking-rules';

/**
 * After the meeting: both there → completed; the caseworker waited and the client never came →
 * no_show. Anything else (nobody, or only the client) says nothing reliable: staff decide.
 */
export function attendanceFromPresence(p: Presence): VideoAttendance | null {
  if (p.host) return p.client ? 'completed' : 'no_show';
  return null;
}

/**
 * A finished room completes the meeting early only when both sides were in it and the meeting had
 * started: a room tried out before the start is not the meeting.
 */
export function completedByFinishedRoom(p: Presence, startsAt: Date, now: Date): boolean {
  return p.client && p.host && startsAt <= now;
}

/** Whether the after-meeting decision is due (a job made before a reschedule to later is not). */
export function attendanceDue(endsAt: Date, now: Date): boolean {
  return attendanceDueAt(endsAt) <= now;
}
