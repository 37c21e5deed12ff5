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

/** The caseworker a choosing write (BookingWriter.insert with `orElse`) took, for its parts. */
export const CHOSEN_CASEWORKER = { sql: '(SELECT id FROM calendar_lock)' } as const;

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
   *
   * `orElse` (with `lockCalendar`): the other caseworkers free on the booking's read, in rule 7's
   * order after `a.caseworkerId`. The write then takes the first of them all whose calendar no
   * concurrent booking is writing (its lock free: pg_try_advisory_xact_lock) and that has nothing
   * in the way that committed since the read, instead of queueing behind a booking of the same
   * first choice and then losing to it in the constraint; the parts name it through
   * CHOSEN_CASEWORKER. Only when every one of them is being written does it wait for the first.
   * Nobody competing, the first choice is always taken. `a.caseworkerId` is the one taken.
   */
  async insert(
    m: EntityManager | undefined,
    a: AppointmentEntity,
    parts: readonly WritePart[],
    opts: { lockCalendar?: boolean; orElse?: readonly string[] } = {},
  ): Promise<AppointmentEntity> {
    const p = new StatementParams();
    const choose = !!opts.lockCalendar && !!opts.orElse?.length;
    const busyRange = p.add(a.busyRange, 'tstzrange');
    // The calendar lock taken in this statement (a booking without a transaction): the insert reads
    // the lock's row, so the lock comes first; it is held until the statement commits. Choosing, the
    // candidates are tried in order and the scan stops at the first taken (LIMIT 1 over a volatile
    // filter): only that one's lock is held. The lock is re-entrant, so taking the chosen one's again
    // waits only when none was free and the first choice is taken.
    const locked = !opts.lockCalendar
      ? ''
      : choose
        ? `pick AS (SELECT c.id FROM unnest(${p.add([a.caseworkerId, ...opts.orElse!], 'text[]')}) AS c(id)
             WHERE CASE WHEN EXISTS (SELECT 1 FROM appointments x WHERE x.caseworker_id = c.id::uuid
                                       AND x.busy_range && ${busyRange} AND x.status IN ('held', 'confirmed'))
                        THEN false
                        ELSE pg_try_advisory_xact_lock(hashtextextended(c.id, ${CALENDAR_LOCK_SPACE})) END
             LIMIT 1),
           chosen AS (SELECT coalesce((SELECT id FROM pick), ${p.add(a.caseworkerId)}) AS id),
           calendar_lock AS (SELECT id::uuid AS id, pg_advisory_xact_lock(hashtextextended(id, ${CALENDAR_LOCK_SPACE})) FROM chosen), `
        : `calendar_lock AS (SELECT pg_advisory_xact_lock(hashtextextended(${p.add(a.caseworkerId)}, ${CALENDAR_LOCK_SPACE}))), `;
    const insert = `INSERT INTO appointments (id, unit_id, caseworker_id, client_id, meeting_type_id, starts_at, ends_at,
         busy_range, mode, status, location, sequence, hold_expires_at, holder_ip_hash, room_name,
         first_meeting_override_reason, cancel_reason, created_by)
       SELECT ${[
         p.add(a.id, 'uuid'),
         p.add(a.unitId, 'uuid'),
         choose ? 'calendar_lock.id' : p.add(a.caseworkerId, 'uuid'),
         p.add(a.clientId, 'uuid'),
         p.add(a.meetingTypeId, 'uuid'),
         p.add(a.startsAt, 'timestamptz'),
         p.add(a.endsAt, 'timestamptz'),
         busyRange,
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
       RETURNING caseworker_id, created_at, updated_at`;
    const ctes = [`booked AS (${insert})`, ...parts.map((part, i) => `part${i} AS (${part(p)})`)];
    const text = `WITH ${locked}${ctes.join(',\n')}\nSELECT caseworker_id, created_at, updated_at FROM booked`;
    try {
      const [stamps] = await preparedQuery<{ caseworker_id: string; created_at: Date; updated_at: Date }>(
        this.db,
        m,
        statementName('booking-write', text),
        text,
        p.values,
      );
      a.caseworkerId = stamps.caseworker_id;
      a.createdAt = stamps.created_at;
      a.updatedAt = stamps.updated_at;
      return a;
    } catch (err) {
      if (isExclusionViolation(err)) throw new TakenMeanwhile();
      throw err;
    }
  }
}
