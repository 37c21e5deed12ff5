import { IntervalCursor, normalizeIntervals } from './intervals';
import { assertInstant, bookableWindow, rulesInMs } from './search-rules';
import type { CalendarInput, Slot, SlotSearch } from './types';
import { workingBlocks } from './working-blocks';
import { ZoneOffsets } from './zone-offsets';

/**
 * The bookable slots of one calendar whose start lies in [search.from, search.to), by start.
 *
 * The grid (domain rule 2): within each working block (see workingBlocks) the candidate MEETING
 * starts are blockStart + k × step (k ≥ 0), counted in real elapsed minutes, so DST days need no
 * special case. A candidate is offered when its buffered range [start − before, end + after) lies
 * inside the block and hits no absence or busy time.
 * Example: block 08:00–12:00, 45 min meetings, 5 min before, 10 min after, 15 min step → 08:00 is
 * not offered (its before-buffer would begin at 07:55), so meetings at 08:15 (buffered 08:10–09:10),
 * 08:30, 08:45, … 11:00 (buffered 10:55–11:55); 11:15 would be buffered until 12:10 and is not
 * offered. With 20 min before, the first meeting is 08:30 (buffered 08:10). Meetings thus start on
 * the quarter hours clients expect, and each block's grid stays fixed whatever range a search asks
 * for. A later block of the same day (13:10–16:00) starts its own grid: 13:25, 13:40, …
 */
export function generateSlots(calendar: CalendarInput, search: SlotSearch): Slot[] {
  assertSearch(search);
  if (search.to <= search.from) return [];
  return slotsWith(calendar, search, ZoneOffsets.around(calendar.timeZone, search.from, search.to));
}

/** generateSlots with the zone's offsets already looked up (shared across a team in one zone). */
export function slotsWith(calendar: CalendarInput, search: SlotSearch, offsets: ZoneOffsets): Slot[] {
  const rules = rulesInMs(search.rules);
  const { earliest, latest } = bookableWindow(search, rules);
  // Candidate starts: in the searched range, and allowed by notice and horizon.
  const from = Math.max(search.from, earliest);
  const to = Math.min(search.to, latest);
  if (to <= from) return [];
  const taken = new IntervalCursor(normalizeIntervals([...calendar.absences, ...calendar.busy], 'absences and busy'));
  const { duration, before, after, step } = rules;
  const slots: Slot[] = [];
  for (const block of workingBlocks(calendar, offsets, search.mode, from - before, to)) {
    // The first grid start at or after `from` whose before-buffer begins inside the block, skipping
    // the grid points before it arithmetically (k ≥ 0, because lowest ≥ block.start).
    const lowest = Math.max(from, block.start + before);
    let start = block.start + Math.ceil((lowest - block.start) / step) * step;
    for (; start + duration + after <= block.end; start += step) {
      if (start >= to) break;
      const end = start + duration;
      if (!taken.hits({ start: start - before, end: end + after })) slots.push({ start, end });
    }
  }
  return slots;
}

export function assertSearch(search: SlotSearch): void {
  rulesInMs(search.rules);
  assertInstant('from', search.from);
  assertInstant('to', search.to);
  assertInstant('now', search.now);
}
