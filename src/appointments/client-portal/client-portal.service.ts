import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '../../common/errors';
import { MeetingTypeEntity } from '../../units/meeting-type.entity';
import { AppointmentEntity } from '../data/appointment.entity';
import { AppointmentChangesService, ChangeActor, Changed } from '../changes/appointment-changes.service';
import { AppointmentRepository } from '../data/appointment.repository';
import { AppointmentResponse, ClientBookingDto, OwnSlotQuery, SlotsResponse } from '../appointments.dto';
import { BookingService } from '../booking/booking.service';
import type { Mode } from '../../common/mode';
import { ClientSession, ClientSessions } from './client-sessions';
import { IdempotencyService } from '../booking/idempotency.service';
import { SlotFinder } from '../booking/slot-finder';

export type { ClientSession } from './client-sessions';

export interface ClientOverview {
  client: { name: string | null; locale: string };
  caseworker: { name: string } | null;
  unit: { publicName: string; timeZone: string; address: string; clientChangeCutoffMinutes: number };
  appointments: AppointmentResponse[];
}

/** What a client can do with their personal link (GET/POST /me/:token…), the session resolved once at the edge. */
@Injectable()
export class ClientPortalService {
  constructor(
    private readonly sessions: ClientSessions,
    private readonly appointments: AppointmentRepository,
    private readonly slotFinder: SlotFinder,
    private readonly booking: BookingService,
    private readonly changes: AppointmentChangesService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** The edge: token → session. Unknown, expired, revoked or erased: all the same 404. */
  session(token: string): Promise<ClientSession> {
    return this.sessions.resolve(token);
  }

  async overview(s: ClientSession): Promise<ClientOverview> {
    const rows = await this.appointments.listOfClient(s.client.id);
    return {
      client: { name: s.client.name, locale: s.client.locale },
      caseworker: s.caseworker ? { name: s.caseworker.name } : null,
      unit: {
        publicName: s.unit.publicName,
        timeZone: s.unit.timeZone,
        address: s.unit.address,
        clientChangeCutoffMinutes: s.unit.clientChangeCutoffMinutes,
      },
      appointments: rows.map((a) => AppointmentResponse.from(a, s.unit.timeZone)),
    };
  }

  async slots(s: ClientSession, q: OwnSlotQuery): Promise<SlotsResponse> {
    // Moving one of their own appointments: its current time is free for the move (never someone else's).
    const moving = q.appointmentId ? await this.appointments.ofClient(s.client.id, q.appointmentId) : null;
    return this.slotFinder.forClient(s, q, moving?.id);
  }

  /** Why video of this type is not possible for the client now (an error code), or null. */
  videoRefusal(s: ClientSession, type: MeetingTypeEntity): Promise<string | null> {
    return this.slotFinder.videoRefusal(s, type);
  }

  book(s: ClientSession, dto: ClientBookingDto, key?: string): Promise<AppointmentResponse> {
    return this.idempotency.idempotent(`client:${s.client.id}`, key, IdempotencyService.hash(dto), async (m) => {
      const context = await this.slotFinder.clientBooking(s.unit.id, dto.meetingTypeId);
      const type = context.type;
      // Their own caseworker, or (theirs has left) whoever of the team has hours for the start.
      const team = s.caseworker?.active ? null : context.team;
      const caseworkers = team ? team.map((t) => t.caseworker) : [s.caseworker!];
      const a = await this.booking.book(
        {
          unit: s.unit,
          type,
          mode: dto.mode,
          start: new Date(dto.startsAt),
          actor: s.actor,
          createdBy: 'client',
          caseworkers,
          hours: team ? new Map(team.map((t) => [t.caseworker.id, t.workingHours])) : undefined,
          client: s.client,
        },
        m,
      );
      return AppointmentResponse.from(a, s.unit.timeZone);
    });
  }

  /**
   * Runs a change on one of the client's own appointments; anyone else's id is not found (checked on the locked row).
   */
  private async change(s: ClientSession, run: (actor: ChangeActor) => Promise<Changed>): Promise<AppointmentResponse> {
    const own = (a: AppointmentEntity) => {
      if (a.clientId !== s.client.id) throw new DomainError(ErrorCode.NOT_FOUND, 'Appointment not found');
    };
    const { appointment } = await run({ ...s.actor, authorize: own });
    return AppointmentResponse.from(appointment, s.unit.timeZone);
  }

  reschedule(s: ClientSession, id: string, startsAt: string) {
    return this.change(s, (actor) => this.changes.reschedule(id, actor, new Date(startsAt)));
  }
  cancel(s: ClientSession, id: string, reason?: string) {
    return this.change(s, (actor) => this.changes.cancel(id, actor, reason));
  }
  changeMode(s: ClientSession, id: string, mode: Mode) {
    return this.change(s, (actor) => this.changes.changeMode(id, actor, mode));
  }
  addNote(s: ClientSession, id: string, text: string) {
    return this.change(s, (actor) => this.changes.addNote(id, actor, text));
  }
}
