import { Inject, Injectable } from '@nestjs/common';
import { BookingParties } from '../appointments/data/booking-parties.read-model';
import { AppointmentRepository } from '../appointments/data/appointment.repository';
import { AppointmentEntity } from '../appointments/data/appointment.entity';
import { assertSameUnit, StaffPrincipal } from '../auth/staff-principal';
import { AuditService } from '../common/audit/audit.service';
import { CapabilityTokensService } from '../common/capability-tokens.service';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/errors';
import { ClientEntity } from '../clients/client.entity';
import { UnitEntity } from '../units/unit.entity';
import { clientIdentity, hostIdentity, hostJoinWindow, isJoinOpen, joinWindow } from './join-window';
import { VIDEO_PROVIDER, VideoProvider, VideoUnavailableError } from './video-provider';

export interface JoinResponse {
  serverUrl: string;
  roomName: string;
  token: string;
  identity: string;
}

/** LiveKit tokens live at most 10 minutes: the page asks again to reconnect. */
const MAX_TOKEN_SECONDS = 600;
/** A room keeps going 5 minutes after its last participant left, then LiveKit closes it. */
const EMPTY_TIMEOUT_SECONDS = 300;
/** Client and caseworker, plus room for an interpreter the caseworker may bring in. */
const MAX_PARTICIPANTS = 3;

@Injectable()
export class VideoService {
  constructor(
    private readonly parties: BookingParties,
    private readonly appointments: AppointmentRepository,
    private readonly tokens: CapabilityTokensService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(VIDEO_PROVIDER) private readonly provider: VideoProvider,
  ) {}

  /** What the join page needs to know before asking for a token. */
  async describe(token: string): Promise<{
    appointment: AppointmentEntity;
    unit: UnitEntity;
    client: ClientEntity;
    opensAt: Date;
    closesAt: Date;
    state: 'open' | 'not_yet' | 'closed';
  }> {
    const cap = await this.tokens.resolve('join', token);
    const appointment = cap?.appointmentId ? await this.appointments.find(cap.appointmentId) : null;
    if (!appointment || appointment.status === 'cancelled' || appointment.mode !== 'video' || !appointment.roomName) {
      throw new DomainError(ErrorCode.NOT_FOUND, 'This link is not valid.');
    }
    const unit = await this.parties.unit(appointment.unitId);
    const client = await this.parties.client(appointment.unitId, appointment.clientId);
    const window = joinWindow(appointment.startsAt, appointment.endsAt, unit);
    return { appointment, unit, client, ...window, state: isJoinOpen(this.clock.now(), window) };
  }

  /** A client token: only inside the join window, scoped to the one room, never room admin. */
  async joinAsClient(token: string): Promise<JoinResponse> {
    const { appointment, client, opensAt, closesAt, state } = await this.describe(token);
    if (state !== 'open') {
      throw new DomainError(
        ErrorCode.JOIN_NOT_OPEN,
        state === 'not_yet' ? 'The meeting room is not open yet.' : 'This meeting has ended.',
        {
          opensAt: opensAt.toISOString(),
          closesAt: closesAt.toISOString(),
        },
      );
    }
    const identity = clientIdentity(appointment.id);
    const jwt = await this.mint(appointment, {
      identity,
      displayName: firstName(client.name),
      host: false,
      until: closesAt,
    });
    return { serverUrl: this.provider.serverUrl, roomName: appointment.roomName!, token: jwt, identity };
  }

  /** The caseworker's host token (room admin), for their own appointment (or any, for an admin). */
  async hostToken(staff: StaffPrincipal, appointmentId: string): Promise<JoinResponse> {
    const appointment = await this.appointments.find(appointmentId);
    assertSameUnit(staff, appointment?.unitId, 'Appointment not found');
    const a = appointment!;
    if (staff.role !== 'admin' && staff.caseworkerId !== a.caseworkerId)
      throw new DomainError(ErrorCode.FORBIDDEN, 'Only the appointment’s caseworker can host it.');
    if (a.mode !== 'video' || !a.roomName || a.status === 'cancelled')
      throw new DomainError(ErrorCode.NOT_FOUND, 'This appointment has no video room.');
    const unit = await this.parties.unit(a.unitId);
    const { opensAt, closesAt } = hostJoinWindow(a.startsAt, a.endsAt, unit);
    const now = this.clock.now();
    if (now < opensAt || now >= closesAt) {
      throw new DomainError(ErrorCode.JOIN_NOT_OPEN, 'The meeting room is not open now.', {
        opensAt: opensAt.toISOString(),
        closesAt: closesAt.toISOString(),
      });
    }
    const cw = (await this.parties.caseworkerById(staff.caseworkerId))!;
    const identity = hostIdentity(cw.id);
    const jwt = await this.mint(a, { identity, displayName: cw.name, host: true, until: closesAt });
    await this.audit.record({
      unitId: a.unitId,
      actor: { type: 'staff', id: staff.caseworkerId },
      action: 'video.host_joined',
      appointmentId: a.id,
      clientId: a.clientId,
    });
    return { serverUrl: this.provider.serverUrl, roomName: a.roomName, token: jwt, identity };
  }

  /** The room is created at the first join, not at booking: booking never depends on LiveKit. */
  private async mint(
    a: AppointmentEntity,
    p: { identity: string; displayName: string; host: boolean; until: Date },
  ): Promise<string> {
    const ttlSeconds = Math.max(
      60,
      Math.min(MAX_TOKEN_SECONDS, Math.floor((p.until.getTime() - this.clock.now().getTime()) / 1000)),
    );
    try {
      await this.provider.ensureRoom(a.roomName!, {
        emptyTimeoutSeconds: EMPTY_TIMEOUT_SECONDS,
        maxParticipants: MAX_PARTICIPANTS,
      });
      return await this.provider.createJoinToken({
        roomName: a.roomName!,
        identity: p.identity,
        displayName: p.displayName,
        host: p.host,
        ttlSeconds,
      });
    } catch (err) {
      // The provider's outage log has said so (once, then in summaries): not again for each join.
      if (err instanceof VideoUnavailableError) {
        throw new DomainError(
          ErrorCode.VIDEO_UNAVAILABLE,
          'The video service is not available right now. Please try again in a moment.',
          { retryAfterSeconds: 15 },
        );
      }
      throw err;
    }
  }

  /** Deletes a room after its meeting, or when the meeting became in-person or was cancelled. */
  async deleteRoom(roomName: string): Promise<void> {
    await this.provider.deleteRoom(roomName);
  }
}

/** The name the other participant sees: the client's first name only. */
function firstName(name: string | null): string {
  return name?.trim().split(/\s+/)[0] || 'Client';
}
