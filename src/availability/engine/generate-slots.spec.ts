import { DateTime } from 'luxon';
import { bufferedRange, generateSlots } from './index';
import type { CalendarInput, Interval, SlotRules, SlotSearch, WorkingHoursRule } from './index';

const at = (iso: string) => Date.parse(iso);
const span = (start: string, end: string): Interval => ({ start: at(start), end: at(end) });
const both = ['in_person', 'video'] as const;
const weekdays = (start: string, end: string, modes: WorkingHoursRule['modes'] = both): WorkingHoursRule[] =>
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end, modes }));

/** 45 min meetings, 5 min before, 10 min after, every 15 min; no notice, a year ahead. */
const meeting: SlotRules = {
  durationMinutes: 45,
  bufferBeforeMinutes: 5,
  bufferAfterMinutes: 10,
  slotStepMinutes: 15,
  minNoticeMinutes: 0,
  horizonDays: 365,
};
/** Hour-long meetings on the hour, no buffers: makes DST days easy to read. */
const hourly: SlotRules = {
  durationMinutes: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  slotStepMinutes: 60,
  minNoticeMinutes: 0,
  horizonDays: 365,
};

function calendar(workingHours: WorkingHoursRule[], more: Partial<CalendarInput> = {}): CalendarInput {
  return { timeZone: 'Europe/Stockholm', workingHours, absences: [], busy: [], ...more };
}

function search(from: string, to: string, more: Partial<SlotSearch> = {}): SlotSearch {
  return { rules: meeting, mode: 'in_person', from: at(from), to: at(to), now: at('2027-01-01T00:00:00Z'), ...more };
}

/** Starts as local ISO strings in the calendar's zone, so DST offsets show in failures. */
function starts(cal: CalendarInput, s: SlotSearch): string[] {
  return generateSlots(cal, s).map((slot) =>
    DateTime.fromMillis(slot.start, { zone: cal.timeZone }).toISO({ suppressMilliseconds: true })!,
  );
}

