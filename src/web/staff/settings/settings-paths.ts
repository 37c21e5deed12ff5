import { staffPaths } from '../paths';

/** The addresses of My settings: no caseworker id anywhere, the settings are always the signed-in person's own. */
export const settingsPaths = {
  home: staffPaths.settings,
  hours: `${staffPaths.settings}/hours`,
  absences: `${staffPaths.settings}/absences`,
  removeAbsence: (id: string) => `${staffPaths.settings}/absences/${id}/remove`,
  rotateFeed: `${staffPaths.settings}/feed/rotate`,
  tokens: `${staffPaths.settings}/tokens`,
  tokenCreated: `${staffPaths.settings}/tokens/created`,
  revokeToken: (id: string) => `${staffPaths.settings}/tokens/${id}/revoke`,
  language: `${staffPaths.settings}/language`,
  externalIcs: `${staffPaths.settings}/external-calendars/ics`,
  externalCaldav: `${staffPaths.settings}/external-calendars/caldav`,
  externalCalendars: (id: string) => `${staffPaths.settings}/external-calendars/${id}/calendars`,
  externalSync: (id: string) => `${staffPaths.settings}/external-calendars/${id}/sync`,
  externalDisconnect: (id: string) => `${staffPaths.settings}/external-calendars/${id}/disconnect`,
} as const;
