// The pure slot engine: plain data in, plain data out; no clock, no database, no framework.
export type {
  CalendarInput,
  Interval,
  Mode,
  Slot,
  SlotRejection,
  SlotRules,
  SlotSearch,
  TeamMember,
  TeamSlot,
  WorkingHoursRule,
} from './types';
export { bufferedRange, overlaps } from './intervals';
export { generateSlots } from './generate-slots';
export { checkSlot } from './check-slot';
export { generateTeamSlots, pickCaseworker, rankCaseworkers } from './team-slots';
export { validateWorkingHours } from './validate-working-hours';