describe('generateSlots: the grid', () => {
  const monday = search('2027-01-11T00:00:00+01:00', '2027-01-12T00:00:00+01:00');

  it('starts meetings on the step grid from the block start, with the buffer before inside the block', () => {
    // 08:00 is on the grid but its before-buffer would begin at 07:55; 08:15 is buffered from 08:10.
    const slots = starts(calendar([{ weekday: 1, start: '08:00', end: '12:00', modes: both }]), monday);
    expect(slots.slice(0, 3)).toEqual([
      '2027-01-11T08:15:00+01:00',
      '2027-01-11T08:30:00+01:00',
      '2027-01-11T08:45:00+01:00',
    ]);
    expect(slots).not.toContain('2027-01-11T08:05:00+01:00');
    expect(slots[slots.length - 1]).toBe('2027-01-11T11:00:00+01:00'); // buffered 10:55–11:55; 11:15 would end at 12:10
    expect(slots).toHaveLength(12); // 08:15, 08:30, … 11:00
  });

  it('skips grid starts whose before-buffer, longer than the step, would begin before the block', () => {
    const cal = calendar([{ weekday: 1, start: '08:00', end: '12:00', modes: both }]);
    const before = (bufferBeforeMinutes: number, from = '2027-01-11T00:00:00+01:00') =>
      starts(cal, search(from, '2027-01-12T00:00:00+01:00', { rules: { ...meeting, bufferBeforeMinutes } }));
    // 20 min before, 15 min step: 08:00 (07:40) and 08:15 (07:55) start their buffers too early.
    expect(before(20).slice(0, 2)).toEqual(['2027-01-11T08:30:00+01:00', '2027-01-11T08:45:00+01:00']);
    expect(before(20)).toHaveLength(11); // 08:30, … 11:00
    // Also when `from` lies inside the block, before the first start the buffer allows.
    expect(before(20, '2027-01-11T08:01:00+01:00')[0]).toBe('2027-01-11T08:30:00+01:00');
    // A before-buffer of exactly one step may begin at the block start itself: 08:15, buffered from 08:00.
    expect(before(15)[0]).toBe('2027-01-11T08:15:00+01:00');
  });

  it('returns meetings without their buffers, sorted by start', () => {
    const slots = generateSlots(calendar([{ weekday: 1, start: '08:00', end: '12:00', modes: both }]), monday);
    expect(slots[0]).toEqual(span('2027-01-11T08:15:00+01:00', '2027-01-11T09:00:00+01:00'));
    expect(slots.every((slot, i) => i === 0 || slots[i - 1].start < slot.start)).toBe(true);
  });

  it('offers the last slot of a day, whose after-buffer ends exactly at the block end, and not one step later', () => {
    // Meetings on the 13:00 grid are buffered until :10, :25, :40 or :55, so this block ends at 15:55.
    const slots = generateSlots(calendar(weekdays('13:00', '15:55')), monday);
    const last = slots[slots.length - 1];
    expect(last).toEqual(span('2027-01-11T15:00:00+01:00', '2027-01-11T15:45:00+01:00'));
    expect(bufferedRange(last.start, last.end, meeting).end).toBe(at('2027-01-11T15:55:00+01:00'));
  });

  it('restarts the grid at the start of each block of the day', () => {
    const slots = starts(calendar([...weekdays('08:00', '12:00'), ...weekdays('13:10', '16:00')]), monday);
    expect(slots).toContain('2027-01-11T11:00:00+01:00');
    expect(slots).toContain('2027-01-11T13:25:00+01:00'); // 13:10 + 15, buffered from 13:10
    expect(slots).not.toContain('2027-01-11T13:15:00+01:00'); // on the 08:00 grid, and its buffer 13:10–13:15 would fit
  });

  it('offers only starts in [from, to): a start exactly at `to` is left out, one exactly at `from` kept', () => {
    const cal = calendar(weekdays('08:00', '12:00'));
    expect(starts(cal, search('2027-01-11T08:30:00+01:00', '2027-01-11T09:15:00+01:00'))).toEqual([
      '2027-01-11T08:30:00+01:00',
      '2027-01-11T08:45:00+01:00',
      '2027-01-11T09:00:00+01:00',
    ]);
  });

  it('keeps the grid of a block when `from` falls inside it', () => {
    const cal = calendar(weekdays('08:00', '12:00'));
    expect(starts(cal, search('2027-01-11T08:31:00+01:00', '2027-01-11T09:10:00+01:00'))).toEqual([
      '2027-01-11T08:45:00+01:00',
      '2027-01-11T09:00:00+01:00',
    ]);
  });

  it('joins touching rules, so a meeting may run across 12:00 when 08–12 and 12–16 both allow the mode', () => {
    const cal = calendar([...weekdays('08:00', '12:00'), ...weekdays('12:00', '16:00')]);
    const s = search('2027-01-11T00:00:00+01:00', '2027-01-12T00:00:00+01:00', {
      rules: { ...hourly, slotStepMinutes: 30 },
    });
    expect(starts(cal, s)).toContain('2027-01-11T11:30:00+01:00');
    expect(starts(cal, s)).toHaveLength(15);
  });

  it('does not join rules with a gap of 15 minutes between them', () => {
    const cal = calendar([...weekdays('08:00', '12:00'), ...weekdays('12:15', '16:00')]);
    const s = search('2027-01-11T00:00:00+01:00', '2027-01-12T00:00:00+01:00', {
      rules: { ...hourly, slotStepMinutes: 30 },
    });
    expect(starts(cal, s)).not.toContain('2027-01-11T11:30:00+01:00');
    expect(starts(cal, s)).toContain('2027-01-11T12:15:00+01:00');
  });

  it('does not join a rule ending at 24:00 with the next day starting at 00:00: no meeting spans midnight', () => {
    const cal = calendar([
      { weekday: 1, start: '20:00', end: '24:00', modes: both },
      { weekday: 2, start: '00:00', end: '04:00', modes: both },
    ]);
    const s = search('2027-01-11T00:00:00+01:00', '2027-01-13T00:00:00+01:00', {
      rules: { ...hourly, slotStepMinutes: 30 },
    });
    const slots = starts(cal, s);
    expect(slots).toContain('2027-01-11T23:00:00+01:00');
    expect(slots).not.toContain('2027-01-11T23:30:00+01:00');
    expect(slots).toContain('2027-01-12T00:00:00+01:00');
  });

  it('returns nothing for an empty or reversed range', () => {
    const cal = calendar(weekdays('08:00', '12:00'));
    expect(generateSlots(cal, search('2027-01-11T09:00:00+01:00', '2027-01-11T09:00:00+01:00'))).toEqual([]);
    expect(generateSlots(cal, search('2027-01-12T00:00:00+01:00', '2027-01-11T00:00:00+01:00'))).toEqual([]);
  });
});

