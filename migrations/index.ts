import { Foundation1767000000000 } from './1767000000000-Foundation';
import { Appointments1767100000000 } from './1767100000000-Appointments';
import { VideoEvents1767200000000 } from './1767200000000-VideoEvents';
import { HoldLimitsAndErasure1767320000000 } from './1767320000000-HoldLimitsAndErasure';
import { VideoEventIds1767330000000 } from './1767330000000-VideoEventIds';
import { StaffSignIn1767400000000 } from './1767400000000-StaffSignIn';
import { MeetingTypeLabels1767500000000 } from './1767500000000-MeetingTypeLabels';
import { ExternalCalendars1767600000000 } from './1767600000000-ExternalCalendars';
import { HeldAppointmentsIndex1767700000000 } from './1767700000000-HeldAppointmentsIndex';
import { MeetingsAtMostADay1767800000000 } from './1767800000000-MeetingsAtMostADay';
import { ReleasedHoldsIndex1767910000000 } from './1767910000000-ReleasedHoldsIndex';
import { TeamCalendarsVisible1767920000000 } from './1767920000000-TeamCalendarsVisible';
import { PhoneMeetings1767930000000 } from './1767930000000-PhoneMeetings';
import { UnitPhoneSettings1767940000000 } from './1767940000000-UnitPhoneSettings';

/** In order. Never edit a migration that has landed; add a new one. */
export const MIGRATIONS = [
  Foundation1767000000000,
  Appointments1767100000000,
  VideoEvents1767200000000,
  HoldLimitsAndErasure1767320000000,
  VideoEventIds1767330000000,
  StaffSignIn1767400000000,
  MeetingTypeLabels1767500000000,
  ExternalCalendars1767600000000,
  HeldAppointmentsIndex1767700000000,
  MeetingsAtMostADay1767800000000,
  ReleasedHoldsIndex1767910000000,
  TeamCalendarsVisible1767920000000,
  PhoneMeetings1767930000000,
  UnitPhoneSettings1767940000000,
];
