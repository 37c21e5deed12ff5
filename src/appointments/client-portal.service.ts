import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AvailabilityService } from '../availability/availability.service';
import { ClientEntity } from '../clients/client.entity';
import { CapabilityTokensService } from '../common/capability-tokens.service';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/errors';
import { parseRange } from '../common/range';
import { CaseworkerEntity } from '../units/caseworker.entity';
import { UnitEntity } from '../units/unit.entity';
import { AppointmentEntity } from './appointment.entity';
import { AppointmentChangesService, ChangeActor } from './appointment-changes.service';
import { AppointmentLoader } from './appointment-loader';
import { AppointmentResponse, ClientBookingDto, OwnSlotQuery, SlotsResponse } from './appointments.dto';
import { BookingService } from './booking.service';
import { FirstMeetingPolicy } from './first-meeting.policy';
import { IdempotencyService } from './idempotency.service';
import { toSlot } from './staff-appointments.service';

export interface ClientSession {
  client: ClientEntity;
  unit: UnitEntity;
  /** The client's own caseworker; null until a first booking assigns one. */
  caseworker: CaseworkerEntity | null;
  actor: ChangeActor;
}

export interface ClientOverview {
  client: { name: string | null; locale: string };
  caseworker: { name: string } | null;
  unit: { publicName: string; timeZone: string; address: string; clientChangeCutoffMinutes: number };
  appointments: AppointmentResponse[];
}

/** What a client can do with their personal link (GET/POST /me/:token…). */
@Injectable()
export class ClientPortalService {
  constructor(
    private readonly db: DataSource,
    private readonly tokens: CapabilityTokensService,
    private readonly loader: AppointmentLoader,
    private readonly availability: AvailabilityService,
    private readonly firstMeeting: FirstMeetingPolicy,
    private readonly booking: BookingService,
    private readonly changes: AppointmentChangesService,
    private readonly clock: Clock,
  ) {}

  /** Unknown, expired, revoked or erased: all the same 404. */
  async session(token: string): Promise<ClientSession> {
    const cap = await this.tokens.resolve('personal_link', token);
    const client = cap?.clientId ? await this.db.manager.findOneBy(ClientEntity, { id: cap.clientId }) : null;
    if (!client || client.erasedAt) throw new DomainError(ErrorCode.NOT_FOUND, 'This link is not valid.');
    const [unit, caseworker] = await Promise.all([
      this.loader.unit(client.unitId),
      client.caseworkerId ? this.db.manager.findOneBy(CaseworkerEntity, { id: client.caseworkerId }) : null,
    ]);
    return { client, unit, caseworker, actor: { type: 'client', id: client.id } };
  }

  async overview(token: string): Promise<ClientOverview> {
    const s = await this.session(token);
    const rows = await this.db.manager.find(AppointmentEntity, { where: { clientId: s.client.id }, order: { startsAt: 'ASC' }, take: 500 });
    return {
      client: { name: s.client.name, locale: s.client.locale },
      caseworker: s.caseworker ? { name: s.caseworker.name } : null,
      unit: { publicName: s.unit.publicName, timeZone: s.unit.timeZone, address: s.unit.address, clientChangeCutoffMinutes: s.unit.clientChangeCutoffMinutes },
      appointments: rows.map((a) => AppointmentResponse.from(a, s.unit.timeZone)),
    };
  }

  async slots(token: string, q: OwnSlotQuery): Promise<SlotsResponse> {
    const s = await this.session(token);
    const type = await this.loader.meetingType(s.unit.id, q.meetingTypeId);
    const timeZone = s.unit.timeZone;
    if (!type.modes.includes(q.mode)) return { timeZone, slots: [], reason: ErrorCode.MODE_NOT_ALLOWED };
    const range = parseRange(q, 62);
    const now = this.clock.now();
    if (!s.caseworker) {
      if (q.mode === 'video') return { timeZone, slots: [], reason: ErrorCode.FIRST_MEETING_IN_PERSON };
      const team = await this.loader.team(s.unit.id);
      return { timeZone, slots: (await this.availability.teamSlots(team, s.unit, type, q.mode, range, now)).map(toSlot) };
    }
    if (q.mode === 'video' && !(await this.firstMeeting.videoAllowed(s.client, s.caseworker.id, s.unit.firstMeetingScope, now))) {
      return { timeZone, slots: [], reason: ErrorCode.FIRST_MEETING_IN_PERSON };
    }
    // Moving one of their own appointments: its current time is free for the move (never someone else's).
    const moving = q.appointmentId ? await this.db.manager.findOneBy(AppointmentEntity, { id: q.appointmentId, clientId: s.client.id }) : null;
    if (q.appointmentId && !moving) throw new DomainError(ErrorCode.NOT_FOUND, 'Appointment not found');
    const { slots, reason } = await this.availability.slotsFor(s.caseworker, s.unit, type, q.mode, range, now, { excludeAppointmentId: moving?.id });
    return { timeZone, slots: slots.map(toSlot), ...(reason ? { reason: ErrorCode[reason] } : {}) };
  }

  async book(token: string, dto: ClientBookingDto, key?: string): Promise<AppointmentResponse> {
    const s = await this.session(token);
    const type = await this.loader.meetingType(s.unit.id, dto.meetingTypeId);
    const caseworkers = s.caseworker?.active ? [s.caseworker] : await this.loader.team(s.unit.id);
    const respond = (a: AppointmentEntity) => AppointmentResponse.from(a, s.unit.timeZone);
    const booked = await this.booking.book(
      {
        unit: s.unit, type, mode: dto.mode, start: new Date(dto.startsAt), actor: s.actor, createdBy: 'client', caseworkers, client: s.client,
        idempotency: key ? { caller: `client:${s.client.id}`, key, hash: IdempotencyService.hash(dto) } : undefined,
      },
      respond,
    );
    return (booked.replayed as AppointmentResponse) ?? respond(booked.appointment);
  }

  /** Runs a change on one of the client's own appointments; anyone else's id is not found. */
  async change(token: string, appointmentId: string, run: (id: string, actor: ChangeActor) => Promise<AppointmentEntity>): Promise<AppointmentResponse> {
    const s = await this.session(token);
    const a = await this.db.manager.findOneBy(AppointmentEntity, { id: appointmentId, clientId: s.client.id });
    if (!a) throw new DomainError(ErrorCode.NOT_FOUND, 'Appointment not found');
    return AppointmentResponse.from(await run(a.id, s.actor), s.unit.timeZone);
  }

  reschedule(token: string, id: string, startsAt: string) {
    return this.change(token, id, (aid, actor) => this.changes.reschedule(aid, actor, new Date(startsAt)));
  }
  cancel(token: string, id: string, reason?: string) {
    return this.change(token, id, (aid, actor) => this.changes.cancel(aid, actor, reason));
  }
  changeMode(token: string, id: string, mode: 'in_person' | 'video') {
    return this.change(token, id, (aid, actor) => this.changes.changeMode(aid, actor, mode));
  }
  addNote(token: string, id: string, text: string) {
    return this.change(token, id, (aid, actor) => this.changes.addNote(aid, actor, text));
  }
}
