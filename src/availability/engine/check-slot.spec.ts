import { bufferedRange, checkSlot, generateSlots } from './index';
import type { CalendarInput, Interval, Mode, SlotRules, SlotSearch, WorkingHoursRule } from './index';

const at = (iso: string) => Date.parse(iso);
const span = (start: string, end: string): Interval => ({ start: at(start), end: at(end) });
const MINUTE = 60_000;

const meeting: SlotRules = {
  durationMinutes: 45,
  bufferBeforeMinutes: 5,
  bufferAfterMinutes: 10,
  slotStepMinutes: 15,
  minNoticeMinutes: 60,
  horizonDays: 30,
};
const now = at('2027-01-11T07:00:00+01:00');
const search = (more: Partial<Omit<SlotSearch, 'from' | 'to'>> = {}) => ({
  rules: meeting,
  mode: 'in_person' as Mode,
  now,
  ...more,
});

const cal: CalendarInput = {
  timeZone: 'Europe/Stockholm',
  workingHours: [
    { weekday: 1, start: '08:00', end: '12:00', modes: ['in_person', 'video'] },
    { weekday: 1, start: '12:00', end: '16:00', modes: ['video'] },
  ],
  absences: [span('2027-01-11T14:00:00+01:00', '2027-01-11T16:00:00+01:00')],
  busy: [span('2027-01-11T10:00:00+01:00', '2027-01-11T11:00:00+01:00')],
};

