import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AvailabilityService } from '../availability/availability.service';
import type { Mode } from '../availability/engine';
import { ClientEntity } from '../clients/client.entity';
import { Actor } from '../common/audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/errors';
import { CaseworkerEntity } from '../units/caseworker.entity';
import { MeetingTypeEntity } from '../units/meeting-type.entity';
import { retryOnDeadlock } from '../database/retry';
import { UnitEntity } from '../units/unit.entity';
import { AppointmentEntity, AppointmentStatus, CreatedBy } from './appointment.entity';
import { AppointmentEvents } from './appointment-events';
import { AppointmentLoader } from './appointment-loader';
import { assertModeOffered, busyRangeLiteral, rejectionError } from './booking-rules';
import { FirstMeetingPolicy } from './first-meeting.policy';
import { IdempotencyService } from './idempotency.service';
import { UnconfirmedHolds } from './unconfirmed-holds';

export interface BookingRequest {
  unit: UnitEntity;
  type: MeetingTypeEntity;
  mode: Mode;
  start: Date;
  actor: Actor;
  createdBy: CreatedBy;
  /** The caseworker, or several to choose from (intake: least booked that week first). */
  caseworkers: CaseworkerEntity[];
  /** An existing client, or the details of a new one (public booking). */
  client: ClientEntity | { name: string; email: string; phone?: string; locale?: string };
  overrideReason?: string;
  idempotency?: { caller: string; key: string; hash: string };
  /** The public booker's IP address (`req.ip`): a hold counts against it. Never stored as such. */
  holderIp?: string;
}

export interface Booked {
  appointment: AppointmentEntity;
  /** The stored first response when this was a replay of an Idempotency-Key. */
  replayed?: unknown;
}

/** Creates appointments: one transaction re-validates the slot, inserts, and queues what follows. */
@Injectable()
export class BookingService {
  constructor(
    private readonly db: DataSource,
    private readonly availability: AvailabilityService,
    private readonly firstMeeting: FirstMeetingPolicy,
    private readonly events: AppointmentEvents,
    private readonly idempotency: IdempotencyService,
    private readonly loader: AppointmentLoader,
    private readonly holds: UnconfirmedHolds,
    private readonly clock: Clock,
  ) {}

  async book(req: BookingRequest, respond: (a: AppointmentEntity) => unknown): Promise<Booked> {
    const now = this.clock.now();
    assertModeOffered(req.type.modes, req.mode);
    const staff = req.actor.type === 'staff';
    const walkIn = staff && req.start < now;
    if (req.start < now && !walkIn) throw new DomainError(ErrorCode.SLOT_UNAVAILABLE, 'That time has already passed.');

    return retryOnDeadlock(() => this.db.transaction(async (m) => {
      if (req.idempotency) {
        const prior = await this.idempotency.claim(m, req.idempotency.caller, req.idempotency.key, req.idempotency.hash);
        if (prior.replay) return { appointment: undefined as unknown as AppointmentEntity, replayed: prior.response };
      }
      const existingClient = req.client instanceof ClientEntity ? req.client : null;
      if (req.mode === 'video') await this.assertVideoAllowed(m, req, existingClient, now);
      const status: AppointmentStatus = walkIn ? 'completed' : this.initialStatus(req);
      const holderIpHash = status === 'held' ? this.holds.addressHash(req.unit.id, req.holderIp) : null;
      if (status === 'held') await this.holds.assertWithinLimits(m, req.unit, req.client.email ?? '', holderIpHash, now);

      const candidates = walkIn ? req.caseworkers.slice(0, 1) : await this.freeCandidates(m, req, now);
      const client = existingClient ?? (await this.newClient(m, req));
      const appointment = await this.insertFirstFree(m, candidates, req, client, status, now, holderIpHash);
      if (!client.caseworkerId) {
        await m.update(ClientEntity, { id: client.id }, { caseworkerId: appointment.caseworkerId });
      }
      await this.events.record(m, {
        action: walkIn ? 'appointment.recorded' : 'appointment.created',
        actor: req.actor,
        appointment,
        unit: req.unit,
        mail: walkIn ? undefined : status === 'held' ? 'hold' : 'confirmed',
        // The reason itself is on the appointment, which erasure clears; the log only says there was one.
        details: { createdBy: req.createdBy, mode: req.mode, ...(req.overrideReason ? { firstMeetingOverride: true } : {}) },
      }, now);
      if (req.idempotency) await this.idempotency.store(m, req.idempotency.caller, req.idempotency.key, 201, respond(appointment), client.id);
      return { appointment };
    }));
  }

  private initialStatus(req: BookingRequest): AppointmentStatus {
    return req.createdBy === 'public' && req.unit.selfBookingConfirmation === 'email_link' ? 'held' : 'confirmed';
  }

