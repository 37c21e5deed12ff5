import { bufferedRange, normalizeIntervals, overlaps } from './intervals';
import { assertInstant, rulesInMs, timingRejection } from './search-rules';
import type { CalendarInput, Interval, SlotRejection, SlotSearch } from './types';
import { workingBlocks } from './working-blocks';
import { ZoneOffsets } from './zone-offsets';

/**
 * Why a meeting starting at `start` cannot be booked, or null when it can. It gives the same
 * answer as generateSlots for every start (check-slot.spec.ts compares them over whole weeks),
 * and the first reason that applies in this order:
 * IN_PAST, TOO_SOON, TOO_FAR — the timing, whatever the calendar says;
 * OUTSIDE_HOURS — no working hours (of any mode) hold the buffered meeting;
 * MODE_NOT_ALLOWED — working hours hold it, but not hours that allow this mode;
 * OFF_GRID — the meeting start is not a whole number of steps after the start of the block that
 *   holds the buffered meeting (see generateSlots): 08:15 is on the grid of 08:00–12:00 with a 15 min
 *   step, 08:05 is not, whatever the buffers;
 * ABSENCE, then BUSY — the buffered meeting overlaps an absence or a held/confirmed appointment.
 */
export function checkSlot(
  calendar: CalendarInput,
  search: Omit<SlotSearch, 'from' | 'to'>,
  start: number,
): SlotRejection | null {
  const rules = rulesInMs(search.rules);
  assertInstant('now', search.now);
  assertInstant('start', start);
  const timing = timingRejection(start, search, rules);
  if (timing !== null) return timing;
  const buffered = bufferedRange(start, start + rules.duration, search.rules);
  const offsets = ZoneOffsets.around(calendar.timeZone, buffered.start, buffered.end);
  const holds = (block: Interval) => block.start <= buffered.start && buffered.end <= block.end;
  if (!workingBlocks(calendar, offsets, null, buffered.start, buffered.end).some(holds)) return 'OUTSIDE_HOURS';
  const block = workingBlocks(calendar, offsets, search.mode, buffered.start, buffered.end).find(holds);
  if (block === undefined) return 'MODE_NOT_ALLOWED';
  if ((start - block.start) % rules.step !== 0) return 'OFF_GRID';
  if (normalizeIntervals(calendar.absences, 'absences').some((a) => overlaps(a, buffered))) return 'ABSENCE';
  if (normalizeIntervals(calendar.busy, 'busy').some((b) => overlaps(b, buffered))) return 'BUSY';
  return null;
}
