import { IntervalCursor, normalizeIntervals } from './intervals';
import { assertInstant, bookableWindow, rulesInMs } from './search-rules';
import type { CalendarInput, Slot, SlotSearch } from './types';
import { workingBlocks } from './working-blocks';
import { ZoneOffsets } from './zone-offsets';

/**
 * The bookable slots of one calendar whose start lies in [search.from, search.to), by start.
 *
 * The grid: within each working block (see workingBlocks) the candidate BUFFERED starts are
 * blockStart + k × step, counted in real elapsed minutes; the meeting starts bufferBefore later.
 * Example: block 08:00–12:00, 45 min meetings, 5 min before, 10 min after, 15 min step → meetings at
 * 08:05, 08:20, 08:35, … 11:05, whose buffered range 11:00–12:00 ends exactly at the block end;
 * 11:20 would end at 12:15 and is not offered. Anchoring the buffered start (not the meeting) lets
 * the first meeting use the block from its very first minute, and keeps each block's grid fixed
 * whatever range a search asks for. A later block of the same day (13:00–16:00) starts its own grid.
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
    // The first grid start at or after `from`, skipping the grid points before it arithmetically.
    let bufferedStart = block.start + Math.max(0, Math.ceil((from - before - block.start) / step)) * step;
    for (; bufferedStart + before + duration + after <= block.end; bufferedStart += step) {
      const start = bufferedStart + before;
      if (start >= to) break;
      const end = start + duration;
      if (!taken.hits({ start: bufferedStart, end: end + after })) slots.push({ start, end });
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