  private async assertVideoAllowed(m: EntityManager, req: BookingRequest, client: ClientEntity | null, now: Date): Promise<void> {
    const cw = req.caseworkers[0];
    if (await this.firstMeeting.videoAllowed(client, cw.id, req.unit.firstMeetingScope, now, m)) return;
    if (req.actor.type === 'staff' && req.overrideReason) return; // audited with the reason in record()
    throw new DomainError(ErrorCode.FIRST_MEETING_IN_PERSON, 'The first meeting is in person. Video is possible after that.');
  }

  /** Caseworkers who can take the start, least booked that ISO week first (ties: the given order). */
  private async freeCandidates(m: EntityManager, req: BookingRequest, now: Date): Promise<CaseworkerEntity[]> {
    await this.loader.lockCalendars(m, req.caseworkers.map((c) => c.id));
    // Expired holds are released now, so the constraint does not count them as busy.
    await this.expireHolds(m, req.caseworkers.map((c) => c.id), now);
    const { free, firstRejection } = await this.availability.freeAmong(req.caseworkers, req.unit, req.type, req.mode, req.start, now, m, req.actor.type === 'staff');
    if (firstRejection) throw rejectionError(firstRejection);
    if (free.length < 2) return free;
    const week = DateTime.fromJSDate(req.start, { zone: req.unit.timeZone }).startOf('week');
    const rows: Array<{ caseworker_id: string; n: number }> = await m.query(
      `SELECT caseworker_id, count(*)::int AS n FROM appointments
        WHERE caseworker_id = ANY($1) AND starts_at >= $2 AND starts_at < $3 AND status IN ('held', 'confirmed', 'completed')
        GROUP BY caseworker_id`,
      [free.map((c) => c.id), week.toJSDate(), week.plus({ weeks: 1 }).toJSDate()],
    );
    const counts = new Map(rows.map((r) => [r.caseworker_id, r.n]));
    return free.map((c, i) => ({ c, i, n: counts.get(c.id) ?? 0 })).sort((a, b) => a.n - b.n || a.i - b.i).map((x) => x.c);
  }

  async expireHolds(m: EntityManager, caseworkerIds: string[], now: Date): Promise<void> {
    await m.query(
      `UPDATE appointments SET status = 'cancelled', cancel_reason = 'hold_expired', updated_at = $2
        WHERE caseworker_id = ANY($1) AND status = 'held' AND hold_expires_at <= $2`,
      [caseworkerIds, now],
    );
  }

  /**
   * Tries each candidate under a savepoint: when a concurrent booking wins the race for one
   * caseworker (exclusion violation), the next free one is tried before answering SLOT_TAKEN.
   */
  private async insertFirstFree(
    m: EntityManager, candidates: CaseworkerEntity[], req: BookingRequest, client: ClientEntity, status: AppointmentStatus, now: Date, holderIpHash: string | null,
  ): Promise<AppointmentEntity> {
    const end = new Date(req.start.getTime() + req.type.durationMinutes * 60_000);
    for (const [i, cw] of candidates.entries()) {
      const last = i === candidates.length - 1;
      if (!last) await m.query('SAVEPOINT booking_attempt');
      try {
        const row = m.create(AppointmentEntity, {
          unitId: req.unit.id,
          caseworkerId: cw.id,
          clientId: client.id,
          meetingTypeId: req.type.id,
          startsAt: req.start,
          endsAt: end,
          busyRange: busyRangeLiteral(req.start, end, req.type.bufferBeforeMinutes, req.type.bufferAfterMinutes),
          mode: req.mode,
          status,
          location: req.mode === 'in_person' ? req.unit.address || null : null,
          sequence: 0,
          holdExpiresAt: status === 'held' ? new Date(now.getTime() + req.unit.holdMinutes * 60_000) : null,
          holderIpHash,
          roomName: req.mode === 'video' ? newRoomName() : null,
          firstMeetingOverrideReason: req.overrideReason ?? null,
          cancelReason: null,
          createdBy: req.createdBy,
        });
        const saved = await m.save(row);
        if (!last) await m.query('RELEASE SAVEPOINT booking_attempt');
        return saved;
      } catch (err) {
        if (last || !isExclusionViolation(err)) throw err;
        await m.query('ROLLBACK TO SAVEPOINT booking_attempt');
      }
    }
    throw new DomainError(ErrorCode.SLOT_TAKEN, 'That time was just taken. Please choose another.');
  }

  private async newClient(m: EntityManager, req: BookingRequest): Promise<ClientEntity> {
    const c = req.client as { name: string; email: string; phone?: string; locale?: string };
    return m.save(m.create(ClientEntity, { unitId: req.unit.id, name: c.name, email: c.email.toLowerCase(), phone: c.phone ?? null, locale: c.locale ?? req.unit.defaultLocale, caseworkerId: null }));
  }
}

export function isExclusionViolation(err: unknown): boolean {
  return err instanceof QueryFailedError && (err.driverError as { code?: string })?.code === '23P01';
}

/** Unguessable: 128 random bits. */
export function newRoomName(): string {
  return `samtal-${randomBytes(16).toString('base64url')}`;
}
