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
  const start = rule.count ? dtstart : fastForward(dtstart, rule, before);
  let ruleSteps = STEPS_PER_RULE;
  const iterator = ruleForIcal(rule).iterator(start);
  const check = iterator.check_contracting_rules.bind(iterator);
  iterator.check_contracting_rules = () => {
    if (--ruleSteps < 0 || --budget.left < 0) throw new OutOfSteps();
    return check();
  };
  try {
    for (const time of countedOccurrences(() => iterator.next(), dtstart, rule.count)) {
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
