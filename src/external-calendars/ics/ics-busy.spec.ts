import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BusyEvent, busyFromIcs, IcsBusyOptions, IcsParseError } from './ics-busy';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const STOCKHOLM = 'Europe/Stockholm';
const OWN_UID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@samtal\.example$/;

function busy(text: string, from: string, to: string, extra: Partial<IcsBusyOptions> = {}): BusyEvent[] {
  return busyFromIcs(text, { from: new Date(from), to: new Date(to), timeZone: STOCKHOLM, ...extra });
}

/** [start, end] as ISO strings (UTC), the shape the assertions compare. */
const spans = (events: BusyEvent[]) => events.map((e) => [e.start.toISOString(), e.end.toISOString()]);
const span = (start: string, end: string) => [`${start}:00.000Z`, `${end}:00.000Z`];

describe('busyFromIcs: Outlook / Exchange (OWA "Publish a calendar")', () => {
  const text = fixture('outlook-owa.ics');
  const TEAM =
    '040000008200E00074C5B7101A82E00800000000B0E2D9A1C47ADB01000000000000000010000000A1B2C3D4E5F60718293A4B5C6D7E8F90';
  const run = (extra: Partial<IcsBusyOptions> = {}) =>
    busy(text, '2027-03-01T00:00:00Z', '2027-04-27T00:00:00Z', { isOwnUid: (uid) => OWN_UID.test(uid), ...extra });

  it('keeps busy, tentative and out-of-office time; expands the weekly series with its EXDATE, move and cancellation', () => {
    expect(spans(run())).toEqual([
      span('2027-03-01T08:00', '2027-03-01T09:00'), // team meeting 09:00 CET (series began 2025)
      span('2027-03-02T13:00', '2027-03-02T14:00'), // TENTATIVE, Romance Standard Time 14:00 CET
      span('2027-03-08T08:00', '2027-03-08T09:00'),
      // 15 March: EXDATE
      span('2027-03-16T14:00', '2027-03-16T15:00'), // "Customized Time Zone" (US rules) 10:00 EDT
      span('2027-03-23T12:00', '2027-03-23T13:00'), // 22 March moved to Tuesday 13:00 CET
      span('2027-03-29T07:00', '2027-03-29T08:00'), // 09:00 CEST after the change on 28 March
      span('2027-03-31T22:00', '2027-04-02T22:00'), // all-day OOF 1-2 April, Stockholm midnights
      // 5 April: the occurrence was cancelled (STATUS:CANCELLED, FREE)
      span('2027-04-12T07:00', '2027-04-12T08:00'),
      span('2027-04-19T07:00', '2027-04-19T08:00'),
      span('2027-04-26T07:00', '2027-04-26T08:00'), // UNTIL=20270426T070000Z includes the last one
    ]);
  });

  it('keeps the series UID on every occurrence, and only uid, start and end', () => {
    const events = run();
    const team = events.filter((e) => e.uid === TEAM);
    expect(team).toHaveLength(7);
    for (const event of events) expect(Object.keys(event).sort()).toEqual(['end', 'start', 'uid']);
    const json = JSON.stringify(events);
    for (const secret of ['Teammöte', 'Ekorren', 'Semester', 'Eva', 'anna.handlaggare', 'Boston']) {
      expect(json).not.toContain(secret);
    }
  });

  it("drops Samtal's own event (the accepted invite) by UID, and only that", () => {
    const own = '7c9e6679-7425-40de-944b-e07fc1f90ae7@samtal.example';
    expect(run().some((e) => e.uid === own)).toBe(false);
    const withOwn = run({ isOwnUid: () => false });
    expect(withOwn.filter((e) => e.uid === own).map((e) => [e.start.toISOString(), e.end.toISOString()])).toEqual([
      span('2027-03-08T13:00', '2027-03-08T13:45'),
    ]);
    expect(withOwn).toHaveLength(run().length + 1);
  });

  it('clips occurrences to the horizon', () => {
    expect(spans(busy(text, '2027-03-01T08:30:00Z', '2027-03-02T13:30:00Z'))).toEqual([
      span('2027-03-01T08:30', '2027-03-01T09:00'),
      span('2027-03-02T13:00', '2027-03-02T13:30'),
    ]);
  });
});

