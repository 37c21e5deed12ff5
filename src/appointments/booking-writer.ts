import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '../common/errors';
import { preparedQuery, statementName } from '../database/prepared-query';
import { sqlState, StatementParams, type WritePart } from '../database/statement-parts';
import { AppointmentEntity } from './appointment.entity';
import { CALENDAR_LOCK_SPACE } from './appointment.repository';

/** What a booking inserts: the row but its timestamps, which the database sets. */
export type BookingRow = Omit<
  AppointmentEntity,
  'createdAt' | 'updatedAt' | 'unit' | 'caseworker' | 'client' | 'meetingType'
>;

/**
 * SLOT_TAKEN from the exclusion constraint: a booking that wrote without its calendar's lock before
 * its read lost to one that got there first. Its read may have been right for another caseworker.
 */
export class TakenMeanwhile extends DomainError {
  constructor() {
    super(ErrorCode.SLOT_TAKEN, 'That time was just taken. Please choose another.');
  }
}

export function isExclusionViolation(err: unknown): boolean {
  return sqlState(err) === '23P01';
}

/** A booking's insert: the one statement that writes the appointment and what comes with it. */
@Injectable()
export class BookingWriter {
  constructor(private readonly db: DataSource) {}

  /** An entity of a row not yet written (a booking's, before insert). */
  entity(row: BookingRow): AppointmentEntity {
    return this.db.manager.create(AppointmentEntity, row);
  }

  /**
   * A booking's one write: the appointment row and, in the same statement, what the caller adds
   * (its new client or the client's caseworker, its audit event, its jobs). With `lockCalendar` it
   * takes the caseworker's calendar lock first, so writes for one calendar queue instead of
   * deadlocking in the exclusion check; without, the caller holds it already. The exclusion
   * constraint is the guarantee: 23P01 is TakenMeanwhile (SLOT_TAKEN).
   */
  async insert(
    m: EntityManager,
    a: AppointmentEntity,
    parts: readonly WritePart[],
    opts: { lockCalendar?: boolean } = {},
  ): Promise<AppointmentEntity> {
    const p = new StatementParams();
    // The calendar lock taken in this statement (a booking without a transaction): the insert reads
    // the lock's row, so the lock comes first; it is held until the statement commits.
    const locked = opts.lockCalendar
      ? `calendar_lock AS (SELECT pg_advisory_xact_lock(hashtextextended(${p.add(a.caseworkerId)}, ${CALENDAR_LOCK_SPACE}))), `
      : '';
    const insert = `INSERT INTO appointments (id, unit_id, caseworker_id, client_id, meeting_type_id, starts_at, ends_at,
         busy_range, mode, status, location, sequence, hold_expires_at, holder_ip_hash, room_name,
         first_meeting_override_reason, cancel_reason, created_by)
       SELECT ${[
         p.add(a.id, 'uuid'),
         p.add(a.unitId, 'uuid'),
         p.add(a.caseworkerId, 'uuid'),
         p.add(a.clientId, 'uuid'),
         p.add(a.meetingTypeId, 'uuid'),
         p.add(a.startsAt, 'timestamptz'),
         p.add(a.endsAt, 'timestamptz'),
         p.add(a.busyRange, 'tstzrange'),
         p.add(a.mode),
         p.add(a.status),
         p.add(a.location),
         p.add(a.sequence, 'int'),
         p.add(a.holdExpiresAt, 'timestamptz'),
         p.add(a.holderIpHash),
         p.add(a.roomName),
         p.add(a.firstMeetingOverrideReason),
         p.add(a.cancelReason),
         p.add(a.createdBy),
       ].join(', ')}${locked ? ' FROM calendar_lock' : ''}
       RETURNING created_at, updated_at`;
    const ctes = [`booked AS (${insert})`, ...parts.map((part, i) => `part${i} AS (${part(p)})`)];
    const text = `WITH ${locked}${ctes.join(',\n')}\nSELECT created_at, updated_at FROM booked`;
    try {
      const [stamps] = await preparedQuery<{ created_at: Date; updated_at: Date }>(
        this.db,
        m,
        statementName('booking-write', text),
        text,
        p.values,
      );
      a.createdAt = stamps.created_at;
      a.updatedAt = stamps.updated_at;
      return a;
    } catch (err) {
      if (isExclusionViolation(err)) throw new TakenMeanwhile();
      throw err;
    }
  }
}
