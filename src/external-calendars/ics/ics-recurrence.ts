import ICAL from 'ical.js';
import { fastForward, localMs, resetCache } from './ics-time';

/**
 * One recurrence rule's expansion (ics-busy.ts), bounded in steps, and the rule as ical.js can expand
 * it. ical.js 2.x walks a BY-list in the order it is written and counts some occurrences twice, so:
 *
 * - BYMONTH=12,1 or BYHOUR=17,9 (RFC 5545 gives the lists no order) came out of order (December of
 *   the next year before this January), and the expansion, which stops at the first occurrence past
 *   the horizon, lost the rest: the numeric lists are sorted first.
 * - When a period yields DTSTART a second time, ical.js's next() recurses and counts that occurrence
 *   twice: FREQ=MONTHLY;COUNT=4;BYDAY=3WE;BYMONTH=1,12 from December gave three. COUNT is therefore
 *   taken off the rule handed to ical.js and counted by the caller (countedOccurrences).
 * - FREQ=YEARLY;BYWEEKNO is expanded here (byWeekNumber): ical.js's answer is wrong.
 */

type Recur = InstanceType<typeof ICAL.Recur>;
type Time = InstanceType<typeof ICAL.Time>;

/** The BY-lists of plain numbers (BYDAY's "3WE" entries ical.js orders itself). */
const NUMERIC_PARTS = ['BYSECOND', 'BYMINUTE', 'BYHOUR', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO', 'BYMONTH', 'BYSETPOS'];

/**
 * Candidate times ical.js may try (one try costs ~15-40 µs) for one recurrence rule, and for the whole
 * document. A rule that cannot match (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) or matches every minute
 * stops there instead of blocking the event loop; the occurrences found until then still count.
 */
const STEPS_PER_RULE = 25_000;
export const STEPS_PER_DOCUMENT = 100_000;

/** What is left of the document's steps. */
export interface StepBudget {
  left: number;
}

class OutOfSteps extends Error {}

/**
 * Hands a rule's occurrences after DTSTART, in order, to `occurrence` until it answers false (past
 * the horizon, or the cap reached) or the steps run out. Rules without COUNT start at the last
 * whole period before `before` (a wall time, as local epoch ms) instead of at DTSTART.
 */
export function expandRule(
  rule: Recur,
  dtstart: Time,
  before: number,
  budget: StepBudget,
  occurrence: (t: Time) => boolean,
): void {
  if (rule.until && !rule.until.isDate && rule.until.zone !== ICAL.Timezone.utcTimezone) {
    rule.until.zone = dtstart.zone; // a floating UNTIL is in DTSTART's zone
    resetCache(rule.until);
  }
  let ruleSteps = STEPS_PER_RULE;
  const step = () => {
    if (--ruleSteps < 0 || --budget.left < 0) throw new OutOfSteps();
  };
  let next: () => Time | null;
  if (isWeekNumberRule(rule)) next = byWeekNumber(rule, dtstart, before, step);
  else {
    const start = rule.count ? dtstart : fastForward(dtstart, rule, before);
    const iterator = ruleForIcal(rule).iterator(start);
    const check = iterator.check_contracting_rules.bind(iterator);
    iterator.check_contracting_rules = () => {
      step();
      return check();
    };
    next = () => iterator.next();
  }
  try {
    for (const time of countedOccurrences(next, dtstart, rule.count)) {
      if (!occurrence(time)) return;
    }
  } catch (e) {
    if (!(e instanceof OutOfSteps)) throw e;
  }
}

/** The rule to hand ical.js: numeric BY-lists in ascending order, and no COUNT. */
export function ruleForIcal(rule: Recur): Recur {
  const parts = rule.parts as Record<string, unknown>;
  const unsorted = NUMERIC_PARTS.some((name) => {
    const list = parts[name];
    return Array.isArray(list) && list.some((v, i) => i > 0 && (v as number) < (list[i - 1] as number));
  });
  if (!rule.count && !unsorted) return rule;
  const copy = rule.clone();
  copy.count = null;
  const copyParts = copy.parts as Record<string, unknown>;
  for (const name of NUMERIC_PARTS) {
    const list = copyParts[name];
    if (Array.isArray(list)) list.sort((a: number, b: number) => a - b);
  }
  return copy;
}

/**
 * The occurrences ical.js yields for a rule from DTSTART, each once and in order, at most COUNT of
 * them with DTSTART counted as the first (RFC 5545 3.3.10: "The DTSTART property value always
 * counts as the first occurrence"). A time that is not after the one before (a repeat) is dropped.
 */
export function* countedOccurrences(next: () => Time | null, dtstart: Time, count: number | null): Generator<Time> {
  let counted = 1;
  // Wall-clock digits: every time the iterator yields is in DTSTART's zone.
  let previous = localMs(dtstart);
  for (let time = next(); time; time = next()) {
    const at = localMs(time);
    if (at <= previous) continue;
    if (count && ++counted > count) return;
    previous = at;
    yield time;
  }
}

const DAY_MS = 86_400_000;
const OTHER_PARTS = ['BYSECOND', 'BYMINUTE', 'BYHOUR', 'BYMONTHDAY', 'BYYEARDAY', 'BYMONTH', 'BYSETPOS'];

/**
 * FREQ=YEARLY;BYWEEKNO=…, alone or with plain BYDAY weekdays: ical.js expands it as every Monday
 * from DTSTART on, except some of the right ones (BYWEEKNO=20;BYDAY=MO skips 15 May 2028), so
 * byWeekNumber expands it here. Other combinations with BYWEEKNO stay with ical.js.
 */
function isWeekNumberRule(rule: Recur): boolean {
  const parts = rule.parts as Record<string, unknown>;
  const byday = parts.BYDAY;
  return (
    rule.freq === 'YEARLY' &&
    Array.isArray(parts.BYWEEKNO) &&
    OTHER_PARTS.every((name) => parts[name] === undefined) &&
    (byday === undefined || (Array.isArray(byday) && byday.every((d) => /^(MO|TU|WE|TH|FR|SA|SU)$/.test(String(d)))))
  );
}

/**
 * RFC 5545 3.3.10: week 1 is the first week (starting on WKST) with at least four days of the year,
 * i.e. the one holding 4 January; a negative week number counts from the year's last week. Each
 * listed week's listed weekdays (DTSTART's weekday without BYDAY), at DTSTART's time of day, every
 * INTERVAL years, until UNTIL. Starts a year before `before` (local epoch ms) unless COUNT needs
 * DTSTART's year.
 */
function byWeekNumber(rule: Recur, dtstart: Time, before: number, step: () => void): () => Time | null {
  const parts = rule.parts as Record<string, unknown>;
  const weeks = (parts.BYWEEKNO as unknown[]).map(Number).filter((w) => Number.isInteger(w) && w !== 0);
  const wkst = rule.wkst || ICAL.Time.MONDAY; // ical.js numbers weekdays SUNDAY = 1 … SATURDAY = 7
  const days = Array.isArray(parts.BYDAY)
    ? (parts.BYDAY as string[]).map((d) => ICAL.Recur.icalDayToNumericDay(d))
    : [dtstart.dayOfWeek()];
  const interval = Math.max(1, rule.interval || 1);
  let year = dtstart.year;
  const goal = new Date(before).getUTCFullYear() - 1;
  if (!rule.count && goal > year) year += Math.floor((goal - year) / interval) * interval;
  let pending: number[] = [];
  return () => {
    while (pending.length === 0) {
      if (weeks.length === 0 || year > dtstart.year + 10_000) return null;
      step();
      const first = weekOne(year, wkst);
      const count = (weekOne(year + 1, wkst) - first) / (7 * DAY_MS);
      for (const w of weeks) {
        const n = w > 0 ? w : count + 1 + w;
        if (n < 1 || n > count) continue;
        for (const d of days) pending.push(first + ((n - 1) * 7 + ((d - wkst + 7) % 7)) * DAY_MS);
      }
      pending.sort((a, b) => a - b);
      year += interval;
    }
    const date = new Date(pending.shift()!);
    const time = new ICAL.Time(
      {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour: dtstart.hour,
        minute: dtstart.minute,
        second: dtstart.second,
        isDate: dtstart.isDate,
      },
      dtstart.zone,
    );
    if (rule.until && time.compare(rule.until) > 0) {
      pending = [];
      year = Number.POSITIVE_INFINITY;
      return null;
    }
    return time;
  };
}

/** The first day of week 1 of a year (UTC ms of the date): the WKST on or before 4 January. */
function weekOne(year: number, wkst: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = new Date(jan4).getUTCDay() + 1; // as ical.js numbers it
  return jan4 - ((weekday - wkst + 7) % 7) * DAY_MS;
}
