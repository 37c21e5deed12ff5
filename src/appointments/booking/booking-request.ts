import type { Mode, WorkingHoursRule } from '../../availability/engine';
import type { Actor } from '../../common/audit/audit.service';
import type { ClientEntity } from '../../clients/client.entity';
import type { CaseworkerEntity } from '../../units/caseworker.entity';
import type { MeetingTypeEntity } from '../../units/meeting-type.entity';
import type { UnitEntity } from '../../units/unit.entity';
import type { CreatedBy } from '../data/appointment.entity';

/** What a booking asks for: BookingService books it, BookingCandidates chooses whom it goes to. */
export interface BookingRequest {
  unit: UnitEntity;
  type: MeetingTypeEntity;
  mode: Mode;
  start: Date;
  actor: Actor;
  createdBy: CreatedBy;
  /** The caseworker, or several to choose from (intake: least booked that week first). */
  caseworkers: CaseworkerEntity[];
  /**
   * The caseworkers' working hours as read with them (BookingParties.teamWithHours). When given,
   * the booking locks and considers only those whose hours hold the start in this mode, so bookings
   * that can go to different caseworkers of one unit do not wait for each other. Without: all are locked.
   */
  hours?: ReadonlyMap<string, readonly WorkingHoursRule[]>;
  /** An existing client, or the details of a new one (public booking). */
  client: ClientEntity | { name: string; email: string; phone?: string; locale?: string };
  overrideReason?: string;
  /** The public booker's address, keyed (HolderAddressKey.addressHash): a hold counts against it. */
  holderIpHash?: string | null;
}
