import { escape, ICalEventClass, ICalEventStatus } from 'ical-generator';
import { assertEventTimes, newCalendar, serialize, zoned } from './calendar';
import { multiLine, singleLine } from './text';
import { vtimezoneChooser } from './vtimezone';

export interface FeedEvent {
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  location?: string;
  description?: string;
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
}

export interface FeedInput {
  name: string;
  timeZone: string;
  events: readonly FeedEvent[];
  dtstamp: Date;
}

const STATUS: Record<FeedEvent['status'], ICalEventStatus> = {
  CONFIRMED: ICalEventStatus.CONFIRMED,
  TENTATIVE: ICalEventStatus.TENTATIVE,
  CANCELLED: ICalEventStatus.CANCELLED,
};

/** A caseworker's subscription feed: a plain calendar (no METHOD), every event CLASS:PRIVATE. */
export function buildFeed(input: FeedInput): string {
  const chooseVtimezone = vtimezoneChooser(input.timeZone);
  const events = input.events.map((event) => {
    assertEventTimes(event.start, event.end, event.sequence);
    return { event, zone: chooseVtimezone([event.start, event.end]) };
  });
  const zones = events.flatMap(({ zone }) => (zone ? [zone] : []));
  // ical-generator writes NAME / X-WR-CALNAME raw, unlike event TEXT values, so escape it here.
  const calendar = newCalendar(zones, null, escape(singleLine(input.name), false));
  for (const { event, zone } of events) {
    calendar.createEvent({
      id: singleLine(event.uid),
      sequence: event.sequence,
      stamp: input.dtstamp,
      start: zoned(event.start, zone),
      end: zoned(event.end, zone),
      timezone: zone?.tzid ?? null,
      summary: singleLine(event.summary),
      location: event.location ? singleLine(event.location) || null : null,
      description: event.description ? multiLine(event.description) || null : null,
      status: STATUS[event.status],
      class: ICalEventClass.PRIVATE,
    });
  }
  return serialize(calendar);
}
