/** One busy interval read from a source: the event's UID (for updates) and when; nothing else. */
export interface BusyTime {
  uid: string;
  start: Date;
  end: Date;
}

/** What a source needs to be read: the opened secret and, for CalDAV, the calendars that count. */
export interface SourceAccess {
  kind: 'ics' | 'caldav';
  url: string;
  username?: string;
  password?: string;
  calendars: string[];
}

/** HTTP validators from the last full read, sent so that an unchanged source answers 304. */
export interface SourceValidators {
  etag: string | null;
  lastModified: string | null;
}

/** The stretch of time busy events are expanded over, and how floating times and own events are read. */
export interface BusyWindow {
  from: Date;
  to: Date;
  timeZone: string;
  isOwnUid: (uid: string) => boolean;
}

export type SourceRead =
  { status: 'not-modified' } | { status: 'ok'; busy: BusyTime[]; etag?: string; lastModified?: string };

/**
 * A failure of the source, with a text that may be shown to the caseworker and stored: it never holds
 * the URL (an ICS link is a secret), credentials or calendar content.
 */
export class SourceError extends Error {}

/** An address that may not be used at all (not http/https, or inside a private network). */
export class SourceAddressRefused extends Error {}

/**
 * The network edge of external calendars (port): checks addresses, discovers CalDAV calendars and
 * reads busy time. The implementation lives in fetch/ and ics/; tests of the sync use the real one.
 */
export abstract class SourceReader {
  /** Throws SourceAddressRefused for an address that may not be fetched. */
  abstract checkAddress(url: string): Promise<void>;
  /** The event calendars of a CalDAV account; SourceError when the server refuses or fails. */
  abstract discover(access: SourceAccess): Promise<{ href: string; name: string }[]>;
  abstract read(access: SourceAccess, validators: SourceValidators, window: BusyWindow): Promise<SourceRead>;
}
