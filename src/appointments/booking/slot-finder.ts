import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AvailabilityService, TeamMember } from '../../availability/availability.service';
import type { Mode } from '../../availability/engine';
import { Clock } from '../../common/clock';
import { ErrorCode } from '../../common/errors';
import { isoInstant } from '../../common/iso-time';
import { parseRange } from '../../common/range';
import { CaseworkerEntity } from '../../units/caseworker.entity';
import { MeetingTypeEntity } from '../../units/meeting-type.entity';
import { UnitEntity } from '../../units/unit.entity';
import { BookingParties } from '../data/booking-parties.read-model';
import { BookingContext, intakeTypeIn, meetingTypeIn } from './booking-context';
import { SlotQuery, SlotsResponse } from '../appointments.dto';
import { FirstMeetingPolicy } from '../rules/first-meeting.policy';

/**
 * The slot searches of the public page, the personal link and staff, with their one set of answers for an empty list.
 */
@Injectable()
export class SlotFinder {
  constructor(
    private readonly parties: BookingParties,
    private readonly context: BookingContext,
    private readonly availability: AvailabilityService,
    private readonly firstMeeting: FirstMeetingPolicy,
    private readonly clock: Clock,
  ) {}

  team(unitId: string, m?: EntityManager): Promise<CaseworkerEntity[]> {
    return this.parties.team(unitId, m);
  }

  /** The team with their working hours, for a booking that chooses whom to lock (BookingRequest.team). */
  teamWithHours(unitId: string, m?: EntityManager): Promise<TeamMember[]> {
    return this.parties.teamWithHours(unitId, m);
  }

  /** The unit's active intake types, oldest first (from BookingContext: no round trip when warm). */
  async intakeTypes(unitId: string): Promise<MeetingTypeEntity[]> {
    return (await this.context.ofUnit(unitId)).types.filter((t) => t.intake);
  }

  /**
   * What a public booking chooses from, from BookingContext (no round trip when warm): the intake
   * type (404 if not one of the unit's) and the team with their hours. A stale team is safe for all
   * but a leaver (see UNIT_CONTEXT_TTL_MS): the booking re-reads the hours and busy time under its locks.
   */
  async intakeBooking(unitId: string, meetingTypeId: string): Promise<{ type: MeetingTypeEntity; team: TeamMember[] }> {
    const context = await this.context.ofUnit(unitId);
    return { type: intakeTypeIn(context, meetingTypeId), team: [...context.team] };
  }

  /** A client's own booking (any active type of the unit) and the team, should their caseworker have left. */
  async clientBooking(unitId: string, meetingTypeId: string): Promise<{ type: MeetingTypeEntity; team: TeamMember[] }> {
    const context = await this.context.ofUnit(unitId);
    return { type: meetingTypeIn(context, meetingTypeId), team: [...context.team] };
  }

  /** Intake: the whole team; always a first meeting, so never video or phone (rule 4). */
  async forPublic(unit: UnitEntity, q: SlotQuery): Promise<SlotsResponse> {
    const context = await this.context.ofUnit(unit.id);
    const type = intakeTypeIn(context, q.meetingTypeId);
    const refused =
      modeRefusal(unit, type, q.mode) ??
      (q.mode !== 'in_person'
        ? { timeZone: unit.timeZone, slots: [], reason: ErrorCode.FIRST_MEETING_IN_PERSON }
        : null);
    if (refused) return refused;
    const slots = await this.availability.teamSlots(
      context.team.map((t) => t.caseworker),
      unit,
      type,
      q.mode,
      parseRange(q, 62),
      this.clock.now(),
    );
    return { timeZone: unit.timeZone, slots: slots.map(toSlot) };
  }

  async forClient(
    s: { client: { id: string }; unit: UnitEntity; caseworker: CaseworkerEntity | null },
    q: SlotQuery,
    movingId?: string,
  ): Promise<SlotsResponse> {
    const context = await this.context.ofUnit(s.unit.id);
    const type = meetingTypeIn(context, q.meetingTypeId);
    const refused = modeRefusal(s.unit, type, q.mode);
    if (refused) return refused;
    const range = parseRange(q, 62);
    const now = this.clock.now();
    // A caseworker who left (deactivated) offers nothing: the team does, as when booking (ClientPortalService.book).
    if (!s.caseworker?.active) {
      if (q.mode !== 'in_person')
        return { timeZone: s.unit.timeZone, slots: [], reason: ErrorCode.FIRST_MEETING_IN_PERSON };
      return {
        timeZone: s.unit.timeZone,
        slots: (
          await this.availability.teamSlots(
            context.team.map((t) => t.caseworker),
            s.unit,
            type,
            q.mode,
            range,
            now,
          )
        ).map(toSlot),
      };
    }
    if (
      q.mode !== 'in_person' &&
      !(await this.firstMeeting.videoAllowed(s.client, s.caseworker.id, s.unit.firstMeetingScope, now))
    ) {
      return { timeZone: s.unit.timeZone, slots: [], reason: ErrorCode.FIRST_MEETING_IN_PERSON };
    }
    return this.ofCaseworker(s.caseworker, s.unit, type, q.mode, range, now, { excludeAppointmentId: movingId });
  }

