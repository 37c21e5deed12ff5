import { staffPaths } from '../paths';

/** The admin pages' addresses (ids only in them, never a name or an email). */
export const adminPaths = {
  index: staffPaths.admin,
  caseworkers: `${staffPaths.admin}/caseworkers`,
  caseworker: (id: string) => `${staffPaths.admin}/caseworkers/${id}`,
  role: (id: string) => `${staffPaths.admin}/caseworkers/${id}/role`,
  deactivate: (id: string) => `${staffPaths.admin}/caseworkers/${id}/deactivate`,
  activate: (id: string) => `${staffPaths.admin}/caseworkers/${id}/activate`,
  workingHours: (id: string) => `${staffPaths.admin}/caseworkers/${id}/working-hours`,
  absences: (id: string) => `${staffPaths.admin}/caseworkers/${id}/absences`,
  removeAbsence: (id: string, absenceId: string) =>
    `${staffPaths.admin}/caseworkers/${id}/absences/${absenceId}/remove`,
  externalIcs: (id: string) => `${staffPaths.admin}/caseworkers/${id}/external-calendars/ics`,
  externalCaldav: (id: string) => `${staffPaths.admin}/caseworkers/${id}/external-calendars/caldav`,
  externalCalendars: (id: string, cid: string) =>
    `${staffPaths.admin}/caseworkers/${id}/external-calendars/${cid}/calendars`,
  externalSync: (id: string, cid: string) => `${staffPaths.admin}/caseworkers/${id}/external-calendars/${cid}/sync`,
  externalDisconnect: (id: string, cid: string) =>
    `${staffPaths.admin}/caseworkers/${id}/external-calendars/${cid}/disconnect`,
  reassign: (appointmentId: string) => `${staffPaths.admin}/appointments/${appointmentId}/reassign`,
  meetingTypes: `${staffPaths.admin}/meeting-types`,
  newMeetingType: `${staffPaths.admin}/meeting-types/new`,
  meetingType: (id: string) => `${staffPaths.admin}/meeting-types/${id}`,
  unit: `${staffPaths.admin}/unit`,
  mailFailures: `${staffPaths.admin}/mail-failures`,
  retryMail: (id: string) => `${staffPaths.admin}/mail-failures/${id}/retry`,
  audit: `${staffPaths.admin}/audit`,
} as const;
