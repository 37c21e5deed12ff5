import { DomainError } from '../common/errors';
import {
  assertCanSeeCalendarOf,
  assertCanSeeTeamCalendars,
  canSeeAbsenceNoteOf,
  canSeeCalendarOf,
  canSeeTeamCalendars,
} from './calendar-access';

describe('calendar access: one rule for pages and API', () => {
  const me = { caseworkerId: 'me', role: 'caseworker' as const };
  const admin = { caseworkerId: 'boss', role: 'admin' as const };
  const closed = { teamCalendarsVisible: false };
  const open = { teamCalendarsVisible: true };

  it('a caseworker sees their own calendar, whatever the unit says', () => {
    expect(canSeeCalendarOf(me, 'me', closed)).toBe(true);
    expect(canSeeCalendarOf(me, 'me', open)).toBe(true);
  });

  it("a caseworker sees a colleague's calendar and the team's only where the unit allows it", () => {
    expect(canSeeCalendarOf(me, 'colleague', closed)).toBe(false);
    expect(canSeeTeamCalendars(me, closed)).toBe(false);
    expect(() => assertCanSeeCalendarOf(me, 'colleague', closed)).toThrow(DomainError);
    expect(() => assertCanSeeTeamCalendars(me, closed)).toThrow(DomainError);
    expect(canSeeCalendarOf(me, 'colleague', open)).toBe(true);
    expect(canSeeTeamCalendars(me, open)).toBe(true);
    expect(() => assertCanSeeCalendarOf(me, 'colleague', open)).not.toThrow();
  });

  it('an admin sees every calendar of the unit', () => {
    expect(canSeeCalendarOf(admin, 'colleague', closed)).toBe(true);
    expect(canSeeTeamCalendars(admin, closed)).toBe(true);
  });

  it('absence notes: their owner and admins only, even with the team visible', () => {
    expect(canSeeAbsenceNoteOf(me, 'me')).toBe(true);
    expect(canSeeAbsenceNoteOf(me, 'colleague')).toBe(false);
    expect(canSeeAbsenceNoteOf(admin, 'colleague')).toBe(true);
  });
});