  /**
   * The unit, caseworker and type of a slot search: from the unit's cached booking context when the
   * caseworker is in its team (a few seconds old at most; the booking re-checks under its lock),
   * else read (someone without working hours, who is offered nothing, or an unknown id: 404).
   */
  async staffContext(unitId: string, caseworkerId: string, meetingTypeId: string) {
    const unitContext = await this.context.ofUnit(unitId);
    const member = unitContext.team.find((t) => t.caseworker.id === caseworkerId);
    if (!member) return this.parties.slotContext(unitId, caseworkerId, meetingTypeId);
    return { unit: unitContext.unit, caseworker: member.caseworker, type: meetingTypeIn(unitContext, meetingTypeId) };
  }

  /**
   * Why this client could not have a video (or phone) meeting of this type with this caseworker now,
   * or null: the type offers no such mode (MODE_NOT_ALLOWED), or it would be their first meeting
   * (FIRST_MEETING_IN_PERSON, which staff may override with a reason). The same rules as the booking.
   */
  async staffVideoRefusal(
    unitId: string,
    q: { caseworkerId: string; clientId: string; meetingTypeId: string },
    mode: 'video' | 'phone' = 'video',
  ): Promise<ErrorCode.MODE_NOT_ALLOWED | ErrorCode.FIRST_MEETING_IN_PERSON | null> {
    const { unit, caseworker, type } = await this.parties.slotContext(unitId, q.caseworkerId, q.meetingTypeId);
    const client = await this.parties.client(unitId, q.clientId);
    if (!type.modes.includes(mode)) return ErrorCode.MODE_NOT_ALLOWED;
    const allowed = await this.firstMeeting.videoAllowed(
      client,
      caseworker.id,
      unit.firstMeetingScope,
      this.clock.now(),
    );
    return allowed ? null : ErrorCode.FIRST_MEETING_IN_PERSON;
  }

  async forStaff(
    c: { unit: UnitEntity; caseworker: CaseworkerEntity; type: MeetingTypeEntity },
    q: SlotQuery & { clientId?: string },
    movingId?: string,
  ): Promise<SlotsResponse> {
    const range = parseRange(q, 92);
    const refused = modeRefusal(c.unit, c.type, q.mode);
    if (refused) return refused;
    const now = this.clock.now();
    if (q.mode !== 'in_person' && q.clientId) {
      const client = await this.parties.client(c.unit.id, q.clientId);
      if (!(await this.firstMeeting.videoAllowed(client, c.caseworker.id, c.unit.firstMeetingScope, now))) {
        return { timeZone: c.unit.timeZone, slots: [], reason: ErrorCode.FIRST_MEETING_IN_PERSON };
      }
    }
    return this.ofCaseworker(c.caseworker, c.unit, c.type, q.mode, range, now, {
      staff: true,
      excludeAppointmentId: movingId,
    });
  }

  /**
   * Why this client could not have video of this type now, or null: the type offers no video, the
   * first-meeting rule says no, or their caseworker has no video hours. Asked directly, without a search.
   */
  async videoRefusal(
    s: { client: { id: string }; unit: UnitEntity; caseworker: CaseworkerEntity | null },
    type: MeetingTypeEntity,
  ): Promise<ErrorCode | null> {
    if (!type.modes.includes('video')) return ErrorCode.MODE_NOT_ALLOWED;
    const now = this.clock.now();
    if (
      !s.caseworker?.active ||
      !(await this.firstMeeting.videoAllowed(s.client, s.caseworker.id, s.unit.firstMeetingScope, now))
    )
      return ErrorCode.FIRST_MEETING_IN_PERSON;
    return (await this.availability.offersMode(s.caseworker, s.unit, 'video', now)) ? null : ErrorCode.MODE_NOT_ALLOWED;
  }

  private async ofCaseworker(
    cw: CaseworkerEntity,
    unit: UnitEntity,
    type: MeetingTypeEntity,
    mode: Mode,
    range: { from: Date; to: Date },
    now: Date,
    opts: { staff?: boolean; excludeAppointmentId?: string },
  ): Promise<SlotsResponse> {
    const { slots, reason } = await this.availability.slotsFor(cw, unit, type, mode, range, now, opts);
    return { timeZone: unit.timeZone, slots: slots.map(toSlot), ...(reason ? { reason: ErrorCode[reason] } : {}) };
  }
}

/** The one "mode not offered" answer of a slot search: an empty list that says why. */
function modeRefusal(unit: UnitEntity, type: MeetingTypeEntity, mode: Mode): SlotsResponse | null {
  return type.modes.includes(mode) ? null : { timeZone: unit.timeZone, slots: [], reason: ErrorCode.MODE_NOT_ALLOWED };
}

export const toSlot = (s: { start: number; end: number }) => ({
  startsAt: isoInstant(s.start),
  endsAt: isoInstant(s.end),
});
