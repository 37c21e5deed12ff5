import type { EntityManager } from 'typeorm';
import type { CalendarInput } from './engine';

export interface CaseworkerRef {
  id: string;
  timeZone: string;
}

/**
 * What the engine needs of the database: working hours, absences and busy time for one caseworker
 * or a whole team, in one query whatever the team size (never a query per caseworker or per slot).
 * Declared here, implemented by the appointments feature's read model (AppointmentCalendarSource in
 * appointment-calendar.read-model.ts), so that availability does not import appointments, which
 * depends on it.
 */
export abstract class CalendarSource {
  abstract calendarLoad(
    caseworkers: CaseworkerRef[],
    range: { from: Date; to: Date },
    now: Date,
    opts?: { manager?: EntityManager; excludeAppointmentId?: string },
  ): Promise<Map<string, CalendarInput>>;
}
