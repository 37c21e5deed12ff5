import { assertSearch, slotsWith } from './generate-slots';
import type { SlotSearch, TeamMember, TeamSlot } from './types';
import { ZoneOffsets } from './zone-offsets';

/**
 * Intake availability: every start at which at least one member is free, with who is free, in
 * the members' order. Members who share a zone share its offsets (the only luxon work).
 */
export function generateTeamSlots(members: readonly TeamMember[], search: SlotSearch): TeamSlot[] {
  assertSearch(search);
  if (search.to <= search.from) return [];
  const offsetsByZone = new Map<string, ZoneOffsets>();
  const byStart = new Map<number, TeamSlot>();
  for (const { caseworkerId, calendar } of members) {
    let offsets = offsetsByZone.get(calendar.timeZone);
    if (offsets === undefined) {
      offsets = ZoneOffsets.around(calendar.timeZone, search.from, search.to);
      offsetsByZone.set(calendar.timeZone, offsets);
    }
    for (const slot of slotsWith(calendar, search, offsets)) {
      const shared = byStart.get(slot.start);
      if (shared !== undefined) shared.caseworkerIds.push(caseworkerId);
      else byStart.set(slot.start, { start: slot.start, end: slot.end, caseworkerIds: [caseworkerId] });
    }
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/**
 * Intake assignment (domain rule 7): the candidate with the fewest appointments that week, where a
 * caseworker missing from the map has none; on a tie the earlier candidate wins, so the same
 * inputs always pick the same person. Undefined when there is no candidate.
 */
export function pickCaseworker(
  candidateIds: readonly string[],
  appointmentsThisWeek: ReadonlyMap<string, number>,
): string | undefined {
  return rankCaseworkers(candidateIds, appointmentsThisWeek)[0];
}

/**
 * Every candidate in rule 7's order: fewest appointments that week first, ties in the candidates'
 * order; the first is pickCaseworker's. A booking that finds its first choice's calendar being
 * written by a concurrent booking takes the next instead of queueing behind it.
 */
export function rankCaseworkers(
  candidateIds: readonly string[],
  appointmentsThisWeek: ReadonlyMap<string, number>,
): string[] {
  // Array.prototype.sort is stable: equal counts keep the candidates' order.
  return [...candidateIds].sort((a, b) => (appointmentsThisWeek.get(a) ?? 0) - (appointmentsThisWeek.get(b) ?? 0));
}
