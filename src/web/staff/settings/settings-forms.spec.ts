import {
  checkAbsence,
  checkHoursRows,
  checkTokenForm,
  HoursRow,
  normaliseClock,
  wallClockInstant,
} from './settings-forms';

const row = (weekday: number, start: string, end: string, modes: HoursRow['modes'] = ['in_person']): HoursRow => ({
  weekday: String(weekday),
  start,
  end,
  modes,
  remove: false,
});

describe('settings forms', () => {
  it('keeps filled rows in weekday order and leaves out blank and removed ones', () => {
    const { rules, problems } = checkHoursRows([
      row(2, '09:00', '11:00'),
      row(1, '13:00', '24:00', ['video']),
      row(1, '', ''),
      { ...row(3, '10:00', '09:00'), remove: true },
      row(1, '08:00', '12:00', ['in_person', 'video']),
    ]);
    expect(problems).toEqual([]);
    expect(rules).toEqual([
      { weekday: 1, start: '08:00', end: '12:00', modes: ['in_person', 'video'] },
      { weekday: 1, start: '13:00', end: '24:00', modes: ['video'] },
      { weekday: 2, start: '09:00', end: '11:00', modes: ['in_person'] },
    ]);
  });

  it('puts each problem on its row and field', () => {
    const { problems } = checkHoursRows([
      row(1, '08:00', '12:00'),
      row(1, '15:00', '14:00'),
      row(1, '8am', '25:00'),
      row(1, '11:00', '13:00', []),
      row(8, '08:00', '09:00'),
    ]);
    expect(problems.map((p) => [p.row, p.field, p.key])).toEqual([
      [1, 'end', 'settings.hours.error.endBeforeStart'],
      [2, 'start', 'settings.hours.error.time'],
      [2, 'end', 'settings.hours.error.time'],
      [3, 'modes', 'settings.hours.error.modes'],
      [3, 'start', 'settings.hours.error.overlap'],
      [4, 'weekday', 'settings.hours.error.weekday'],
    ]);
    expect(problems.find((p) => p.key === 'settings.hours.error.overlap')?.params).toEqual({
      start: '08:00',
      end: '12:00',
    });
  });

  it('reports a long block against every row it covers', () => {
    const { problems } = checkHoursRows([row(1, '08:00', '16:00'), row(1, '09:00', '10:00'), row(1, '11:00', '12:00')]);
    expect(problems.map((p) => p.row)).toEqual([1, 2]);
  });

  it('tidies 9:00 and 0900 to 09:00', () => {
    expect(normaliseClock('9:00')).toBe('09:00');
    expect(normaliseClock('0900')).toBe('09:00');
    expect(normaliseClock(' 9.30 ')).toBe('09:30');
  });

  it('reads a date and a time in the unit zone, across the clock changes', () => {
    const zone = 'Europe/Stockholm';
    expect((wallClockInstant('2027-01-11', '09:00', zone) as Date).toISOString()).toBe('2027-01-11T08:00:00.000Z');
    expect((wallClockInstant('2027-06-14', '09:00', zone) as Date).toISOString()).toBe('2027-06-14T07:00:00.000Z');
    expect((wallClockInstant('2027-03-28', '', zone) as Date).toISOString()).toBe('2027-03-27T23:00:00.000Z');
    // The spring change: 02:00–03:00 does not exist; the day after 28 March starts at +02:00.
    expect(wallClockInstant('2027-03-28', '02:30', zone)).toBe('skipped');
    expect((wallClockInstant('2027-03-28', '24:00', zone) as Date).toISOString()).toBe('2027-03-28T22:00:00.000Z');
    expect(wallClockInstant('2027-02-30', '09:00', zone)).toBe('invalid');
    expect(wallClockInstant('2027-01-11', '9', zone)).toBe('invalid');
  });

  it('checks an absence: the end after the start, a whole day without times', () => {
    const zone = 'Europe/Stockholm';
    const day = checkAbsence(
      { fromDate: '2027-01-11', fromTime: '', toDate: '2027-01-11', toTime: '', note: '' },
      zone,
    );
    expect(day).toMatchObject({ problems: [] });
    expect('startsAt' in day && [day.startsAt.toISOString(), day.endsAt.toISOString()]).toEqual([
      '2027-01-10T23:00:00.000Z',
      '2027-01-11T23:00:00.000Z',
    ]);
    const back = checkAbsence(
      { fromDate: '2027-01-11', fromTime: '12:00', toDate: '2027-01-11', toTime: '09:00', note: '' },
      zone,
    );
    expect(back.problems).toEqual([{ field: 'absence-to-date', key: 'settings.absence.error.order' }]);
    const empty = checkAbsence({ fromDate: '', fromTime: '', toDate: 'x', toTime: '', note: 'n'.repeat(501) }, zone);
    expect(empty.problems.map((p) => p.field)).toEqual(['absence-from-date', 'absence-to-date', 'absence-note']);
  });

  it('checks a token: a label, and 1 to 3650 days', () => {
    expect(checkTokenForm({ label: 'CI', days: '30' })).toEqual({ label: 'CI', days: 30, problems: [] });
    expect(checkTokenForm({ label: '', days: '0' }).problems.map((p) => p.field)).toEqual([
      'token-label',
      'token-days',
    ]);
    expect(checkTokenForm({ label: 'x', days: '3651' }).problems.map((p) => p.field)).toEqual(['token-days']);
  });
});
