// TEMPORARY mirror of src/external-calendars/external-calendars.service.ts (common.md); replaced by the real import after merging main.
import type { StaffPrincipal } from '../../../auth/staff-principal';

export interface ExternalCalendarView {
  id: string;
  caseworkerId: string;
  kind: 'ics' | 'caldav';
  url: string;
  username?: string;
  calendars?: string[];
  availableCalendars?: { href: string; name: string }[];
  lastSyncedAt: string | null;
  lastError?: string;
  stale: boolean;
  busyCount: number;
}

export type ConnectInput =
  | { kind: 'ics'; url: string }
  | { kind: 'caldav'; url: string; username: string; password: string; calendars?: string[] };

export abstract class ExternalCalendarsService {
  abstract list(staff: StaffPrincipal, caseworkerId: string): Promise<ExternalCalendarView[]>;
  abstract connect(staff: StaffPrincipal, caseworkerId: string, input: ConnectInput): Promise<ExternalCalendarView>;
  abstract selectCalendars(staff: StaffPrincipal, id: string, hrefs: string[]): Promise<ExternalCalendarView>;
  abstract sync(staff: StaffPrincipal, id: string): Promise<ExternalCalendarView>;
  abstract disconnect(staff: StaffPrincipal, id: string): Promise<void>;
}
