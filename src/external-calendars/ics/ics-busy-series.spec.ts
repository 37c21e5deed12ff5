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

describe('busyFromIcs: a malformed value keeps its series', () => {
  // Google has published DATE values without VALUE=DATE on all-day series: read them as dates.
  const allDay = (...extra: string[]) => [
    'BEGIN:VEVENT',
    'UID:daily',
    'DTSTART;VALUE=DATE:20270301',
    'DTEND;VALUE=DATE:20270302',
    'RRULE:FREQ=DAILY;COUNT=4',
    ...extra,
    'END:VEVENT',
  ];
  // All-day in Stockholm (CET): 1 March is 2027-02-28T23:00Z to 2027-03-01T23:00Z.
  const days = (...list: number[]) =>
    list.map((d) => [
      new Date(Date.UTC(2027, 2, d - 1, 23)).toISOString(),
      new Date(Date.UTC(2027, 2, d, 23)).toISOString(),
    ]);

  it('reads EXDATE:20270302 (no VALUE=DATE) as the date it is', () => {
    const text = calendar(...allDay('EXDATE:20270302'));
    expect(spans(busy(text, '2027-02-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual(days(1, 3, 4));
  });

  it('reads RECURRENCE-ID:20270303 (no VALUE=DATE) as the date it is, and moves that day', () => {
    const text = calendar(
      ...allDay(),
      'BEGIN:VEVENT',
      'UID:daily',
      'RECURRENCE-ID:20270303',
      'DTSTART;VALUE=DATE:20270310',
      'DTEND;VALUE=DATE:20270311',
      'END:VEVENT',
    );
    expect(spans(busy(text, '2027-02-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual([...days(1, 2, 4, 10)]);
  });

  it('matches a bare-date RECURRENCE-ID on a timed series by its day', () => {
    const text = calendar(
      'BEGIN:VEVENT',
      'UID:timed',
      'DTSTART;TZID=Europe/Stockholm:20270301T090000',
      'DTEND;TZID=Europe/Stockholm:20270301T100000',
      'RRULE:FREQ=DAILY;COUNT=3',
      'EXDATE:20270303',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:timed',
      'RECURRENCE-ID:20270302',
      'DTSTART;TZID=Europe/Stockholm:20270302T150000',
      'DTEND;TZID=Europe/Stockholm:20270302T160000',
      'END:VEVENT',
    );
    expect(spans(busy(text, '2027-02-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual([
      span('2027-03-01T08:00', '2027-03-01T09:00'),
      span('2027-03-02T14:00', '2027-03-02T15:00'), // 2 March moved to 15:00; 3 March excluded
    ]);
  });

  it('ignores an EXDATE, RDATE or RECURRENCE-ID it cannot read at all, and keeps the series', () => {
    const text = calendar(
      ...allDay('EXDATE:2027-03-02', 'RDATE:tomorrow'),
      'BEGIN:VEVENT',
      'UID:daily',
      'RECURRENCE-ID:03/03/2027',
      'DTSTART;VALUE=DATE:20270310',
      'DTEND;VALUE=DATE:20270311',
      'END:VEVENT',
    );
    // Which occurrence the override replaces is unknown: the series stays whole, and the override is
    // busy at its own time (blocking too much is the safe side for bookings).
    expect(spans(busy(text, '2027-02-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual(days(1, 2, 3, 4, 10));
  });
});

describe('busyFromIcs: two versions of one event (same UID)', () => {
  const single = (uid: string, sequence: number | null, hour: number) => [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    ...(sequence === null ? [] : [`SEQUENCE:${sequence}`]),
    `DTSTART:20270302T${hour}0000Z`,
    `DTEND:20270302T${hour + 1}0000Z`,
    'END:VEVENT',
  ];
  const run = (...lines: string[]) => spans(busy(calendar(...lines), '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'));

  it('keeps only the higher SEQUENCE, wherever it stands in the file', () => {
    expect(run(...single('moved', 1, 14), ...single('moved', null, 10))).toEqual([
      span('2027-03-02T14:00', '2027-03-02T15:00'),
    ]);
    expect(run(...single('moved', 0, 10), ...single('moved', 2, 14), ...single('moved', 1, 12))).toEqual([
      span('2027-03-02T14:00', '2027-03-02T15:00'),
    ]);
  });

  it('keeps the later in the file when the SEQUENCEs are equal, and events of other UIDs', () => {
    expect(run(...single('same', 3, 10), ...single('other', 3, 16), ...single('same', 3, 12))).toEqual([
      span('2027-03-02T12:00', '2027-03-02T13:00'),
      span('2027-03-02T16:00', '2027-03-02T17:00'),
    ]);
  });

  it('replaces a whole series by its newer version, and an override by its newer version', () => {
    const series = (sequence: number, rule: string) => [
      'BEGIN:VEVENT',
      'UID:series',
      `SEQUENCE:${sequence}`,
      'DTSTART:20270301T080000Z',
      'DTEND:20270301T090000Z',
      `RRULE:${rule}`,
      'END:VEVENT',
    ];
    const override = (sequence: number, hour: number) => [
      'BEGIN:VEVENT',
      'UID:series',
      `SEQUENCE:${sequence}`,
      'RECURRENCE-ID:20270308T080000Z',
      `DTSTART:20270308T${hour}0000Z`,
      `DTEND:20270308T${hour + 1}0000Z`,
      'END:VEVENT',
    ];
    // Version 2: weekly, three times; version 1 (daily) is what it replaced. The 8 March occurrence
    // was moved twice: to 12:00 (sequence 3), then to 15:00 (sequence 4).
    expect(
      run(
        ...series(2, 'FREQ=WEEKLY;COUNT=3'),
        ...override(4, 15),
        ...series(1, 'FREQ=DAILY;COUNT=10'),
        ...override(3, 12),
      ),
    ).toEqual([
      span('2027-03-01T08:00', '2027-03-01T09:00'),
      span('2027-03-08T15:00', '2027-03-08T16:00'),
      span('2027-03-15T08:00', '2027-03-15T09:00'),
    ]);
  });
});

describe("busyFromIcs: rules ical.js's iterator gets wrong", () => {
  const rule = (rrule: string, dtstart = '20261216T100000') =>
    calendar(
      'BEGIN:VEVENT',
      'UID:rule',
      `DTSTART;TZID=Europe/Stockholm:${dtstart}`,
      'DURATION:PT1H',
      `RRULE:${rrule}`,
      'END:VEVENT',
    );
  // All in winter time (CET, UTC+1): 10:00 local is 09:00Z.
  const at = (date: string) => span(`${date}T09:00`, `${date}T10:00`);

  it('FREQ=MONTHLY;COUNT=4;BYDAY=3WE;BYMONTH=1,12 from December: all four', () => {
    // The third Wednesday of December and January (RFC 5545 3.3.10, BYMONTH limits a MONTHLY rule),
    // DTSTART (16 December 2026) counted as the first: 1 Dec 2026 is a Tuesday (Wednesdays 2, 9, 16),
    // 1 Jan 2027 a Friday (6, 13, 20), 1 Dec 2027 a Wednesday (1, 8, 15), 1 Jan 2028 a Saturday
    // (5, 12, 19). ical.js alone gave three.
    const expected = [at('2026-12-16'), at('2027-01-20'), at('2027-12-15'), at('2028-01-19')];
    const text = rule('FREQ=MONTHLY;COUNT=4;BYDAY=3WE;BYMONTH=1,12');
    expect(spans(busy(text, '2026-12-01T00:00:00Z', '2029-01-01T00:00:00Z'))).toEqual(expected);
    // The same with the months written the other way round.
    const reversed = rule('FREQ=MONTHLY;COUNT=4;BYDAY=3WE;BYMONTH=12,1');
    expect(spans(busy(reversed, '2026-12-01T00:00:00Z', '2029-01-01T00:00:00Z'))).toEqual(expected);
  });

  it('BYMONTH=12,1: finds the January occurrence in a January horizon', () => {
    // ical.js yields December 2027 before January 2027 for this list; the expansion stopped there.
    const text = rule('FREQ=MONTHLY;BYDAY=3WE;BYMONTH=12,1');
    expect(spans(busy(text, '2027-01-01T00:00:00Z', '2027-03-01T00:00:00Z'))).toEqual([at('2027-01-20')]);
    // Years later (the rule is moved forward to the horizon): January 2031 (1 Jan a Wednesday: 1, 8, 15).
    expect(spans(busy(text, '2031-01-01T00:00:00Z', '2031-03-01T00:00:00Z'))).toEqual([at('2031-01-15')]);
  });

  it('BYMONTH on a MONTHLY rule: the start moved forward to the horizon stays in a listed month', () => {
    // The first Wednesday of March and September from 3 March 2027. 1 March 2028 is a Wednesday
    // (1 January 2028 a Saturday, leap year). Moved forward by whole months to January 2028, ical.js
    // found nothing until September.
    const text = rule('FREQ=MONTHLY;BYDAY=1WE;BYMONTH=3,9', '20270303T100000');
    expect(spans(busy(text, '2028-02-04T00:00:00Z', '2028-03-15T00:00:00Z'))).toEqual([at('2028-03-01')]);
  });

  it('YEARLY;BYWEEKNO=20;BYDAY=MO: the Monday of week 20 only', () => {
    // ISO weeks (WKST=MO): week 1 holds 4 January. Monday 4 January 2027 begins week 1, so week 20
    // begins 17 May 2027; 4 January 2028 is a Tuesday, week 1 begins 3 January, week 20 15 May 2028.
    // 10:00 CEST is 08:00Z. ical.js alone gave every Monday after the first.
    const text = rule('FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO', '20270517T100000');
    expect(spans(busy(text, '2027-05-01T00:00:00Z', '2028-06-01T00:00:00Z'))).toEqual([
      span('2027-05-17T08:00', '2027-05-17T09:00'),
      span('2028-05-15T08:00', '2028-05-15T09:00'),
    ]);
    // BYWEEKNO=-1: the last week. 2027 and 2028 have 52 weeks (week 1 of 2029 begins Monday
    // 1 January 2029); their last weeks begin 27 and 25 December: Fridays 31 and 29 December (CET).
    const last = rule('FREQ=YEARLY;BYWEEKNO=-1;BYDAY=FR', '20271231T100000');
    expect(spans(busy(last, '2027-12-01T00:00:00Z', '2029-01-15T00:00:00Z'))).toEqual([
      at('2027-12-31'),
      at('2028-12-29'),
    ]);
  });

  it('BYHOUR=17,9: both hours of each day, in order', () => {
    const text = rule('FREQ=DAILY;BYHOUR=17,9', '20270301T090000');
    // 2 March 2027: 09:00 and 17:00 CET are 08:00Z and 16:00Z.
    expect(spans(busy(text, '2027-03-02T00:00:00Z', '2027-03-02T12:00:00Z'))).toEqual([
      span('2027-03-02T08:00', '2027-03-02T09:00'),
    ]);
    expect(spans(busy(text, '2027-03-02T00:00:00Z', '2027-03-03T00:00:00Z'))).toEqual([
      span('2027-03-02T08:00', '2027-03-02T09:00'),
      span('2027-03-02T16:00', '2027-03-02T17:00'),
    ]);
  });

  it('counts DTSTART as the first of COUNT even when the rule does not match it', () => {
    // RFC 5545 3.8.5.3 / 3.3.10: Tuesday 2 March 2027 (DTSTART), then Wednesday 3, Monday 8 and
    // Wednesday 10 March: four in all.
    const text = rule('FREQ=WEEKLY;COUNT=4;BYDAY=MO,WE', '20270302T100000');
    expect(spans(busy(text, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual([
      at('2027-03-02'),
      at('2027-03-03'),
      at('2027-03-08'),
      at('2027-03-10'),
    ]);
  });
});

describe('busyFromIcs: RECURRENCE-ID;RANGE=THISANDFUTURE', () => {
  // Mondays 09:00-10:00 Stockholm from 1 March 2027; summer time (CEST) from 28 March.
  const series = (rule: string) => [
    'BEGIN:VEVENT',
    'UID:weekly',
    'DTSTART;TZID=Europe/Stockholm:20270301T090000',
    'DTEND;TZID=Europe/Stockholm:20270301T100000',
    `RRULE:${rule}`,
    'END:VEVENT',
  ];
  const future = (recurrenceId: string, ...lines: string[]) => [
    'BEGIN:VEVENT',
    'UID:weekly',
    `RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Stockholm:${recurrenceId}`,
    ...lines,
    'END:VEVENT',
  ];
  // From 15 March on: Tuesdays 11:00-11:30 (a day and two hours later, half an hour long).
  const tuesdays = future(
    '20270315T090000',
    'DTSTART;TZID=Europe/Stockholm:20270316T110000',
    'DTEND;TZID=Europe/Stockholm:20270316T113000',
  );

  it('moves that occurrence and every later one by the same shift, with its length', () => {
    const text = calendar(...series('FREQ=WEEKLY;COUNT=6'), ...tuesdays);
    expect(spans(busy(text, '2027-03-01T00:00:00Z', '2027-05-01T00:00:00Z'))).toEqual([
      span('2027-03-01T08:00', '2027-03-01T09:00'),
      span('2027-03-08T08:00', '2027-03-08T09:00'),
      span('2027-03-16T10:00', '2027-03-16T10:30'), // the override itself (CET)
      span('2027-03-23T10:00', '2027-03-23T10:30'),
      span('2027-03-30T09:00', '2027-03-30T09:30'), // 11:00 CEST: the wall clock keeps the move
      span('2027-04-06T09:00', '2027-04-06T09:30'), // the sixth and last (COUNT counts the originals)
    ]);
  });

  it('moves the later occurrences of an endless series into a horizon months later', () => {
    const text = calendar(...series('FREQ=WEEKLY'), ...tuesdays);
    expect(spans(busy(text, '2027-06-01T00:00:00Z', '2027-06-15T00:00:00Z'))).toEqual([
      span('2027-06-01T09:00', '2027-06-01T09:30'),
      span('2027-06-08T09:00', '2027-06-08T09:30'),
    ]);
  });

  it('moves them earlier too, into a horizon the originals lie after', () => {
    // From 15 March on: Sundays 09:00, the day before. Sunday 6 June 09:00 CEST is 07:00Z; its
    // original, Monday 7 June, starts after the horizon.
    const text = calendar(
      ...series('FREQ=WEEKLY'),
      ...future('20270315T090000', 'DTSTART;TZID=Europe/Stockholm:20270314T090000'),
    );
    expect(spans(busy(text, '2027-06-06T00:00:00Z', '2027-06-07T00:00:00Z'))).toEqual([
      span('2027-06-06T07:00', '2027-06-06T08:00'),
    ]);
  });

  it('frees every later occurrence when the override is cancelled, until a later one takes over', () => {
    const text = calendar(
      ...series('FREQ=WEEKLY;COUNT=6'),
      ...future('20270315T090000', 'DTSTART;TZID=Europe/Stockholm:20270315T090000', 'STATUS:CANCELLED'),
      ...future(
        '20270329T090000',
        'DTSTART;TZID=Europe/Stockholm:20270329T140000',
        'DTEND;TZID=Europe/Stockholm:20270329T150000',
      ),
    );
    expect(spans(busy(text, '2027-03-01T00:00:00Z', '2027-05-01T00:00:00Z'))).toEqual([
      span('2027-03-01T08:00', '2027-03-01T09:00'),
      span('2027-03-08T08:00', '2027-03-08T09:00'),
      span('2027-03-29T12:00', '2027-03-29T13:00'), // 14:00 CEST
      span('2027-04-05T12:00', '2027-04-05T13:00'),
    ]);
  });
});

describe('busyFromIcs: a TZID that names an IANA zone only when case is ignored', () => {
  // The producer's own rules for "Europe/lisbon": UTC+3 all year, where the tz database's
  // Europe/Lisbon is UTC+0 in early March. Which one was read shows in the instants.
  const vtimezone = [
    'BEGIN:VTIMEZONE',
    'TZID:Europe/lisbon',
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    'TZOFFSETFROM:+0300',
    'TZOFFSETTO:+0300',
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
  const events = [
    'BEGIN:VEVENT',
    'UID:series',
    'DTSTART;TZID=Europe/lisbon:20270301T090000',
    'DTEND;TZID=Europe/lisbon:20270301T100000',
    'RRULE:FREQ=WEEKLY;COUNT=4',
    'EXDATE;TZID=EUROPE/LISBON:20270322T090000',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:series',
    'RECURRENCE-ID;TZID=Europe/Lisbon:20270308T090000', // the same TZID, spelled as IANA does
    'DTSTART;TZID=Europe/lisbon:20270309T120000',
    'DTEND;TZID=Europe/lisbon:20270309T130000',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:single',
    'DTSTART;TZID=Europe/lisbon:20270302T090000',
    'DTEND;TZID=Europe/lisbon:20270302T100000',
    'END:VEVENT',
  ];

  it("reads it with the file's own VTIMEZONE, overrides and EXDATEs of any spelling included", () => {
    expect(spans(busy(calendar(...vtimezone, ...events), '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual([
      span('2027-03-01T06:00', '2027-03-01T07:00'),
      span('2027-03-02T06:00', '2027-03-02T07:00'),
      span('2027-03-09T09:00', '2027-03-09T10:00'), // 8 March moved to the 9th, 12:00+03
      span('2027-03-15T06:00', '2027-03-15T07:00'),
      // 22 March: EXDATE
    ]);
  });

  it('reads it as the IANA zone when the file has no VTIMEZONE for it', () => {
    expect(spans(busy(calendar(...events), '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual([
      span('2027-03-01T09:00', '2027-03-01T10:00'), // Lisbon is UTC+0 until 28 March
      span('2027-03-02T09:00', '2027-03-02T10:00'),
      span('2027-03-09T12:00', '2027-03-09T13:00'),
      span('2027-03-15T09:00', '2027-03-15T10:00'),
    ]);
  });
});

describe('busyFromIcs: across a DST change (Stockholm: CET to CEST on 28 March 2027)', () => {
  it('moves later THISANDFUTURE occurrences by the wall-clock shift, not the elapsed time', () => {
    // Daily 09:00-10:00 from 25 March; from 26 March on, two days later at the same time of day. 26
    // March 09:00 CET to 28 March 09:00 CEST is 47 hours elapsed, but two days on the wall clock: 27
    // March moves to 29 March 09:00 CEST (07:00Z), not 08:00 CEST.
    const text = calendar(
      'BEGIN:VEVENT',
      'UID:daily',
      'DTSTART;TZID=Europe/Stockholm:20270325T090000',
      'DTEND;TZID=Europe/Stockholm:20270325T100000',
      'RRULE:FREQ=DAILY;COUNT=4',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:daily',
      'RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Stockholm:20270326T090000',
      'DTSTART;TZID=Europe/Stockholm:20270328T090000',
      'DTEND;TZID=Europe/Stockholm:20270328T100000',
      'END:VEVENT',
    );
    expect(spans(busy(text, '2027-03-20T00:00:00Z', '2027-04-05T00:00:00Z'))).toEqual([
      span('2027-03-25T08:00', '2027-03-25T09:00'), // 09:00 CET
      span('2027-03-28T07:00', '2027-03-28T08:00'), // 26 March, moved: 09:00 CEST
      span('2027-03-29T07:00', '2027-03-29T08:00'), // 27 March
      span('2027-03-30T07:00', '2027-03-30T08:00'), // 28 March
    ]);
  });

  it('moves a floating series by the wall-clock shift in the zone it is read in', () => {
    const text = calendar(
      'BEGIN:VEVENT',
      'UID:floating',
      'DTSTART:20270326T090000',
      'DTEND:20270326T100000',
      'RRULE:FREQ=DAILY;COUNT=3',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:floating',
      'RECURRENCE-ID;RANGE=THISANDFUTURE:20270327T090000',
      'DTSTART:20270328T090000',
      'DTEND:20270328T100000',
      'END:VEVENT',
    );
    expect(spans(busy(text, '2027-03-20T00:00:00Z', '2027-04-05T00:00:00Z'))).toEqual([
      span('2027-03-26T08:00', '2027-03-26T09:00'),
      span('2027-03-28T07:00', '2027-03-28T08:00'),
      span('2027-03-29T07:00', '2027-03-29T08:00'),
    ]);
  });

  it('takes DURATION days and weeks as calendar days in the zone, hours as exact time (RFC 5545 3.3.6)', () => {
    const single = (uid: string, start: string, duration: string) => [
      'BEGIN:VEVENT',
      `UID:${uid}`,
      `DTSTART;TZID=Europe/Stockholm:${start}`,
      `DURATION:${duration}`,
      'END:VEVENT',
    ];
    const text = calendar(
      // 27 March 10:00 CET (09:00Z) + a day = 28 March 10:00 CEST (08:00Z): 23 hours.
      ...single('day', '20270327T100000', 'P1D'),
      // + 24 hours exactly = 28 March 11:00 CEST (09:00Z).
      ...single('hours', '20270327T100000', 'PT24H'),
      // 24 March 10:00 CET (09:00Z) + a week = 31 March 10:00 CEST (08:00Z).
      ...single('week', '20270324T100000', 'P1W'),
    );
    const events = busy(text, '2027-03-20T00:00:00Z', '2027-04-05T00:00:00Z');
    expect(events.map((e) => [e.uid, e.start.toISOString(), e.end.toISOString()])).toEqual([
      ['week', ...span('2027-03-24T09:00', '2027-03-31T08:00')],
      ['day', ...span('2027-03-27T09:00', '2027-03-28T08:00')],
      ['hours', ...span('2027-03-27T09:00', '2027-03-28T09:00')],
    ]);
  });

  it('gives every occurrence of a series its nominal DURATION, overrides without an end included', () => {
    // Daily 10:00 for a day and two hours, from 26 March. 27 March 10:00 CET (09:00Z) ends 28 March
    // 10:00 CEST + 2 h = 10:00Z; 28 March (moved to 11:00 CEST = 09:00Z, no end of its own) ends
    // 29 March 11:00 CEST + 2 h = 11:00Z.
    const text = calendar(
      'BEGIN:VEVENT',
      'UID:long',
      'DTSTART;TZID=Europe/Stockholm:20270326T100000',
      'DURATION:P1DT2H',
      'RRULE:FREQ=DAILY;COUNT=3',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:long',
      'RECURRENCE-ID;TZID=Europe/Stockholm:20270328T100000',
      'DTSTART;TZID=Europe/Stockholm:20270328T110000',
      'END:VEVENT',
    );
    expect(spans(busy(text, '2027-03-20T00:00:00Z', '2027-04-05T00:00:00Z'))).toEqual([
      span('2027-03-26T09:00', '2027-03-27T11:00'),
      span('2027-03-27T09:00', '2027-03-28T10:00'),
      span('2027-03-28T09:00', '2027-03-29T11:00'),
    ]);
  });

  it("gives an RDATE period's DURATION its nominal days too", () => {
    // 27 March 10:00 CET (09:00Z) for a day: to 28 March 10:00 CEST (08:00Z).
    const text = calendar(
      'BEGIN:VEVENT',
      'UID:period',
      'DTSTART;TZID=Europe/Stockholm:20270320T100000',
      'DTEND;TZID=Europe/Stockholm:20270320T110000',
      'RDATE;VALUE=PERIOD;TZID=Europe/Stockholm:20270327T100000/P1D',
      'END:VEVENT',
    );
    expect(spans(busy(text, '2027-03-20T00:00:00Z', '2027-04-05T00:00:00Z'))).toEqual([
      span('2027-03-20T09:00', '2027-03-20T10:00'),
      span('2027-03-27T09:00', '2027-03-28T08:00'),
    ]);
  });
});

describe("busyFromIcs: a calendar's X-WR-TIMEZONE (Google, Apple)", () => {
  const withZone = (zone: string, ...events: string[]) =>
    calendar(`X-WR-TIMEZONE:${zone}`, ...events).replace('X-WR-TIMEZONE:-', '');
  const event = (uid: string, ...lines: string[]) => ['BEGIN:VEVENT', `UID:${uid}`, ...lines, 'END:VEVENT'];
  // Floating (no TZID, no Z), single and weekly from Wednesday 10 March 2027; New York changes to
  // summer time (EDT, UTC-4) on 14 March, Stockholm on 28 March.
  const floating = [
    ...event('single', 'DTSTART:20270310T090000', 'DTEND:20270310T100000'),
    ...event('weekly', 'DTSTART:20270310T120000', 'DTEND:20270310T130000', 'RRULE:FREQ=WEEKLY;COUNT=2'),
  ];
  const at = (events: BusyEvent[]) => events.map((e) => [e.uid, e.start.toISOString(), e.end.toISOString()]);

  it('reads floating times in that zone, recurring on its wall clock', () => {
    const text = withZone('America/New_York', ...floating);
    expect(at(busy(text, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual([
      ['single', ...span('2027-03-10T14:00', '2027-03-10T15:00')], // 09:00 EST
      ['weekly', ...span('2027-03-10T17:00', '2027-03-10T18:00')], // 12:00 EST
      ['weekly', ...span('2027-03-17T16:00', '2027-03-17T17:00')], // 12:00 EDT
    ]);
  });

  it("reads them in the caseworker's zone when it names no zone, or is absent", () => {
    const expected = [
      ['single', ...span('2027-03-10T08:00', '2027-03-10T09:00')], // 09:00 CET
      ['weekly', ...span('2027-03-10T11:00', '2027-03-10T12:00')],
      ['weekly', ...span('2027-03-17T11:00', '2027-03-17T12:00')],
    ];
    for (const zone of ['Mars/Olympus_Mons', '', '-']) {
      expect(at(busy(withZone(zone, ...floating), '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual(expected);
    }
  });

  it("leaves UTC times, TZIDs and all-day events as they are (all-day ones in the caseworker's days)", () => {
    const text = withZone(
      'America/New_York',
      ...event('utc', 'DTSTART:20270310T140000Z', 'DTEND:20270310T150000Z', 'RRULE:FREQ=WEEKLY;COUNT=2'),
      ...event('tzid', 'DTSTART;TZID=Europe/Stockholm:20270311T090000', 'DTEND;TZID=Europe/Stockholm:20270311T100000'),
      ...event('day', 'DTSTART;VALUE=DATE:20270312'),
    );
    expect(at(busy(text, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual([
      ['utc', ...span('2027-03-10T14:00', '2027-03-10T15:00')],
      ['tzid', ...span('2027-03-11T08:00', '2027-03-11T09:00')],
      ['day', ...span('2027-03-11T23:00', '2027-03-12T23:00')],
      ['utc', ...span('2027-03-17T14:00', '2027-03-17T15:00')], // UTC stays UTC (RFC 5545 3.3.5)
    ]);
  });

  it('applies to its own calendar only, written before or after the events', () => {
    const text = [
      calendar(...event('first', 'DTSTART:20270310T090000', 'DTEND:20270310T100000'), 'X-WR-TIMEZONE:America/New_York'),
      calendar(...event('second', 'DTSTART:20270310T090000', 'DTEND:20270310T100000', 'RRULE:FREQ=DAILY;COUNT=1')),
    ].join('\r\n');
    expect(at(busy(text, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual([
      ['second', ...span('2027-03-10T08:00', '2027-03-10T09:00')],
      ['first', ...span('2027-03-10T14:00', '2027-03-10T15:00')],
    ]);
  });
});