describe('busyFromIcs: Google ("Secret address in iCal format")', () => {
  const text = fixture('google-secret.ics');
  const run = () => busy(text, '2027-03-01T00:00:00Z', '2027-03-13T00:00:00Z');
  const standup = (day: string) => span(`2027-03-${day}T07:30`, `2027-03-${day}T07:45`);

  it('keeps UTC and Europe/Stockholm events and a busy all-day event; drops transparent, cancelled and declined ones', () => {
    expect(spans(run())).toEqual([
      standup('01'),
      standup('02'), // the transparent all-day birthday on 2 March does not block
      standup('03'),
      standup('04'),
      span('2027-03-04T13:00', '2027-03-04T14:00'), // 'Z' times
      // 5 March 10:00 TRANSP:TRANSPARENT: free
      standup('05'),
      standup('08'),
      // 8 March 09:00Z STATUS:CANCELLED
      span('2027-03-08T23:00', '2027-03-09T23:00'), // all-day OPAQUE: Stockholm midnight to midnight
      standup('09'),
      // 10 March: that occurrence cancelled by an override
      // 11 March 12:00Z: declined by the owner (X-WR-CALNAME)
      standup('11'),
      standup('12'),
    ]);
  });

  it('gives every standup the series UID', () => {
    expect(run().filter((e) => e.uid === '0h7k2m4q6s8u0w2y4a6c8e0g2i@google.com')).toHaveLength(9);
  });
});

describe('busyFromIcs: Nextcloud (subscription export)', () => {
  const text = fixture('nextcloud.ics');

  it('keeps tentative, floating, DURATION, DATE-without-DTEND and monthly COUNT events; drops zero-length and cancelled', () => {
    expect(spans(busy(text, '2027-03-01T00:00:00Z', '2027-03-08T00:00:00Z'))).toEqual([
      span('2027-03-02T09:00', '2027-03-02T10:30'), // STATUS:TENTATIVE
      span('2027-03-03T13:00', '2027-03-03T14:00'), // floating 14:00 in the caseworker's zone
      span('2027-03-04T08:00', '2027-03-04T08:45'), // DURATION:PT45M
      // 4 March 12:00: no DTEND, no DURATION: zero length, dropped
      span('2027-03-04T12:00', '2027-03-04T13:00'), // first Thursday of the month, third of six
      span('2027-03-04T23:00', '2027-03-05T23:00'), // DATE without DTEND: one day
      // 5 March 13:00 STATUS:CANCELLED
    ]);
  });

  it("reads floating and all-day times in the caseworker's zone", () => {
    const helsinki = busy(text, '2027-03-03T00:00:00Z', '2027-03-06T00:00:00Z', { timeZone: 'Europe/Helsinki' });
    expect(spans(helsinki)).toContainEqual(span('2027-03-03T12:00', '2027-03-03T13:00'));
    expect(spans(helsinki)).toContainEqual(span('2027-03-04T22:00', '2027-03-05T22:00'));
    // Zoned events stay where they are.
    expect(spans(helsinki)).toContainEqual(span('2027-03-04T08:00', '2027-03-04T08:45'));
  });

  it('ends a COUNT series after its last occurrence', () => {
    const months = busy(text, '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z').filter(
      (e) => e.uid === '4a6c8e0f-2b5d-4c7e-b90b-1d25d7e9fb03',
    );
    expect(months.map((e) => e.start.toISOString())).toEqual([
      '2027-01-07T12:00:00.000Z',
      '2027-02-04T12:00:00.000Z',
      '2027-03-04T12:00:00.000Z',
      '2027-04-01T11:00:00.000Z',
      '2027-05-06T11:00:00.000Z',
      '2027-06-03T11:00:00.000Z',
    ]);
  });
});