describe('generateSlots: modes', () => {
  const cal = calendar([
    { weekday: 1, start: '08:00', end: '12:00', modes: both },
    { weekday: 1, start: '12:00', end: '16:00', modes: ['video'] },
  ]);
  const day = (mode: 'in_person' | 'video' | 'phone') =>
    search('2027-01-11T00:00:00+01:00', '2027-01-12T00:00:00+01:00', { rules: hourly, mode });

  it('offers nothing to an in_person search in hours that are for video only', () => {
    expect(starts(cal, day('in_person'))).toEqual([
      '2027-01-11T08:00:00+01:00',
      '2027-01-11T09:00:00+01:00',
      '2027-01-11T10:00:00+01:00',
      '2027-01-11T11:00:00+01:00',
    ]);
  });

  it('offers video across both rules, joined into one 08–16 block', () => {
    expect(starts(cal, day('video'))).toHaveLength(8);
  });

  it('offers phone only in hours that offer phone, like any mode', () => {
    expect(starts(cal, day('phone'))).toEqual([]);
    const withPhone = calendar([
      { weekday: 1, start: '08:00', end: '12:00', modes: both },
      { weekday: 1, start: '13:00', end: '15:00', modes: ['phone', 'in_person'] },
    ]);
    expect(starts(withPhone, day('phone'))).toEqual(['2027-01-11T13:00:00+01:00', '2027-01-11T14:00:00+01:00']);
    expect(starts(withPhone, day('in_person'))).toHaveLength(6);
  });
});

describe('generateSlots: busy time and absences', () => {
  const cal = (more: Partial<CalendarInput>) => calendar(weekdays('08:00', '12:00'), more);
  const monday = search('2027-01-11T00:00:00+01:00', '2027-01-12T00:00:00+01:00');

  it('offers a slot whose buffered range ends exactly where a busy range begins, and one that begins where it ends', () => {
    // The busy range is a booked 10:00–10:45 meeting with its buffers: 09:55–10:55.
    const slots = starts(cal({ busy: [span('2027-01-11T09:55:00+01:00', '2027-01-11T10:55:00+01:00')] }), monday);
    expect(slots).toEqual([
      '2027-01-11T08:15:00+01:00',
      '2027-01-11T08:30:00+01:00',
      '2027-01-11T08:45:00+01:00',
      '2027-01-11T09:00:00+01:00', // buffered 08:55–09:55, touches the busy range
      '2027-01-11T11:00:00+01:00', // buffered 10:55–11:55, starts where the busy range ends
    ]);
  });

  it('allows back-to-back bookings: after booking the first slot, the next free one starts where its buffers end', () => {
    const first = generateSlots(cal({}), monday)[0];
    const afterOne = generateSlots(cal({ busy: [bufferedRange(first.start, first.end, meeting)] }), monday);
    expect(afterOne[0]).toEqual(span('2027-01-11T09:15:00+01:00', '2027-01-11T10:00:00+01:00'));
    const afterTwo = generateSlots(
      cal({
        busy: [
          bufferedRange(first.start, first.end, meeting),
          bufferedRange(afterOne[0].start, afterOne[0].end, meeting),
        ],
      }),
      monday,
    );
    expect(afterTwo[0].start).toBe(at('2027-01-11T10:15:00+01:00'));
  });

  it('excludes a meeting that ends exactly when an absence starts, because its after-buffer falls in the absence', () => {
    const slots = starts(cal({ absences: [span('2027-01-11T10:45:00+01:00', '2027-01-11T12:00:00+01:00')] }), monday);
    expect(slots).not.toContain('2027-01-11T10:00:00+01:00'); // 10:00–10:45, buffered until 10:55
    expect(slots[slots.length - 1]).toBe('2027-01-11T09:45:00+01:00'); // buffered until 10:40
  });

  it('offers a meeting without buffers that ends exactly when an absence starts', () => {
    const slots = starts(cal({ absences: [span('2027-01-11T10:00:00+01:00', '2027-01-11T12:00:00+01:00')] }), {
      ...monday,
      rules: hourly,
    });
    expect(slots).toEqual(['2027-01-11T08:00:00+01:00', '2027-01-11T09:00:00+01:00']);
  });

  it('respects an absence over midnight on both dates', () => {
    const night = calendar(
      [
        { weekday: 1, start: '20:00', end: '24:00', modes: both },
        { weekday: 2, start: '00:00', end: '08:00', modes: both },
      ],
      {
        absences: [span('2027-01-11T22:00:00+01:00', '2027-01-12T06:00:00+01:00')],
      },
    );
    expect(starts(night, search('2027-01-11T00:00:00+01:00', '2027-01-13T00:00:00+01:00', { rules: hourly }))).toEqual([
      '2027-01-11T20:00:00+01:00',
      '2027-01-11T21:00:00+01:00',
      '2027-01-12T06:00:00+01:00',
      '2027-01-12T07:00:00+01:00',
    ]);
  });

  it('accepts busy and absence lists in any order, overlapping each other', () => {
    const busy = [
      span('2027-01-11T11:00:00+01:00', '2027-01-11T12:00:00+01:00'),
      span('2027-01-11T08:00:00+01:00', '2027-01-11T09:30:00+01:00'),
      span('2027-01-11T09:00:00+01:00', '2027-01-11T10:00:00+01:00'),
    ];
    expect(starts(cal({ busy }), { ...monday, rules: hourly })).toEqual(['2027-01-11T10:00:00+01:00']);
  });

  it('ignores busy time outside the searched range', () => {
    const busy = [
      span('2027-01-04T08:00:00+01:00', '2027-01-04T12:00:00+01:00'),
      span('2027-01-18T08:00:00+01:00', '2027-01-18T12:00:00+01:00'),
    ];
    expect(starts(cal({ busy }), monday)).toHaveLength(12);
  });
});