describe('checkSlot: reasons', () => {
  it('accepts a free start on the grid', () => {
    expect(checkSlot(cal, search(), at('2027-01-11T08:15:00+01:00'))).toBeNull();
  });

  it('says IN_PAST for a start 1 ms before now, before any other reason', () => {
    expect(checkSlot(cal, search({ now: at('2027-01-11T08:15:00.001+01:00') }), at('2027-01-11T08:15:00+01:00'))).toBe(
      'IN_PAST',
    );
  });

  it('says TOO_SOON 1 ms inside the minimum notice, and accepts the start exactly at it', () => {
    expect(checkSlot(cal, search({ now: at('2027-01-11T07:15:00.001+01:00') }), at('2027-01-11T08:15:00+01:00'))).toBe(
      'TOO_SOON',
    );
    expect(
      checkSlot(cal, search({ now: at('2027-01-11T07:15:00+01:00') }), at('2027-01-11T08:15:00+01:00')),
    ).toBeNull();
  });

  it('says TOO_FAR exactly at now + horizonDays, and accepts the start 1 ms before it', () => {
    const s = search({ rules: { ...meeting, minNoticeMinutes: 0, horizonDays: 1 } });
    expect(checkSlot(cal, { ...s, now: at('2027-01-10T08:15:00+01:00') }, at('2027-01-11T08:15:00+01:00'))).toBe(
      'TOO_FAR',
    );
    expect(
      checkSlot(cal, { ...s, now: at('2027-01-10T08:15:00.001+01:00') }, at('2027-01-11T08:15:00+01:00')),
    ).toBeNull();
  });

  it('lets staff skip notice and horizon but still says IN_PAST for a start before now', () => {
    const staff = search({
      ignoreNoticeAndHorizon: true,
      rules: { ...meeting, minNoticeMinutes: 600, horizonDays: 0 },
    });
    expect(
      checkSlot(cal, { ...staff, now: at('2027-01-11T08:15:00+01:00') }, at('2027-01-11T08:15:00+01:00')),
    ).toBeNull();
    expect(
      checkSlot(cal, { ...staff, now: at('2027-01-11T08:15:00.001+01:00') }, at('2027-01-11T08:15:00+01:00')),
    ).toBe('IN_PAST');
  });

  it('says OUTSIDE_HOURS on a day without working hours', () => {
    expect(checkSlot(cal, search(), at('2027-01-12T09:15:00+01:00'))).toBe('OUTSIDE_HOURS');
  });

  it('says OUTSIDE_HOURS one step after the last start of the day, whose after-buffer would pass the block end', () => {
    expect(checkSlot(cal, search({ mode: 'video' }), at('2027-01-11T15:00:00+01:00'))).toBe('ABSENCE'); // buffered 14:55–15:55
    expect(checkSlot(cal, search({ mode: 'video' }), at('2027-01-11T15:15:00+01:00'))).toBe('OUTSIDE_HOURS'); // buffered until 16:10
  });

  it('says OUTSIDE_HOURS when the before-buffer starts before the block', () => {
    // 08:00 is on the grid, but its before-buffer begins at 07:55.
    expect(checkSlot(cal, search(), at('2027-01-11T08:00:00+01:00'))).toBe('OUTSIDE_HOURS');
  });

  it('says MODE_NOT_ALLOWED for in_person in hours that are for video only', () => {
    expect(checkSlot(cal, search(), at('2027-01-11T12:15:00+01:00'))).toBe('MODE_NOT_ALLOWED');
    expect(checkSlot(cal, search({ mode: 'video' }), at('2027-01-11T12:15:00+01:00'))).toBeNull();
  });

  it('says MODE_NOT_ALLOWED for an in_person meeting that would run from 08–12 into video-only hours', () => {
    expect(checkSlot(cal, search(), at('2027-01-11T11:15:00+01:00'))).toBe('MODE_NOT_ALLOWED'); // buffered 11:10–12:10
    expect(checkSlot(cal, search({ mode: 'video' }), at('2027-01-11T11:15:00+01:00'))).toBeNull();
  });

  it('says OFF_GRID for a start between grid times, even 1 ms off', () => {
    expect(checkSlot(cal, search(), at('2027-01-11T08:20:00+01:00'))).toBe('OFF_GRID');
    expect(checkSlot(cal, search(), at('2027-01-11T08:15:00.001+01:00'))).toBe('OFF_GRID');
  });

  it('says OFF_GRID when only the buffered start, not the meeting, is on the grid from the block start', () => {
    // 08:05 is buffered from 08:00, the block start; the meeting itself starts 5 minutes off the grid.
    expect(checkSlot(cal, search(), at('2027-01-11T08:05:00+01:00'))).toBe('OFF_GRID');
  });

  it('says ABSENCE when the buffered meeting overlaps an absence, even if it also overlaps busy time', () => {
    const both = { ...cal, absences: [span('2027-01-11T10:30:00+01:00', '2027-01-11T10:40:00+01:00')] };
    expect(checkSlot(both, search(), at('2027-01-11T10:00:00+01:00'))).toBe('ABSENCE'); // buffered 09:55–10:55
  });

  it('says BUSY when the buffered meeting overlaps a held or confirmed appointment with its buffers', () => {
    expect(checkSlot(cal, search(), at('2027-01-11T09:15:00+01:00'))).toBe('BUSY'); // buffered 09:10–10:10
  });

  it('accepts a start whose buffered range ends exactly where a busy range begins', () => {
    // A booked 10:00–10:45 meeting with its buffers; 09:00–09:45 is buffered until 09:55.
    const booked: CalendarInput = { ...cal, busy: [span('2027-01-11T09:55:00+01:00', '2027-01-11T10:55:00+01:00')] };
    expect(bufferedRange(at('2027-01-11T09:00:00+01:00'), at('2027-01-11T09:45:00+01:00'), meeting).end).toBe(
      booked.busy[0].start,
    );
    expect(checkSlot(booked, search(), at('2027-01-11T09:00:00+01:00'))).toBeNull();
  });

  it('checks the grid from the start of the joined block: video on 08–16 steps from 08:00 through noon', () => {
    // The second rule starts at 12:10, off the 08:00 grid, so the two possible grids differ after noon.
    const joined: CalendarInput = {
      ...cal,
      workingHours: [
        { weekday: 1, start: '08:00', end: '12:10', modes: ['in_person', 'video'] },
        { weekday: 1, start: '12:10', end: '16:00', modes: ['video'] },
      ],
    };
    expect(checkSlot(joined, search({ mode: 'video' }), at('2027-01-11T12:15:00+01:00'))).toBeNull(); // buffered 12:10–13:10
    expect(checkSlot(joined, search({ mode: 'video' }), at('2027-01-11T12:25:00+01:00'))).toBe('OFF_GRID'); // 12:10 + 15
  });

  it('on 2027-03-28 in Stockholm, accepts 03:00 CEST in a rule from 02:00 (which does not exist) and rejects 03:15 off the grid', () => {
    const sunday: CalendarInput = {
      ...cal,
      workingHours: [{ weekday: 7, start: '02:00', end: '05:00', modes: ['in_person'] }],
      absences: [],
      busy: [],
    };
    const s = search({
      rules: { ...meeting, bufferBeforeMinutes: 0, slotStepMinutes: 30, minNoticeMinutes: 0 },
      now: at('2027-03-01T00:00:00Z'),
    });
    expect(checkSlot(sunday, s, at('2027-03-28T03:00:00+02:00'))).toBeNull();
    expect(checkSlot(sunday, s, at('2027-03-28T03:15:00+02:00'))).toBe('OFF_GRID');
    expect(checkSlot(sunday, s, at('2027-03-28T01:30:00+01:00'))).toBe('OUTSIDE_HOURS');
  });
});

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** checkSlot(start) is null exactly for the generated starts, tried every `every` over [from, to). */
function expectAgreement(calendar: CalendarInput, s: SlotSearch, every: number): number {
  const offered = new Set(generateSlots(calendar, s).map((slot) => slot.start));
  const disagreements: string[] = [];
  for (let t = s.from; t < s.to; t += every) {
    const reason = checkSlot(calendar, s, t);
    if ((reason === null) !== offered.has(t))
      disagreements.push(
        `${new Date(t).toISOString()}: ${offered.has(t) ? 'offered' : 'not offered'}, checkSlot ${reason}`,
      );
  }
  expect(disagreements).toEqual([]);
  return offered.size;
}

