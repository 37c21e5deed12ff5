import type { Interval, SlotRules } from './types';

export const MINUTE = 60_000;
export const DAY = 86_400_000;

/** Luxon's semantics for half-open intervals: [08:00, 09:00) and [09:00, 10:00) do not overlap. */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.end > b.start && a.start < b.end;
}

/** The range a meeting keeps busy: 09:00–09:45 with 5 min before and 10 after is 08:55–09:55. */
export function bufferedRange(
  start: number,
  end: number,
  rules: Pick<SlotRules, 'bufferBeforeMinutes' | 'bufferAfterMinutes'>,
): Interval {
  return { start: start - rules.bufferBeforeMinutes * MINUTE, end: end + rules.bufferAfterMinutes * MINUTE };
}

/**
 * A sorted copy with touching and overlapping intervals joined, so that a sweep can stop at the
 * first one that ends after a query starts. Joining [a, b) and [b, c) into [a, c) changes no
 * overlap answer, because half-open intervals that touch share no instant.
 * Empty intervals hold no instant and are dropped; reversed or non-finite ones are a caller's bug.
 */
export function normalizeIntervals(list: readonly Interval[], what: string): Interval[] {
  const sorted: Interval[] = [];
  for (const i of list) {
    if (!Number.isFinite(i.start) || !Number.isFinite(i.end) || i.end < i.start) {
      throw new RangeError(`${what}: [${i.start}, ${i.end}) is not a valid interval`);
    }
    if (i.end > i.start) sorted.push({ start: i.start, end: i.end });
  }
  sorted.sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push(i);
  }
  return out;
}

/**
 * Answers "does this query overlap any interval?" for queries that come in order of start, in
 * O(intervals + queries) over a whole search instead of O(intervals × queries).
 */
export class IntervalCursor {
  private next = 0;

  /** `sorted` must come from normalizeIntervals. */
  constructor(private readonly sorted: readonly Interval[]) {}

  /** Queries must have non-decreasing starts. */
  hits(query: Interval): boolean {
    const list = this.sorted;
    // An interval that ends at or before this query's start cannot touch this or any later query.
    while (this.next < list.length && list[this.next].end <= query.start) this.next++;
    return this.next < list.length && list[this.next].start < query.end;
  }
}
