import ICAL from 'ical.js';
import { localMs } from './ics-time';

/**
 * Recurrence rules as ical.js can expand them (ics-busy.ts). ical.js 2.x walks a BY-list in the order
 * it is written and counts some occurrences twice, so:
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