describe('generateSlots: notice and horizon', () => {
  const cal = calendar(weekdays('08:00', '12:00'));
  const monday = (now: string, rules: Partial<SlotRules>, more: Partial<SlotSearch> = {}) =>
    starts(
      cal,
      search('2027-01-11T00:00:00+01:00', '2027-01-12T00:00:00+01:00', {
        now: at(now),
        rules: { ...meeting, ...rules },
        ...more,
      }),
    );

  it('offers a start exactly minNoticeMinutes after now', () => {
    expect(monday('2027-01-11T07:15:00+01:00', { minNoticeMinutes: 60 })[0]).toBe('2027-01-11T08:15:00+01:00');
  });

  it('excludes a start 1 ms short of the minimum notice', () => {
    expect(monday('2027-01-11T07:15:00.001+01:00', { minNoticeMinutes: 60 })[0]).toBe('2027-01-11T08:30:00+01:00');
  });

  it('offers a start 1 ms before now + horizonDays', () => {
    expect(monday('2027-01-10T08:15:00.001+01:00', { horizonDays: 1 })).toEqual(['2027-01-11T08:15:00+01:00']);
  });

  it('excludes a start exactly at now + horizonDays (the horizon is half-open)', () => {
    expect(monday('2027-01-10T08:15:00+01:00', { horizonDays: 1 })).toEqual([]);
  });

  it('counts the horizon in real 24-hour days, also across a DST change', () => {
    // Now is 10:00 CET; 30 × 24 h later it is 11:00 CEST on the wall clock.
    const cal2 = calendar([{ weekday: 3, start: '10:00', end: '12:00', modes: both }]);
    const s = search('2027-03-31T00:00:00+02:00', '2027-04-01T00:00:00+02:00', {
      rules: { ...hourly, horizonDays: 30 },
      now: at('2027-03-01T10:00:00+01:00'),
    });
    expect(starts(cal2, s)).toEqual(['2027-03-31T10:00:00+02:00']);
  });

  it('lets staff skip notice and horizon, but still never offers a start before now', () => {
    const staff = { ignoreNoticeAndHorizon: true };
    expect(monday('2027-01-11T08:15:00+01:00', { minNoticeMinutes: 1440 }, staff)[0]).toBe('2027-01-11T08:15:00+01:00');
    expect(monday('2027-01-11T08:15:00.001+01:00', { minNoticeMinutes: 1440 }, staff)[0]).toBe(
      '2027-01-11T08:30:00+01:00',
    );
    expect(monday('2026-01-01T00:00:00+01:00', { horizonDays: 1 }, staff)).toHaveLength(12);
  });
});

