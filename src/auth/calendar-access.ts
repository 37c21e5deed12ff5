import { DomainError, ErrorCode } from '../common/errors';
import type { StaffRole } from './staff-principal';

/**
 * What a staff member sees of colleagues' calendars (docs/product-rules.md, rule 12): ONE rule for the pages
 * (/staff week, list and team day) and the API (GET /caseworkers/:id/appointments, /absences).
 * A caseworker sees their own calendar, and the team's only where the unit allows it
 * (`teamCalendarsVisible`); an admin sees every calendar of the unit. Absence notes are private:
 * only their owner and admins read them. Pure: the caller has already found the owner in the
 * viewer's unit (another unit's caseworker is a 404, before any question of permission), and
 * passes the unit's setting in.
 */
export interface CalendarViewer {
  caseworkerId: string;
  role: StaffRole;
}

export interface TeamCalendarSetting {
  teamCalendarsVisible: boolean;
}

/** Every colleague's calendar of the unit: the team day, the picker, any `?caseworker=`. */
export function canSeeTeamCalendars(viewer: CalendarViewer, unit: TeamCalendarSetting): boolean {
  return viewer.role === 'admin' || unit.teamCalendarsVisible;
}

export function canSeeCalendarOf(viewer: CalendarViewer, ownerId: string, unit: TeamCalendarSetting): boolean {
  return viewer.caseworkerId === ownerId || canSeeTeamCalendars(viewer, unit);
}

export function assertCanSeeCalendarOf(viewer: CalendarViewer, ownerId: string, unit: TeamCalendarSetting): void {
  if (!canSeeCalendarOf(viewer, ownerId, unit))
    throw new DomainError(ErrorCode.FORBIDDEN, 'Only an admin sees a colleague’s calendar in this unit.');
}

export function assertCanSeeTeamCalendars(viewer: CalendarViewer, unit: TeamCalendarSetting): void {
  if (!canSeeTeamCalendars(viewer, unit))
    throw new DomainError(ErrorCode.FORBIDDEN, 'Only an admin sees the team’s calendars in this unit.');
}

/** An absence's note: its owner's and the admins' only, even where the team's calendars are visible. */
export function canSeeAbsenceNoteOf(viewer: CalendarViewer, ownerId: string): boolean {
  return viewer.role === 'admin' || viewer.caseworkerId === ownerId;
}
