import type { CalendarInput, WorkingHoursRule } from './types';
import { workingBlocks } from './working-blocks';
import { ZoneOffsets } from './zone-offsets';

const at = (iso: string) => Date.parse(iso);

/** The blocks of one local date, as ISO strings in UTC. */
function blocksOn(
  timeZone: string,
  dayStart: string,
  dayEnd: string,
  workingHours: WorkingHoursRule[],
  mode: 'in_person' | 'video' | null = null,
): string[][] {
  const cal: CalendarInput = { timeZone, workingHours, absences: [], busy: [] };
  const from = at(dayStart);
  const to = at(dayEnd);
  return workingBlocks(cal, ZoneOffsets.around(timeZone, from, to), mode, from, to).map((b) => [
    new Date(b.start).toISOString(),
    new Date(b.end).toISOString(),
  ]);
}

const sunday = (start: string, end: string, modes: WorkingHoursRule['modes'] = ['in_person']): WorkingHoursRule => ({
  weekday: 7,
  start,
  end,
  modes,
});

describe('workingBlocks', () => {
  it('expands 08:00–16:00 on the Monday after the Stockholm spring-forward to 8 real hours in CEST', () => {
    expect(
      blocksOn('Europe/Stockholm', '2027-03-29T00:00:00+02:00', '2027-03-30T00:00:00+02:00', [
        { weekday: 1, start: '08:00', end: '16:00', modes: ['video'] },
      ]),
    ).toEqual([['2027-03-29T06:00:00.000Z', '2027-03-29T14:00:00.000Z']]);
  });

  it('makes 02:15–02:45 on 2027-03-28 in Stockholm, wholly inside the gap, no block at all', () => {
    expect(
      blocksOn('Europe/Stockholm', '2027-03-28T00:00:00+01:00', '2027-03-29T00:00:00+02:00', [
        sunday('02:15', '02:45'),
      ]),
    ).toEqual([]);
  });

  it('joins 01:00–02:00 and 03:00–05:00 on 2027-03-28 in Stockholm, which touch in real time across the gap', () => {
    expect(
      blocksOn('Europe/Stockholm', '2027-03-28T00:00:00+01:00', '2027-03-29T00:00:00+02:00', [
        sunday('01:00', '02:00'),
        sunday('03:00', '05:00'),
      ]),
    ).toEqual([['2027-03-28T00:00:00.000Z', '2027-03-28T03:00:00.000Z']]);
  });

  it('ends 01:00–02:30 on 2027-10-31 in Stockholm at the first 02:30, where 02:30–04:00 begins, making one 4-hour block', () => {
    expect(
      blocksOn('Europe/Stockholm', '2027-10-31T00:00:00+02:00', '2027-11-01T00:00:00+01:00', [
        sunday('01:00', '02:30'),
      ]),
    ).toEqual([['2027-10-30T23:00:00.000Z', '2027-10-31T00:30:00.000Z']]);
    expect(
      blocksOn('Europe/Stockholm', '2027-10-31T00:00:00+02:00', '2027-11-01T00:00:00+01:00', [
        sunday('01:00', '02:30'),
        sunday('02:30', '04:00'),
      ]),
    ).toEqual([['2027-10-30T23:00:00.000Z', '2027-10-31T03:00:00.000Z']]);
  });

  it('joins overlapping rules of one date, and rules of all modes when asked for any mode', () => {
    const rules = [
      sunday('08:00', '12:00', ['in_person']),
      sunday('11:00', '13:00', ['in_person']),
      sunday('13:00', '16:00', ['video']),
    ];
    const day = ['2027-01-10T00:00:00+01:00', '2027-01-11T00:00:00+01:00'] as const;
    expect(blocksOn('Europe/Stockholm', ...day, rules, 'in_person')).toEqual([
      ['2027-01-10T07:00:00.000Z', '2027-01-10T12:00:00.000Z'],
    ]);
    expect(blocksOn('Europe/Stockholm', ...day, rules, 'video')).toEqual([
      ['2027-01-10T12:00:00.000Z', '2027-01-10T15:00:00.000Z'],
    ]);
    expect(blocksOn('Europe/Stockholm', ...day, rules, null)).toEqual([
      ['2027-01-10T07:00:00.000Z', '2027-01-10T15:00:00.000Z'],
    ]);
  });

  it('keeps 20:00–24:00 and the next day’s 00:00–04:00 as two blocks that touch at midnight', () => {
    const rules = [
      { weekday: 7, start: '20:00', end: '24:00', modes: ['video'] as const },
      { weekday: 1, start: '00:00', end: '04:00', modes: ['video'] as const },
    ];
    expect(blocksOn('Australia/Adelaide', '2027-01-10T00:00:00+10:30', '2027-01-12T00:00:00+10:30', rules)).toEqual([
      ['2027-01-10T09:30:00.000Z', '2027-01-10T13:30:00.000Z'],
      ['2027-01-10T13:30:00.000Z', '2027-01-10T17:30:00.000Z'],
    ]);
  });

  it('returns only blocks that overlap the range, including one that started before it', () => {
    const rules = [1, 2, 3].map((weekday) => ({ weekday, start: '08:00', end: '16:00', modes: ['video'] as const }));
    expect(blocksOn('Asia/Kolkata', '2027-01-12T12:00:00+05:30', '2027-01-12T18:00:00+05:30', rules)).toEqual([
      ['2027-01-12T02:30:00.000Z', '2027-01-12T10:30:00.000Z'],
    ]);
  });
});