describe('generateSlots: DST days and other zones', () => {
  const sunday = (zone: string, date: string, start: string, end: string, rules = hourly) => {
    const cal = calendar([{ weekday: 7, start, end, modes: both }], { timeZone: zone });
    const from = DateTime.fromISO(date, { zone });
    return starts(cal, {
      rules,
      mode: 'in_person',
      from: from.toMillis(),
      to: from.plus({ days: 1 }).toMillis(),
      now: from.minus({ days: 1 }).toMillis(),
    });
  };

  it('Europe/Stockholm 2027-03-28 (spring forward): 01:00–04:00 holds 2 real hours, the second starting at 03:00 CEST', () => {
    expect(sunday('Europe/Stockholm', '2027-03-28', '01:00', '04:00')).toEqual([
      '2027-03-28T01:00:00+01:00',
      '2027-03-28T03:00:00+02:00',
    ]);
  });

  it('Europe/Stockholm 2027-03-28: a rule from 02:00, which does not exist, begins at 03:00 CEST', () => {
    expect(sunday('Europe/Stockholm', '2027-03-28', '02:00', '05:00')).toEqual([
      '2027-03-28T03:00:00+02:00',
      '2027-03-28T04:00:00+02:00',
    ]);
  });

  it('Europe/Stockholm 2027-03-28: the grid counts real minutes through the gap', () => {
    // 01:00–05:00 is 3 real hours; 45 min steps from 00:00Z: 01:00, 01:45 CET, then 03:30, 04:15 CEST.
    expect(
      sunday('Europe/Stockholm', '2027-03-28', '01:00', '05:00', {
        ...hourly,
        durationMinutes: 45,
        slotStepMinutes: 45,
      }),
    ).toEqual([
      '2027-03-28T01:00:00+01:00',
      '2027-03-28T01:45:00+01:00',
      '2027-03-28T03:30:00+02:00',
      '2027-03-28T04:15:00+02:00',
    ]);
  });

  it('Europe/Stockholm 2027-10-31 (fall back): 01:00–04:00 holds 4 real hours, 02:00 offered in both offsets', () => {
    expect(sunday('Europe/Stockholm', '2027-10-31', '01:00', '04:00')).toEqual([
      '2027-10-31T01:00:00+02:00',
      '2027-10-31T02:00:00+02:00',
      '2027-10-31T02:00:00+01:00',
      '2027-10-31T03:00:00+01:00',
    ]);
  });

  it('Europe/Stockholm 2027-10-31: a rule from the repeated 02:30 starts at its first showing (CEST)', () => {
    expect(sunday('Europe/Stockholm', '2027-10-31', '02:30', '04:30')[0]).toBe('2027-10-31T02:30:00+02:00');
  });

  it('Europe/Stockholm 2026-03-29 (spring forward) has 23 hourly slots in 00:00–24:00, 2026-10-25 (fall back) 25', () => {
    expect(sunday('Europe/Stockholm', '2026-03-29', '00:00', '24:00')).toHaveLength(23);
    expect(sunday('Europe/Stockholm', '2026-10-25', '00:00', '24:00')).toHaveLength(25);
  });

  it('Europe/Stockholm: Mondays after 2026-03-29 and 2026-10-25 keep the wall-clock 08:00–16:00 of the Friday before', () => {
    const cal = calendar(weekdays('08:00', '16:00'));
    for (const [friday, monday] of [
      ['2026-03-27', '2026-03-30'],
      ['2026-10-23', '2026-10-26'],
      ['2027-03-26', '2027-03-29'],
      ['2027-10-29', '2027-11-01'],
    ]) {
      for (const date of [friday, monday]) {
        const from = DateTime.fromISO(date, { zone: 'Europe/Stockholm' });
        const got = starts(cal, {
          rules: hourly,
          mode: 'in_person',
          from: from.toMillis(),
          to: from.plus({ days: 1 }).toMillis(),
          now: from.minus({ days: 1 }).toMillis(),
        });
        expect(got.map((iso) => iso.slice(11, 16))).toEqual([
          '08:00',
          '09:00',
          '10:00',
          '11:00',
          '12:00',
          '13:00',
          '14:00',
          '15:00',
        ]);
      }
    }
  });

  it('America/New_York 2027-03-14 (spring forward): 01:30–03:30 is one real hour, 00:00–24:00 has 23 hours', () => {
    expect(sunday('America/New_York', '2027-03-14', '01:30', '03:30')).toEqual(['2027-03-14T01:30:00-05:00']);
    expect(sunday('America/New_York', '2027-03-14', '00:00', '24:00')).toHaveLength(23);
  });

  it('America/New_York 2027-11-07 (fall back): 01:30–02:30 is two real hours, from the first 01:30 (EDT)', () => {
    expect(sunday('America/New_York', '2027-11-07', '01:30', '02:30')).toEqual([
      '2027-11-07T01:30:00-04:00',
      '2027-11-07T01:30:00-05:00',
    ]);
    expect(sunday('America/New_York', '2027-11-07', '00:00', '24:00')).toHaveLength(25);
  });

  it('Asia/Kolkata (+05:30): 09:00–11:00 local is 03:30Z–05:30Z', () => {
    const cal = calendar(weekdays('09:00', '11:00'), { timeZone: 'Asia/Kolkata' });
    const slots = generateSlots(
      cal,
      search('2027-01-11T00:00:00+05:30', '2027-01-12T00:00:00+05:30', { rules: hourly }),
    );
    expect(slots.map((s) => new Date(s.start).toISOString())).toEqual([
      '2027-01-11T03:30:00.000Z',
      '2027-01-11T04:30:00.000Z',
    ]);
  });

  it('Australia/Adelaide 2027-04-04 (fall back from +10:30 to +09:30): 01:00–04:00 holds 4 real hours', () => {
    expect(sunday('Australia/Adelaide', '2027-04-04', '01:00', '04:00')).toEqual([
      '2027-04-04T01:00:00+10:30',
      '2027-04-04T02:00:00+10:30',
      '2027-04-04T02:00:00+09:30',
      '2027-04-04T03:00:00+09:30',
    ]);
  });

  it('Australia/Adelaide 2027-10-03 (spring forward to +10:30): 01:00–04:00 holds 2 real hours', () => {
    expect(sunday('Australia/Adelaide', '2027-10-03', '01:00', '04:00')).toEqual([
      '2027-10-03T01:00:00+09:30',
      '2027-10-03T03:00:00+10:30',
    ]);
  });
});

