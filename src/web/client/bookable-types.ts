import type { MeetingTypeEntity } from '../../units/meeting-type.entity';

/** What a returning client may book: follow-up types once they have a caseworker, intake types before. */
export function bookableTypes(types: MeetingTypeEntity[], hasCaseworker: boolean): MeetingTypeEntity[] {
  const active = types.filter((t) => t.active);
  const fitting = active.filter((t) => t.intake !== hasCaseworker);
  return fitting.length ? fitting : active;
}