describe('busyFromIcs: a DST week (Europe/Stockholm, 2027-03-28 and 2027-10-31)', () => {
  const text = fixture('dst-weeks.ics');

  it('keeps a weekly 09:00 meeting at 09:00 local across the spring change (tz database and a file VTIMEZONE)', () => {
    expect(spans(busy(text, '2027-03-22T00:00:00Z', '2027-04-05T00:00:00Z'))).toEqual([
      span('2027-03-25T08:00', '2027-03-25T09:00'), // Thursday, TZID=Europe/Stockholm, CET
      span('2027-03-26T08:00', '2027-03-26T09:00'), // Friday, Outlook "Customized Time Zone 1" from 1601
      span('2027-03-27T23:00', '2027-03-28T22:00'), // the all-day Sunday of the change lasts 23 hours
      span('2027-04-01T07:00', '2027-04-01T08:00'), // CEST
      span('2027-04-02T07:00', '2027-04-02T08:00'),
    ]);
  });

  it('and across the autumn change', () => {
    expect(spans(busy(text, '2027-10-25T00:00:00Z', '2027-11-08T00:00:00Z'))).toEqual([
      span('2027-10-28T07:00', '2027-10-28T08:00'), // CEST
      span('2027-10-29T07:00', '2027-10-29T08:00'),
      span('2027-11-04T08:00', '2027-11-04T09:00'), // CET
      span('2027-11-05T08:00', '2027-11-05T09:00'),
    ]);
  });
});

