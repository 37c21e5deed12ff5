import { buildInvite } from '../invites';
import type { Locale, MeetingMode } from './templates';

export interface AppointmentInviteInput {
  method: 'REQUEST' | 'CANCEL';
  appointment: { id: string; sequence: number; startsAt: Date; endsAt: Date; mode: MeetingMode };
  unit: { publicName: string; timeZone: string; address: string };
  client: { name: string; email: string };
  organizer: { name: string; email: string };
  /** The mail's join link, when it has one; the manage (`/me`) link stays in the mail body. */
  joinUrl?: string;
  locale: Locale;
  /** PUBLIC_URL's host: the UID is `<appointmentId>@<host>` for every version of the appointment. */
  host: string;
  dtstamp: Date;
}

/**
 * The .ics of one appointment mail. It says where and how, nothing else: the address for a meeting
 * in person, the join link for a video meeting — never the client's personal page, since an invite
 * lands on shared and work calendars where a colleague could open it.
 */
export function appointmentInvite(input: AppointmentInviteInput): string {
  const { appointment: a, unit } = input;
  const video = a.mode === 'video';
  return buildInvite({
    method: input.method,
    uid: `${a.id}@${input.host}`,
    sequence: a.sequence,
    dtstamp: input.dtstamp,
    start: a.startsAt,
    end: a.endsAt,
    timeZone: unit.timeZone,
    summary: unit.publicName,
    organizer: input.organizer,
    attendee: input.client,
    location: video ? videoLocation(input.locale, input.joinUrl) : unit.address,
    joinUrl: video ? input.joinUrl : undefined,
  });
}

/** The invite's location of a video meeting, in each language. */
const VIDEO_LOCATION: Record<Locale, string> = { en: 'Video meeting', sv: 'Videomöte', de: 'Videotermin' };

function videoLocation(locale: Locale, joinUrl?: string): string {
  const label = VIDEO_LOCATION[locale] ?? VIDEO_LOCATION.en;
  return joinUrl ? `${label}: ${joinUrl}` : label;
}
