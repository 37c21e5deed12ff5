import { DAY, MINUTE } from './intervals';
import { wallClockMinutes } from './wall-clock';
import type { CalendarInput, Interval, Mode } from './types';
import { ZoneOffsets } from './zone-offsets';

interface DayRule {
  start: number;
  end: number;
}

/**
 * The real-time blocks in which a caseworker works (in `mode`, or in any mode for null) that
 * overlap [from, to), sorted and disjoint.
 *
 * Each rule is a wall-clock rule, expanded per local date: the block runs from the first instant
 * the clock reads its start to the first instant it reads its end (ZoneOffsets.instantOf), so
 * DST days come out right without special cases. In Europe/Stockholm:
 * - Monday 2027-03-29 08:00–16:00 is 06:00Z–14:00Z, the Friday before 07:00Z–15:00Z: 8 hours each.
 * - Spring forward, Sunday 2027-03-28: 01:00–04:00 is 00:00Z–02:00Z (2 real hours); 02:00–04:00
 *   starts at 03:00 CEST, the first instant after the gap (1 real hour); 02:15–02:45 is empty.
 * - Fall back, Sunday 2027-10-31: 01:00–04:00 is 23:00Z–03:00Z (4 real hours, 02:xx twice);
 *   01:00–02:30 ends at the first 02:30 (CEST), so 02:30–04:00 continues seamlessly from there.
 *
 * Rules of one date that touch or overlap in real time join into one block, so a meeting may run
 * 11:30–12:30 across 08:00–12:00 and 12:00–16:00. That includes rules that only touch because of a
 * gap: on 2027-03-28, 01:00–02:00 and 03:00–05:00 are one block 00:00Z–03:00Z.
 * Blocks of different dates never join, even where 24:00 meets the next day's 00:00: a meeting
 * never spans midnight, and the grid of a date (counted from its block start) does not depend on
 * how far back a search happens to reach.
 */
export function workingBlocks(
  calendar: CalendarInput,
  offsets: ZoneOffsets,
  mode: Mode | null,
  from: number,
  to: number,
): Interval[] {
  const byWeekday = rulesByWeekday(calendar, mode);
  const blocks: Interval[] = [];
  // Local dates as local epoch ms of their midnight; a date's blocks lie within a day of it.
  const firstDate = Math.floor(offsets.localOf(from) / DAY) * DAY - DAY;
  const lastDate = Math.floor(offsets.localOf(to) / DAY) * DAY + DAY;
  for (let date = firstDate; date <= lastDate; date += DAY) {
    // 1970-01-01 was a Thursday (ISO weekday 4).
    const weekday = ((((Math.floor(date / DAY) + 3) % 7) + 7) % 7) + 1;
    let current: Interval | undefined;
    for (const rule of byWeekday[weekday]) {
      const start = offsets.instantOf(date + rule.start);
      const end = offsets.instantOf(date + rule.end);
      if (end <= start) continue;
      if (current !== undefined && start <= current.end) {
        current.end = Math.max(current.end, end);
        continue;
      }
      if (current !== undefined && current.end > from && current.start < to) blocks.push(current);
      current = { start, end };
    }
    if (current !== undefined && current.end > from && current.start < to) blocks.push(current);
  }
  return blocks;
}

/** Index 1..7: that weekday's rules for the mode, as minutes after midnight, by start. */
function rulesByWeekday(calendar: CalendarInput, mode: Mode | null): DayRule[][] {
  const byWeekday: DayRule[][] = [[], [], [], [], [], [], [], []];
  for (const rule of calendar.workingHours) {
    if (mode !== null && !rule.modes.includes(mode)) continue;
    const start = wallClockMinutes(rule.start) * MINUTE;
    const end = wallClockMinutes(rule.end) * MINUTE;
    if (Number.isInteger(rule.weekday) && rule.weekday >= 1 && rule.weekday <= 7)
      byWeekday[rule.weekday].push({ start, end });
  }
  for (const rules of byWeekday) rules.sort((a, b) => a.start - b.start);
  return byWeekday;
}