describe('generateSlots: inputs', () => {
  it('rejects rules that would loop forever or put the grid between minutes', () => {
    const cal = calendar(weekdays('08:00', '12:00'));
    const s = search('2027-01-11T00:00:00+01:00', '2027-01-12T00:00:00+01:00');
    expect(() => generateSlots(cal, { ...s, rules: { ...meeting, slotStepMinutes: 0 } })).toThrow(RangeError);
    expect(() => generateSlots(cal, { ...s, rules: { ...meeting, durationMinutes: 7.5 } })).toThrow(RangeError);
    expect(() => generateSlots(cal, { ...s, rules: { ...meeting, bufferBeforeMinutes: -5 } })).toThrow(RangeError);
  });

  it('rejects an unknown time zone, a malformed working-hours time and a reversed busy range', () => {
    const s = search('2027-01-11T00:00:00+01:00', '2027-01-12T00:00:00+01:00');
    expect(() => generateSlots(calendar(weekdays('08:00', '12:00'), { timeZone: 'Europe/Stockholmm' }), s)).toThrow(
      /IANA/,
    );
    expect(() => generateSlots(calendar(weekdays('8:00', '12:00')), s)).toThrow(/HH:mm/);
    expect(() =>
      generateSlots(
        calendar(weekdays('08:00', '12:00'), { busy: [span('2027-01-11T10:00:00Z', '2027-01-11T09:00:00Z')] }),
        s,
      ),
    ).toThrow(RangeError);
  });

  it('treats an empty absence as covering no time', () => {
    const cal = calendar(weekdays('08:00', '12:00'), {
      absences: [span('2027-01-11T09:00:00+01:00', '2027-01-11T09:00:00+01:00')],
    });
    expect(starts(cal, search('2027-01-11T00:00:00+01:00', '2027-01-12T00:00:00+01:00'))).toHaveLength(12);
  });
});
