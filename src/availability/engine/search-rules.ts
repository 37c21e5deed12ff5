import { DAY, MINUTE } from './intervals';
import type { SlotRejection, SlotRules, SlotSearch } from './types';

/** A search's rules in milliseconds, checked once. */
export interface RulesMs {
  duration: number;
  before: number;
  after: number;
  step: number;
  notice: number;
  horizon: number;
}

/**
 * Meeting types are validated where they are written; nonsense reaching the engine (a zero step
 * would loop forever, a fractional minute would put the grid between milliseconds) is a bug, and
 * failing loudly beats offering wrong times.
 */
export function rulesInMs(rules: SlotRules): RulesMs {
  const whole = (name: keyof SlotRules, min: number) => {
    const value = rules[name];
    if (!Number.isInteger(value) || value < min)
      throw new RangeError(`${name} must be a whole number of at least ${min}, not ${value}`);
    return value;
  };
  return {
    duration: whole('durationMinutes', 1) * MINUTE,
    before: whole('bufferBeforeMinutes', 0) * MINUTE,
    after: whole('bufferAfterMinutes', 0) * MINUTE,
    step: whole('slotStepMinutes', 1) * MINUTE,
    notice: whole('minNoticeMinutes', 0) * MINUTE,
    horizon: whole('horizonDays', 0) * DAY,
  };
}

export function assertInstant(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be an epoch millisecond, not ${value}`);
}

/**
 * The starts that notice and horizon allow: [now + notice, now + horizon), or [now, ∞) for staff.
 * The horizon counts real 24-hour days: with 30 days, now 2027-03-01T09:00Z allows starts before
 * 2027-03-31T09:00Z (which is 11:00 in Stockholm, after the spring-forward; not 10:00).
 */
export function bookableWindow(
  search: Pick<SlotSearch, 'now' | 'ignoreNoticeAndHorizon'>,
  rules: RulesMs,
): { earliest: number; latest: number } {
  if (search.ignoreNoticeAndHorizon) return { earliest: search.now, latest: Infinity };
  return { earliest: search.now + rules.notice, latest: search.now + rules.horizon };
}

/** IN_PAST before TOO_SOON: a start 5 minutes ago is "in the past" even with an hour of notice. */
export function timingRejection(
  start: number,
  search: Pick<SlotSearch, 'now' | 'ignoreNoticeAndHorizon'>,
  rules: RulesMs,
): SlotRejection | null {
  if (start < search.now) return 'IN_PAST';
  const { earliest, latest } = bookableWindow(search, rules);
  if (start < earliest) return 'TOO_SOON';
  if (start >= latest) return 'TOO_FAR';
  return null;
}
