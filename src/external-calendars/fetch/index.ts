// The network edge for external calendars: SSRF guard, ICS fetch, CalDAV client (no NestJS here).
export {
  assertSafeUrl,
  createSafeLookup,
  isBlockedAddress,
  parseCalendarUrl,
  safeLookup,
  SourceRefused,
} from './safe-address';
export type { SafeUrlOptions } from './safe-address';
export { SourceFailed } from './source-failed';
export type { SourceFailureCode } from './source-failed';
export { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS, MAX_REDIRECTS } from './guarded-request';
export { fetchCalendarText, looksLikeCalendar } from './http-fetch';
export type { FetchCalendarOptions, FetchCalendarResult } from './http-fetch';
export { discoverCalDavCalendars, fetchCalDavEvents } from './caldav-client';
export type { CalDavAccess, CalDavCalendar, CalDavEventsQuery } from './caldav-client';
