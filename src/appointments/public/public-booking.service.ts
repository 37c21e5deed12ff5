import { Injectable } from '@nestjs/common';
import { LOCALES } from '../../common/locale';
import { UnitEntity } from '../../units/unit.entity';
import { AppointmentResponse, PublicBookingDto, SlotQuery, SlotsResponse } from '../appointments.dto';
import { BookingContext } from '../booking/booking-context';
import { BookingService } from '../booking/booking.service';
import { IdempotencyService } from '../booking/idempotency.service';
import { SlotFinder } from '../booking/slot-finder';
import { HolderAddressKey } from '../rules/holder-address';
import type { PublicLabels } from '../../units/meeting-type-label';

export interface PublicUnit {
  publicName: string;
  timeZone: string;
  address: string;
  /** The unit's own number (E.164), for "Call us at …"; null: none. */
  phone: string | null;
  locales: string[];
  meetingTypes: Array<{
    id: string;
    publicLabel: string;
    /** The label per language (issue 12): the pages show labelFor(type, locale). */
    publicLabels: PublicLabels;
    durationMinutes: number;
    modes: string[];
  }>;
}

/**
 * The public page's API: intake meetings only, no caseworker names, always a first meeting. The unit is resolved by the
 * edge.
 */
@Injectable()
export class PublicBookingService {
  constructor(
    private readonly slotFinder: SlotFinder,
    private readonly booking: BookingService,
    private readonly idempotency: IdempotencyService,
    private readonly holds: HolderAddressKey,
    private readonly context: BookingContext,
  ) {}

  /**
   * The unit of a public slug, from its cached booking context (no round trip when warm; the public routes are the hot
   * ones), or 404.
   */
  async unitOf(slug: string): Promise<UnitEntity> {
    return (await this.context.bySlug(slug)).unit;
  }

  async unit(unit: UnitEntity): Promise<PublicUnit> {
    const types = await this.slotFinder.intakeTypes(unit.id);
    return {
      publicName: unit.publicName,
      timeZone: unit.timeZone,
      address: unit.address,
      phone: unit.phone ?? null,
      locales: [...LOCALES],
      meetingTypes: types.map((t) => ({
        id: t.id,
        publicLabel: t.publicLabel,
        publicLabels: t.publicLabels ?? {},
        durationMinutes: t.durationMinutes,
        modes: [...t.modes],
      })),
    };
  }

  slots(unit: UnitEntity, q: SlotQuery): Promise<SlotsResponse> {
    return this.slotFinder.forPublic(unit, q);
  }

  /** `ip` is the booker's address (req.ip): unconfirmed holds are limited per address too. */
  book(unit: UnitEntity, dto: PublicBookingDto, key?: string, ip?: string): Promise<AppointmentResponse> {
    // A public caller has no identity of their own; the key is scoped to the unit and the client's email (stored
    // hashed).
    const caller = `public:${unit.id}:${dto.client.email.toLowerCase()}`;
    return this.idempotency.idempotent(caller, key, IdempotencyService.hash(dto), async (m) => {
      const { type, team } = await this.slotFinder.intakeBooking(unit.id, dto.meetingTypeId);
      const a = await this.booking.book(
        {
          unit,
          type,
          mode: dto.mode,
          start: new Date(dto.startsAt),
          actor: { type: 'client', id: null },
          createdBy: 'public',
          caseworkers: team.map((t) => t.caseworker),
          hours: new Map(team.map((t) => [t.caseworker.id, t.workingHours])),
          client: dto.client,
          holderIpHash: this.holds.addressHash(unit.id, ip),
        },
        m,
      );
      return AppointmentResponse.from(a, unit.timeZone);
    });
  }
}
