import { validateWorkingHours } from './index';
import type { WorkingHoursRule } from './index';

const rule = (
  weekday: number,
  start: string,
  end: string,
  modes: WorkingHoursRule['modes'] = ['in_person'],
): WorkingHoursRule => ({ weekday, start, end, modes });

describe('validateWorkingHours', () => {
  it('accepts an ordinary week, and an empty list (no working hours)', () => {
    expect(
      validateWorkingHours([
        rule(1, '08:00', '12:00'),
        rule(1, '13:00', '16:00', ['video']),
        rule(5, '00:00', '24:00'),
      ]),
    ).toEqual([]);
    expect(validateWorkingHours([])).toEqual([]);
  });

  it('accepts touching rules on one weekday: 08:00–12:00 and 12:00–16:00', () => {
    expect(validateWorkingHours([rule(2, '12:00', '16:00'), rule(2, '08:00', '12:00')])).toEqual([]);
  });

  it('rejects weekday 0 and weekday 8 (ISO weekdays are 1 to 7)', () => {
    const problems = validateWorkingHours([
      rule(0, '08:00', '12:00'),
      rule(8, '08:00', '12:00'),
      rule(7, '08:00', '12:00'),
    ]);
    expect(problems).toEqual([
      expect.stringMatching(/^Rule 1: weekday must be 1 \(Monday\) to 7 \(Sunday\)/),
      expect.stringMatching(/^Rule 2: weekday/),
    ]);
  });

  it('rejects "25:00", "8:00", "12:60", "24:30" and a start at "24:00"', () => {
    expect(validateWorkingHours([rule(1, '08:00', '25:00')])).toEqual([
      expect.stringMatching(/end must be a time "HH:mm"/),
    ]);
    expect(validateWorkingHours([rule(1, '8:00', '12:00')])).toEqual([
      expect.stringMatching(/start must be a time "HH:mm"/),
    ]);
    expect(validateWorkingHours([rule(1, '08:00', '12:60')])).toHaveLength(1);
    expect(validateWorkingHours([rule(1, '08:00', '24:30')])).toHaveLength(1);
    expect(validateWorkingHours([rule(1, '24:00', '24:00')])).toEqual([
      expect.stringMatching(/start must be a time/),
      expect.stringMatching(/end 24:00 must be after start 24:00/),
    ]);
  });

  it('accepts an end of "24:00", the end of the day', () => {
    expect(validateWorkingHours([rule(1, '20:00', '24:00')])).toEqual([]);
  });

  it('rejects an end before the start, and an end equal to it', () => {
    expect(validateWorkingHours([rule(1, '16:00', '08:00')])).toEqual(['Rule 1: end 08:00 must be after start 16:00.']);
    expect(validateWorkingHours([rule(1, '08:00', '08:00')])).toEqual(['Rule 1: end 08:00 must be after start 08:00.']);
  });

  it('rejects overlapping rules on one weekday, naming both', () => {
    expect(validateWorkingHours([rule(3, '08:00', '12:00'), rule(3, '11:59', '16:00', ['video'])])).toEqual([
      'Rules 1 and 2 overlap on Wednesday: 08:00–12:00 and 11:59–16:00.',
    ]);
  });

  it('reports a long rule against every rule it covers, not only its neighbour', () => {
    expect(
      validateWorkingHours([rule(4, '11:00', '12:00'), rule(4, '08:00', '16:00'), rule(4, '09:00', '10:00')]),
    ).toEqual([
      'Rules 2 and 3 overlap on Thursday: 08:00–16:00 and 09:00–10:00.',
      'Rules 2 and 1 overlap on Thursday: 08:00–16:00 and 11:00–12:00.',
    ]);
  });

  it('allows the same hours on different weekdays', () => {
    expect(validateWorkingHours([rule(1, '08:00', '16:00'), rule(2, '08:00', '16:00')])).toEqual([]);
  });

  it('rejects empty, unknown and repeated modes', () => {
    expect(validateWorkingHours([rule(1, '08:00', '12:00', [])])).toEqual([
      'Rule 1: choose at least one mode (in_person, video, phone).',
    ]);
    expect(validateWorkingHours([rule(1, '08:00', '12:00', ['fax' as 'video'])])).toEqual([
      'Rule 1: unknown mode "fax".',
    ]);
    expect(validateWorkingHours([rule(1, '08:00', '12:00', ['phone'])])).toEqual([]);
    expect(validateWorkingHours([rule(1, '08:00', '12:00', ['video', 'video'])])).toEqual([
      'Rule 1: a mode is listed twice.',
    ]);
  });
});