describe('busyFromIcs: Windows zone ids without any VTIMEZONE', () => {
  const text = fixture('windows-zones-no-vtimezone.ics');
  const byUid = (timeZone = STOCKHOLM) =>
    Object.fromEntries(
      busy(text, '2027-03-01T00:00:00Z', '2027-03-20T00:00:00Z', { timeZone })
        .filter((e) => e.uid !== 'weekly-until')
        .map((e) => [e.uid, [e.start.toISOString(), e.end.toISOString()]]),
    );

  it('resolves Windows ids, legacy labels and prefixed IANA names through the tz database', () => {
    expect(byUid()).toEqual({
      'w-europe': span('2027-03-10T11:00', '2027-03-10T12:00'),
      romance: span('2027-03-10T11:00', '2027-03-10T12:00'),
      gmt: span('2027-03-10T12:00', '2027-03-10T13:00'),
      pacific: span('2027-03-10T20:00', '2027-03-10T21:00'), // PST, before the US change on 14 March
      'eastern-after-us-dst': span('2027-03-16T16:00', '2027-03-16T17:00'), // EDT
      fle: span('2027-03-10T10:00', '2027-03-10T11:00'),
      'central-european': span('2027-03-10T11:00', '2027-03-10T12:00'),
      'legacy-label': span('2027-03-10T13:00', '2027-03-10T14:00'),
      'outlook-com-utc': span('2027-03-10T14:00', '2027-03-10T15:00'),
      'libical-prefixed': span('2027-03-10T12:00', '2027-03-10T13:00'),
      'unknown-zone': span('2027-03-10T15:00', '2027-03-10T16:00'), // opts.timeZone (Stockholm)
    });
  });

  it("reads an unknown TZID without VTIMEZONE in the caseworker's zone", () => {
    expect(byUid('Europe/Helsinki')['unknown-zone']).toEqual(span('2027-03-10T14:00', '2027-03-10T15:00'));
    expect(byUid('Europe/Helsinki')['w-europe']).toEqual(span('2027-03-10T11:00', '2027-03-10T12:00'));
  });

  it('compares a UTC UNTIL with occurrences in the resolved zone (the last one included)', () => {
    const weekly = busy(text, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z').filter((e) => e.uid === 'weekly-until');
    expect(spans(weekly)).toEqual([
      span('2027-03-01T08:00', '2027-03-01T08:30'),
      span('2027-03-08T08:00', '2027-03-08T08:30'),
      span('2027-03-15T08:00', '2027-03-15T08:30'),
    ]);
  });
});

describe('busyFromIcs: overrides, EXDATE and RDATE', () => {
  const calendar = (...lines: string[]) =>
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR'].join('\r\n');
  const weekly = [
    'BEGIN:VEVENT',
    'UID:series',
    'DTSTART;TZID=Europe/Stockholm:20270301T090000',
    'DTEND;TZID=Europe/Stockholm:20270301T100000',
    'RRULE:FREQ=WEEKLY;COUNT=4',
    'EXDATE;VALUE=DATE:20270315',
    'END:VEVENT',
  ];
  const override = (recurrenceId: string, ...lines: string[]) => [
    'BEGIN:VEVENT',
    'UID:series',
    `RECURRENCE-ID;TZID=Europe/Stockholm:${recurrenceId}`,
    ...lines,
    'END:VEVENT',
  ];

  it('frees an occurrence an override marks free, and an EXDATE;VALUE=DATE frees that whole day', () => {
    const text = calendar(
      ...weekly,
      ...override(
        '20270308T090000',
        'DTSTART;TZID=Europe/Stockholm:20270308T090000',
        'DTEND;TZID=Europe/Stockholm:20270308T100000',
        'X-MICROSOFT-CDO-BUSYSTATUS:FREE',
      ),
    );
    expect(spans(busy(text, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual([
      span('2027-03-01T08:00', '2027-03-01T09:00'),
      span('2027-03-22T08:00', '2027-03-22T09:00'),
    ]);
  });

  it('shows an occurrence moved into the horizon from outside it, at its new time only', () => {
    const text = calendar(
      ...weekly,
      // Moved from 22 March (outside the horizon below) to 10 March; the override has no DTEND: the
      // series' length applies.
      ...override('20270322T090000', 'DTSTART:20270310T150000Z'),
    );
    expect(spans(busy(text, '2027-03-09T00:00:00Z', '2027-03-12T00:00:00Z'))).toEqual([
      span('2027-03-10T15:00', '2027-03-10T16:00'),
    ]);
    expect(spans(busy(text, '2027-03-20T00:00:00Z', '2027-03-25T00:00:00Z'))).toEqual([]);
  });

  it('adds RDATEs, periods included, to the rule', () => {
    const text = calendar(
      'BEGIN:VEVENT',
      'UID:rdates',
      'DTSTART:20270301T090000Z',
      'DTEND:20270301T093000Z',
      'RDATE:20270302T120000Z,20270303T120000Z',
      'RDATE;VALUE=PERIOD:20270304T120000Z/20270304T150000Z',
      'END:VEVENT',
    );
    expect(spans(busy(text, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual([
      span('2027-03-01T09:00', '2027-03-01T09:30'),
      span('2027-03-02T12:00', '2027-03-02T12:30'),
      span('2027-03-03T12:00', '2027-03-03T12:30'),
      span('2027-03-04T12:00', '2027-03-04T15:00'),
    ]);
  });

  it('reads every VCALENDAR of a document that holds several', () => {
    const one = calendar('BEGIN:VEVENT', 'UID:a', 'DTSTART:20270301T090000Z', 'DTEND:20270301T100000Z', 'END:VEVENT');
    const two = calendar('BEGIN:VEVENT', 'UID:b', 'DTSTART:20270302T090000Z', 'DTEND:20270302T100000Z', 'END:VEVENT');
    expect(busy(`${one}\r\n${two}`, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z').map((e) => e.uid)).toEqual([
      'a',
      'b',
    ]);
  });
});

describe('busyFromIcs: one CalDAV object (a VCALENDAR with one event, as a CalDAV REPORT returns it)', () => {
  const object = (tzid: string, vtimezone: string[]) =>
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Nextcloud calendar v4.7.0',
      ...vtimezone,
      'BEGIN:VEVENT',
      'UID:caldav-object-1',
      'DTSTAMP:20261120T101600Z',
      `DTSTART;TZID=${tzid}:20270302T100000`,
      `DTEND;TZID=${tzid}:20270302T110000`,
      'SUMMARY:Hembesök',
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      'TRIGGER:-PT15M',
      'DURATION:PT5M',
      'END:VALARM',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
  const customZone = [
    'BEGIN:VTIMEZONE',
    'TZID:Kundens zon',
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    'TZOFFSETFROM:+0300',
    'TZOFFSETTO:+0300',
    'END:STANDARD',
    'END:VTIMEZONE',
  ];

  it('reads a known zone without parsing the frame, and a zone only its VTIMEZONE explains with ical.js', () => {
    const run = (text: string) => spans(busy(text, '2027-03-01T00:00:00Z', '2027-03-08T00:00:00Z'));
    expect(run(object('Europe/Stockholm', []))).toEqual([span('2027-03-02T09:00', '2027-03-02T10:00')]);
    expect(run(object('Kundens zon', customZone))).toEqual([span('2027-03-02T07:00', '2027-03-02T08:00')]);
  });
});

describe('busyFromIcs: limits and bad input', () => {
  const calendar = (...lines: string[]) =>
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR'].join('\r\n');
  const event = (uid: string, ...lines: string[]) => ['BEGIN:VEVENT', `UID:${uid}`, ...lines, 'END:VEVENT'];

  it('caps a FREQ=MINUTELY rule at maxEvents, the earliest kept, without hanging', () => {
    const text = calendar(
      ...event('bomb', 'DTSTART:20270301T000000Z', 'DTEND:20270301T000100Z', 'RRULE:FREQ=MINUTELY'),
    );
    const started = performance.now();
    const events = busy(text, '2027-03-01T00:00:00Z', '2028-03-01T00:00:00Z', { maxEvents: 500 });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(events).toHaveLength(500);
    expect(events[0].start.toISOString()).toBe('2027-03-01T00:00:00.000Z');
    expect(events[499].start.toISOString()).toBe('2027-03-01T08:19:00.000Z');
  });

  it('returns at most 20000 occurrences by default', () => {
    const text = calendar(
      ...event('bomb', 'DTSTART:20270301T000000Z', 'DTEND:20270301T000100Z', 'RRULE:FREQ=MINUTELY'),
    );
    const events = busy(text, '2027-03-01T00:00:00Z', '2028-03-01T00:00:00Z');
    expect(events).toHaveLength(20000);
    expect(events[19999].start.toISOString()).toBe('2027-03-14T21:19:00.000Z');
  });

  it('stops rules that never match, or need millions of steps to reach the horizon, and keeps the rest', () => {
    const text = calendar(
      ...event(
        'never',
        'DTSTART:20270301T090000Z',
        'DTEND:20270301T100000Z',
        'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
      ),
      ...event('count', 'DTSTART:20000101T000000Z', 'DTEND:20000101T000001Z', 'RRULE:FREQ=SECONDLY;COUNT=2000000000'),
      ...event('fine', 'DTSTART:20270302T090000Z', 'DTEND:20270302T100000Z'),
    );
    const started = performance.now();
    const events = busy(text, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(spans(events)).toEqual([
      span('2027-03-01T09:00', '2027-03-01T10:00'), // DTSTART is the first occurrence of any rule
      span('2027-03-02T09:00', '2027-03-02T10:00'),
    ]);
  });

  it('throws IcsParseError for text that is not iCalendar, without quoting it', () => {
    for (const text of [
      '',
      '<!DOCTYPE html><html><body>Sign in to Outlook</body></html>',
      'Not Found',
      '{"error":"x"}',
    ]) {
      expect(() => busy(text, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z')).toThrow(IcsParseError);
    }
    try {
      busy('<html>secret-token-abc</html>', '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z');
    } catch (e) {
      expect((e as Error).message).not.toContain('secret');
    }
  });

  it('reads a calendar with a stray malformed line, and one with no events', () => {
    const text = calendar(
      ...event('ok', 'DTSTART:20270302T090000Z', 'DTEND:20270302T100000Z'),
      '<p>this line is not iCalendar</p>',
    );
    expect(spans(busy(text, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual([
      span('2027-03-02T09:00', '2027-03-02T10:00'),
    ]);
    expect(busy(calendar(), '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z')).toEqual([]);
  });

  it('skips an event ical.js cannot read and keeps the others', () => {
    const text = calendar(
      ...event('broken', 'DTSTART:2027-bad', 'DTEND:20270302T100000Z'),
      ...event('ok', 'DTSTART:20270302T090000Z', 'DTEND:20270302T100000Z'),
    );
    expect(busy(text, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z').map((e) => e.uid)).toEqual(['ok']);
  });
});

describe('busyFromIcs: performance', () => {
  // Target: well under 100 ms. Measured 55-90 ms CPU best-of-5 while five agents shared two cores
  // (load 6-10), about a quarter of it in ical.js walking the weekly rules. The bound leaves room for a
  // loaded CI machine and still catches the regressions that matter (ical.js expanding Outlook's 1601
  // VTIMEZONEs cost 100-280 ms per zone; building ical.js objects for every event, ~2x).
  it('parses 2,000 busy events over a year (Outlook shape, recurring and single) fast', () => {
    const text = bigOutlookCalendar();
    const from = new Date('2027-01-01T00:00:00Z');
    const to = new Date('2028-01-01T00:00:00Z');
    const cpu: number[] = [];
    const wall: number[] = [];
    let count = 0;
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const before = process.cpuUsage();
      count = busyFromIcs(text, { from, to, timeZone: STOCKHOLM }).length;
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / 1000);
      wall.push(performance.now() - started);
    }
    expect(count).toBe(2000);
    const ms = (list: number[]) => list.map((t) => t.toFixed(0)).join(', ');
    console.log(`busyFromIcs, 2000 events over a year: CPU ms ${ms(cpu)}; wall ms ${ms(wall)}`);
    // CPU time: what the parse costs, less what waiting for a shared core adds.
    expect(Math.min(...cpu)).toBeLessThan(250);
  });
});

/**
 * 1,479 single meetings and 10 weekly series since January 2024 (521 occurrences in 2027: 52 of each
 * weekday, 53 Fridays), in W. Europe Standard Time with Outlook's VTIMEZONE: 2,000 busy occurrences.
 */
function bigOutlookCalendar(): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'METHOD:PUBLISH',
    'PRODID:Microsoft Exchange Server 2010',
    'VERSION:2.0',
    ...fixture('outlook-owa.ics').split('\r\n').slice(5, 20), // its W. Europe Standard Time VTIMEZONE
  ];
  const tz = 'TZID=W. Europe Standard Time';
  const two = (n: number) => String(n).padStart(2, '0');
  for (let i = 0; i < 1479; i++) {
    const day = new Date(Date.UTC(2027, 0, 1 + Math.floor(i / 6)));
    const date = `${day.getUTCFullYear()}${two(day.getUTCMonth() + 1)}${two(day.getUTCDate())}`;
    const hour = 8 + (i % 6);
    lines.push(
      'BEGIN:VEVENT',
      'DESCRIPTION:Ärende\\n',
      `UID:040000008200E00074C5B7101A82E00800000000${String(i).padStart(8, '0')}`,
      'SUMMARY:Möte',
      `DTSTART;${tz}:${date}T${two(hour)}0000`,
      `DTEND;${tz}:${date}T${two(hour)}4500`,
      'CLASS:PUBLIC',
      'TRANSP:OPAQUE',
      'STATUS:CONFIRMED',
      'X-MICROSOFT-CDO-BUSYSTATUS:BUSY',
      'END:VEVENT',
    );
  }
  for (let s = 0; s < 10; s++) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:series-${s}`,
      'SUMMARY:Återkommande',
      `DTSTART;${tz}:202401${two(1 + s)}T170000`,
      `DTEND;${tz}:202401${two(1 + s)}T173000`,
      `RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=${['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'][s % 7]};WKST=MO`,
      'TRANSP:OPAQUE',
      'X-MICROSOFT-CDO-BUSYSTATUS:BUSY',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.join('\r\n');
}
