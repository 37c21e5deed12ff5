import { rulesInMs, timingRejection } from './search-rules';
import type { SlotRules } from './types';

const at = (iso: string) => Date.parse(iso);
const rules: SlotRules = {
  durationMinutes: 45,
  bufferBeforeMinutes: 5,
  bufferAfterMinutes: 10,
  slotStepMinutes: 15,
  minNoticeMinutes: 60,
  horizonDays: 2,
};
const now = at('2027-01-11T08:00:00Z');
const check = (start: string, ignoreNoticeAndHorizon = false) =>
  timingRejection(at(start), { now, ignoreNoticeAndHorizon }, rulesInMs(rules));

describe('timingRejection', () => {
  it('says IN_PAST 1 ms before now, not TOO_SOON, although that is inside the notice too', () => {
    expect(check('2027-01-11T07:59:59.999Z')).toBe('IN_PAST');
  });

  it('says TOO_SOON from now until 1 ms before now + notice, and nothing at now + notice', () => {
    expect(check('2027-01-11T08:00:00Z')).toBe('TOO_SOON');
    expect(check('2027-01-11T08:59:59.999Z')).toBe('TOO_SOON');
    expect(check('2027-01-11T09:00:00Z')).toBeNull();
  });

  it('says TOO_FAR from exactly now + horizonDays × 24 h, and nothing 1 ms before', () => {
    expect(check('2027-01-13T07:59:59.999Z')).toBeNull();
    expect(check('2027-01-13T08:00:00Z')).toBe('TOO_FAR');
  });

  it('for staff, skips notice and horizon but not the past', () => {
    expect(check('2027-01-11T08:00:00Z', true)).toBeNull();
    expect(check('2028-01-11T08:00:00Z', true)).toBeNull();
    expect(check('2027-01-11T07:59:59.999Z', true)).toBe('IN_PAST');
  });
});

describe('rulesInMs', () => {
  it('converts minutes and days to milliseconds', () => {
    expect(rulesInMs(rules)).toEqual({
      duration: 2_700_000,
      before: 300_000,
      after: 600_000,
      step: 900_000,
      notice: 3_600_000,
      horizon: 172_800_000,
    });
  });

  it('refuses a zero step or duration, negative buffers and fractions of a minute', () => {
    for (const bad of [
      { slotStepMinutes: 0 },
      { durationMinutes: 0 },
      { bufferAfterMinutes: -1 },
      { minNoticeMinutes: 0.5 },
      { horizonDays: Number.NaN },
    ]) {
      expect(() => rulesInMs({ ...rules, ...bad })).toThrow(RangeError);
    }
  });
});