describe('checkSlot agrees with generateSlots', () => {
  it('for every 5 minutes of two realistic weeks around the Stockholm spring-forward, in both modes', () => {
    const hours: WorkingHoursRule[] = [];
    for (const weekday of [1, 2, 3, 4, 5]) {
      hours.push({ weekday, start: '08:00', end: '12:00', modes: ['in_person', 'video'] });
      hours.push({ weekday, start: '13:00', end: '16:00', modes: ['in_person'] });
    }
    hours.push(
      { weekday: 3, start: '16:00', end: '18:30', modes: ['video'] },
      { weekday: 7, start: '01:00', end: '05:00', modes: ['video'] },
    );
    const calendar: CalendarInput = {
      timeZone: 'Europe/Stockholm',
      workingHours: hours,
      absences: [
        span('2027-03-23T22:00:00+01:00', '2027-03-24T09:30:00+01:00'),
        span('2027-03-30T13:00:00+02:00', '2027-03-30T14:10:00+02:00'),
      ],
      busy: [
        span('2027-03-22T09:00:00+01:00', '2027-03-22T10:00:00+01:00'),
        span('2027-03-22T10:00:00+01:00', '2027-03-22T11:00:00+01:00'),
        span('2027-03-25T13:40:00+01:00', '2027-03-25T14:37:00+01:00'),
        span('2027-03-28T02:00:00+01:00', '2027-03-28T03:30:00+02:00'),
        span('2027-03-31T16:15:00+02:00', '2027-03-31T17:15:00+02:00'),
      ],
    };
    const s = {
      rules: { ...meeting, minNoticeMinutes: 120, horizonDays: 10 },
      from: at('2027-03-21T00:00:00+01:00'),
      to: at('2027-04-04T00:00:00+02:00'),
      now: at('2027-03-22T09:07:00+01:00'),
    };
    // Every grid time is a multiple of 5 minutes here, so this tries every grid time and more.
    expect(expectAgreement(calendar, { ...s, mode: 'in_person' }, 5 * MINUTE)).toBeGreaterThan(100);
    expect(expectAgreement(calendar, { ...s, mode: 'video' }, 5 * MINUTE)).toBeGreaterThan(50);
  });

  it('for random calendars and rules (seeded), every 5 minutes over DST weekends in three zones', () => {
    const zones = ['Europe/Stockholm', 'America/New_York', 'Australia/Adelaide'];
    const weekends = ['2027-03-27T00:00:00Z', '2027-11-06T00:00:00Z', '2027-04-03T00:00:00Z', '2027-10-02T00:00:00Z'];
    const modes: Mode[] = ['in_person', 'video'];
    for (let seed = 1; seed <= 16; seed++) {
      const rnd = random(seed);
      const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
      const hhmm = (minutes: number) =>
        `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      const workingHours: WorkingHoursRule[] = [];
      for (let weekday = 1; weekday <= 7; weekday++) {
        let minute = pick([0, 60, 120, 420, 480]);
        while (minute < 1440 && rnd() < 0.8) {
          const end = Math.min(1440, minute + pick([30, 60, 90, 180, 240]));
          workingHours.push({
            weekday,
            start: hhmm(minute),
            end: hhmm(end),
            modes: pick([['in_person'], ['video'], ['in_person', 'video']] as Mode[][]),
          });
          minute = end + pick([0, 0, 15, 60]);
        }
      }
      const from = at(pick(weekends));
      const to = from + 3 * 24 * 60 * MINUTE;
      const interval = () => {
        const start = from + Math.floor(rnd() * 3 * 24 * 12) * 5 * MINUTE;
        return { start, end: start + pick([5, 30, 55, 60, 600]) * MINUTE };
      };
      const calendar: CalendarInput = {
        timeZone: pick(zones),
        workingHours,
        absences: [interval(), interval()],
        busy: [interval(), interval(), interval(), interval()],
      };
      const rules: SlotRules = {
        durationMinutes: pick([15, 30, 45, 60]),
        bufferBeforeMinutes: pick([0, 5, 10]),
        bufferAfterMinutes: pick([0, 5, 15]),
        slotStepMinutes: pick([5, 15, 20, 30, 60]),
        minNoticeMinutes: pick([0, 90]),
        horizonDays: pick([1, 2, 30]),
      };
      const s: SlotSearch = {
        rules,
        mode: pick(modes),
        from,
        to,
        now: from + pick([0, 600, 1440]) * MINUTE,
        ignoreNoticeAndHorizon: rnd() < 0.2,
      };
      expectAgreement(calendar, s, 5 * MINUTE);
    }
  });
});
