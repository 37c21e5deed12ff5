import { Injectable } from '@nestjs/common';
import { AvailabilityService } from '../availability/availability.service';
import { CapabilityTokensService } from '../common/capability-tokens.service';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/errors';
import { parseRange } from '../common/range';
import { MeetingTypesService } from '../units/meeting-types.service';
import { UnitsService } from '../units/units.service';
import { AppointmentEntity } from './appointment.entity';
import { AppointmentChangesService } from './appointment-changes.service';
import { AppointmentLoader } from './appointment-loader';
import { AppointmentResponse, PublicBookingDto, SlotQuery, SlotsResponse } from './appointments.dto';
import { BookingService } from './booking.service';
import { IdempotencyService } from './idempotency.service';
import { toSlot } from './staff-appointments.service';

export interface PublicUnit {
  publicName: string;
  timeZone: string;
  address: string;
  locales: string[];
  meetingTypes: Array<{ id: string; publicLabel: string; durationMinutes: number; modes: string[] }>;
}

/** The public page's API: intake meetings only, no caseworker names, always a first meeting. */
@Injectable()
export class PublicBookingService {
  constructor(
    private readonly units: UnitsService,
    private readonly meetingTypes: MeetingTypesService,
    private readonly loader: AppointmentLoader,
    private readonly availability: AvailabilityService,
    private readonly booking: BookingService,
    private readonly changes: AppointmentChangesService,
    private readonly tokens: CapabilityTokensService,
    private readonly clock: Clock,
  ) {}

  async unit(slug: string): Promise<PublicUnit> {
    const unit = await this.units.bySlug(slug);
    const types = await this.meetingTypes.intakeTypes(unit.id);
    return {
      publicName: unit.publicName,
      timeZone: unit.timeZone,
      address: unit.address,
      locales: ['sv', 'en', 'de'],
      meetingTypes: types.map((t) => ({ id: t.id, publicLabel: t.publicLabel, durationMinutes: t.durationMinutes, modes: [...t.modes] })),
    };
  }

  async slots(slug: string, q: SlotQuery): Promise<SlotsResponse> {
    const unit = await this.units.bySlug(slug);
    const type = await this.intakeType(unit.id, q.meetingTypeId);
    if (!type.modes.includes(q.mode)) return { timeZone: unit.timeZone, slots: [], reason: ErrorCode.MODE_NOT_ALLOWED };
    if (q.mode === 'video') return { timeZone: unit.timeZone, slots: [], reason: ErrorCode.FIRST_MEETING_IN_PERSON };
    const team = await this.loader.team(unit.id);
    const slots = await this.availability.teamSlots(team, unit, type, q.mode, parseRange(q, 62), this.clock.now());
    return { timeZone: unit.timeZone, slots: slots.map(toSlot) };
  }

  /** `ip` is the booker's address (req.ip): unconfirmed holds are limited per address too. */
  async book(slug: string, dto: PublicBookingDto, key?: string, ip?: string): Promise<AppointmentResponse> {
    const unit = await this.units.bySlug(slug);
    const type = await this.intakeType(unit.id, dto.meetingTypeId);
    const respond = (a: AppointmentEntity) => AppointmentResponse.from(a, unit.timeZone);
    const booked = await this.booking.book(
      {
        unit, type, mode: dto.mode, start: new Date(dto.startsAt), actor: { type: 'client', id: null }, createdBy: 'public',
        caseworkers: await this.loader.team(unit.id), client: dto.client, holderIp: ip,
        // A public caller has no identity of their own; the key is scoped to the unit and the client's email (stored hashed).
        idempotency: key ? { caller: `public:${unit.id}:${dto.client.email.toLowerCase()}`, key, hash: IdempotencyService.hash(dto) } : undefined,
      },
      respond,
    );
    return (booked.replayed as AppointmentResponse) ?? respond(booked.appointment);
  }

  async confirm(token: string): Promise<AppointmentResponse> {
    const cap = await this.tokens.resolve('confirm', token);
    if (!cap?.appointmentId) throw new DomainError(ErrorCode.NOT_FOUND, 'This link is not valid.');
    // A live confirm link without its appointment: the hold expired and was deleted with its data.
    if (!(await this.loader.appointment(cap.appointmentId).catch(() => null))) {
      throw new DomainError(ErrorCode.HOLD_EXPIRED, 'This booking was not confirmed in time, so the time was released. Please book again.');
    }
    const a = await this.changes.confirm(cap.appointmentId, { type: 'client', id: cap.clientId });
    const unit = await this.loader.unit(a.unitId);
    return AppointmentResponse.from(a, unit.timeZone);
  }

  private async intakeType(unitId: string, id: string) {
    const type = await this.loader.meetingType(unitId, id);
    if (!type.intake) throw new DomainError(ErrorCode.NOT_FOUND, 'Meeting type not found');
    return type;
  }
}
