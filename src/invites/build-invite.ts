import {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventClass,
  ICalEventStatus,
} from 'ical-generator';
import { assertEventTimes, newCalendar, serialize, zoned } from './calendar';
import { quotedParam, singleLine } from './text';
import { vtimezoneChooser } from './vtimezone';

export interface InviteInput {
  method: 'REQUEST' | 'CANCEL';
  /** `<appointmentId>@<host>`, the same for every version of one appointment. */
  uid: string;
  sequence: number;
  dtstamp: Date;
  start: Date;
  end: Date;
  /** IANA zone the times are written in, with its VTIMEZONE. */
  timeZone: string;
  /** The unit's neutral publicName, never the meeting type's name. */
  summary: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  /** Office address, or a "Video meeting: <join link>" text; also the DESCRIPTION. */
  location: string;
  /**
   * The video meeting's join link, the only link an invite carries (URL). Invites land on shared and
   * work calendars, so the client's personal page (`/me`) never goes into one: there is no field for it.
   */
  joinUrl?: string;
}

/** The .ics text (iTIP REQUEST or CANCEL, CRLF line endings) for one appointment. */
export function buildInvite(input: InviteInput): string {
  assertEventTimes(input.start, input.end, input.sequence);
  const zone = vtimezoneChooser(input.timeZone)([input.start, input.end]);
  const cancel = input.method === 'CANCEL';
  const calendar = newCalendar(zone ? [zone] : [], cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST);
  const attendeeName = quotedParam(input.attendee.name);
  calendar.createEvent({
    id: singleLine(input.uid),
    sequence: input.sequence,
    stamp: input.dtstamp,
    start: zoned(input.start, zone),
    end: zoned(input.end, zone),
    timezone: zone?.tzid ?? null,
    summary: singleLine(input.summary),
    location: singleLine(input.location) || null,
    description: singleLine(input.location) || null,
    url: input.joinUrl ? singleLine(input.joinUrl) : null,
    organizer: { name: quotedParam(input.organizer.name), email: singleLine(input.organizer.email) },
    attendees: [
      {
        name: attendeeName || null,
        email: singleLine(input.attendee.email),
        // Changes are made from the mail's link: a "Decline" in Outlook must not look like a
        // cancellation that never reaches us, so the client is not asked to reply.
        rsvp: false,
        status: ICalAttendeeStatus.NEEDSACTION,
        role: ICalAttendeeRole.REQ,
      },
    ],
    status: cancel ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    class: ICalEventClass.PRIVATE,
  });
  return serialize(calendar);
}
