import { BusyEvent, busyFromIcs, IcsBusyOptions } from './ics-busy';

/**
 * What real calendars publish (issue 24): reminders inside events, moves of "this and every later"
 * occurrence, rules ical.js expands wrongly, malformed values, several versions of one event and
 * TZIDs that name a zone only when case is ignored. Expected instants are worked out by hand from
 * RFC 5545; each case names the rule it follows.
 */

const STOCKHOLM = 'Europe/Stockholm';

function busy(text: string, from: string, to: string, extra: Partial<IcsBusyOptions> = {}): BusyEvent[] {
  return busyFromIcs(text, { from: new Date(from), to: new Date(to), timeZone: STOCKHOLM, ...extra });
}

const spans = (events: BusyEvent[]) => events.map((e) => [e.start.toISOString(), e.end.toISOString()]);
const span = (start: string, end: string) => [`${start}:00.000Z`, `${end}:00.000Z`];
const calendar = (...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR'].join('\r\n');
const alarm = ['BEGIN:VALARM', 'ACTION:DISPLAY', 'DESCRIPTION:Påminnelse', 'TRIGGER:-PT15M', 'END:VALARM'];

describe('busyFromIcs: a VALARM inside an event', () => {
  // Weekly on Mondays 09:00-10:00 Stockholm (CET, UTC+1), four times from 1 March 2027.
  const series = (uid: string, ...extra: string[]) => [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTART;TZID=Europe/Stockholm:20270301T090000',
    'DTEND;TZID=Europe/Stockholm:20270301T100000',
    'RRULE:FREQ=WEEKLY;COUNT=4',
    ...extra,
    'END:VEVENT',
  ];
  const mondays = ['01', '08', '15', '22'].map((d) => span(`2027-03-${d}T08:00`, `2027-03-${d}T09:00`));
  // Recurring, so that ical.js reads it (the pre-pass reads single events itself).
  const later = [
    'BEGIN:VEVENT',
    'UID:later',
    'DTSTART:20270324T120000Z',
    'DTEND:20270324T130000Z',
    'RRULE:FREQ=DAILY;COUNT=1',
    'END:VEVENT',
  ];

  it('keeps a series with a reminder, and the events after it', () => {
    const text = calendar(...series('series', ...alarm), ...later);
    expect(spans(busy(text, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual([
      ...mondays,
      span('2027-03-24T12:00', '2027-03-24T13:00'),
    ]);
  });

  it('reads the properties after a reminder in the middle of the event', () => {
    const text = calendar(
      'BEGIN:VEVENT',
      'UID:middle',
      'DTSTART;TZID=Europe/Stockholm:20270301T090000',
      ...alarm,
      'DTEND;TZID=Europe/Stockholm:20270301T100000',
      'RRULE:FREQ=WEEKLY;COUNT=4',
      'END:VEVENT',
      ...later,
    );
    expect(spans(busy(text, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual([
      ...mondays,
      span('2027-03-24T12:00', '2027-03-24T13:00'),
    ]);
  });

  it('still moves an overridden occurrence when master and override carry reminders', () => {
    const text = calendar(
      ...series('moved', ...alarm),
      'BEGIN:VEVENT',
      'UID:moved',
      ...alarm,
      'RECURRENCE-ID;TZID=Europe/Stockholm:20270308T090000',
      'DTSTART;TZID=Europe/Stockholm:20270309T140000',
      'DTEND;TZID=Europe/Stockholm:20270309T150000',
      ...alarm,
      'END:VEVENT',
    );
    expect(spans(busy(text, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual([
      mondays[0],
      span('2027-03-09T13:00', '2027-03-09T14:00'), // 8 March moved to Tuesday 14:00 CET
      mondays[2],
      mondays[3],
    ]);
  });

  it('reads a feed with many such events whole (none refused, none lost)', () => {
    const events: string[] = [];
    for (let i = 0; i < 5; i++) events.push(...series(`s${i}`, ...alarm, ...alarm));
    const text = calendar(...events, ...later);
    const result = busy(text, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z');
    expect(result).toHaveLength(5 * 4 + 1);
    expect(result.filter((e) => e.uid === 's4').map((e) => [e.start.toISOString(), e.end.toISOString()])).toEqual(
      mondays,
    );
    expect(result.some((e) => e.uid === 'later')).toBe(true);
  });
});
