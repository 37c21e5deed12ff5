import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '../../common/errors';
import { preparedQuery, statementName } from '../../database/prepared-query';
import { sqlState, StatementParams, type WritePart } from '../../database/statement-parts';
import { AppointmentEntity } from './appointment.entity';
import { ClientNoteEntity } from './client-note.entity';

const notFound = () => new DomainError(ErrorCode.NOT_FOUND, 'Appointment not found');

/** Apart from the calendar locks (7261), so a holder never waits on a calendar or the reverse. */
const HOLDER_LOCK_SPACE = 7262;
const CALENDAR_LOCK_SPACE = 7261;

/**
 * Every advisory lock of one booking in one statement, in ascending key order (two bookings never
 * wait crosswise). The sorted subquery is not flattened into the outer query, so the locks are taken
 * in its order.
 */
const LOCKS_SQL = `
  SELECT pg_advisory_xact_lock(k) FROM (
    SELECT DISTINCT k FROM (
      SELECT hashtextextended(id, ${CALENDAR_LOCK_SPACE}) AS k FROM unnest($1::text[]) AS id
      UNION ALL
      SELECT hashtextextended(h, ${HOLDER_LOCK_SPACE}) FROM unnest($2::text[]) AS h
    ) keys ORDER BY k
  ) sorted`;

/**
 * docs/product-rules.md, rule 5 in SQL, written only here (isHoldExpired in booking-rules.ts is its twin in code): a
 * hold runs out at hold_expires_at, and from then on blocks no time and counts for no limit, even before its expiry
 * job deletes it. `now` is the statement's instant (a parameter), `a` the table's alias with its dot, or ''.
 */
export const heldAndRunOut = (now: string, a = ''): string => `${a}status = 'held' AND ${a}hold_expires_at <= ${now}`;

/** A hold whose time is not up yet: for a row the caller knows, or checks, is held. */
export const holdStillRunning = (now: string, a = ''): string => `${a}hold_expires_at > ${now}`;

/**
 * Releases these calendars' run-out holds (cancelled, hold_expired), so the exclusion constraint no longer counts
 * them; the expiry job or the sweep then audits and deletes them. Also a part of the booking's read
 * (AppointmentCalendarSource.bookingLoad), which saves the booking a round trip.
 */
export const releaseRunOutHoldsSql = (caseworkerIds: string, now: string): string =>
  `UPDATE appointments SET status = 'cancelled', cancel_reason = 'hold_expired', updated_at = ${now}
     WHERE caseworker_id = ANY(${caseworkerIds}) AND ${heldAndRunOut(now)}`;

/**
 * Who a public hold is counted against (docs/product-rules.md, rule 5): the email (lower case) and the keyed address.
 */
export interface HolderKeys {
  unitId: string;
  email: string;
  addressHash: string | null;
}

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

/** The caseworker a choosing write (insertBooking with `orElse`) took, for its parts. */
export const CHOSEN_CASEWORKER = { sql: '(SELECT id FROM calendar_lock)' } as const;

export function isExclusionViolation(err: unknown): boolean {
  return sqlState(err) === '23P01';
}

interface FeedUnit {
  public_name: string;
  time_zone: string;
  address: string;
}

interface FeedRow {
  id: string;
  starts_at: Date;
  ends_at: Date;
  mode: string;
  status: string;
  sequence: number;
  name: string | null;
}

/**
 * The one writer of `appointments` and `client_notes`, a booking's insert included (the booking's read runs
 * releaseRunOutHoldsSql in its statement). Methods are use cases, not rows: each is the statements one step of a
 * booking, a change or an erasure needs, so they can be made fewer or faster here without touching the services
 * that call them. A hold's deletion and a returning client's merge also delete or move what hangs on the
 * appointment in `clients`, `idempotency_keys`, `video_events` and `capability_tokens`, in the same transaction:
 * each of those statements asks about appointments (whose they are, whether any is left), and VideoEventRepository
 * cannot be called from here (video imports appointments).
 */
@Injectable()
export class AppointmentRepository {
  constructor(private readonly db: DataSource) {}

  private q(m?: EntityManager): EntityManager {
    return m ?? this.db.manager;
  }

  async get(id: string, m?: EntityManager): Promise<AppointmentEntity> {
    return (await this.find(id, m)) ?? Promise.reject(notFound());
  }

  find(id: string, m?: EntityManager): Promise<AppointmentEntity | null> {
    return this.q(m).findOneBy(AppointmentEntity, { id });
  }

  byRoom(roomName: string): Promise<AppointmentEntity | null> {
    return this.q().findOneBy(AppointmentEntity, { roomName });
  }

  /** The client's own appointment; anyone else's is not found. */
  async ofClient(clientId: string, id: string): Promise<AppointmentEntity> {
    return (await this.q().findOneBy(AppointmentEntity, { id, clientId })) ?? Promise.reject(notFound());
  }

  listOfClient(clientId: string): Promise<AppointmentEntity[]> {
    return this.q().find(AppointmentEntity, { where: { clientId }, order: { startsAt: 'ASC' }, take: 500 });
  }

  withClient(id: string): Promise<AppointmentEntity | null> {
    return this.q().findOne(AppointmentEntity, { where: { id }, relations: { client: true } });
  }

  notes(appointmentId: string): Promise<ClientNoteEntity[]> {
    return this.q().find(ClientNoteEntity, { where: { appointmentId }, order: { createdAt: 'ASC' } });
  }

  addNote(
    m: EntityManager,
    note: Pick<ClientNoteEntity, 'appointmentId' | 'clientId' | 'author' | 'text'>,
  ): Promise<unknown> {
    return m.insert(ClientNoteEntity, note);
  }

  /**
   * A caseworker's calendar with the clients' names (staff views). A meeting lasts at most a day
   * (appointments_at_most_a_day), so the start is bounded on both sides: the range, not the history.
   */
  calendarOf(caseworkerId: string, range: { from: Date; to: Date }): Promise<AppointmentEntity[]> {
    const overlaps = `a.caseworker_id = :id AND a.starts_at < :to AND a.ends_at > :from
      AND a.starts_at > CAST(:from AS timestamptz) - interval '1 day'`;
    return this.q()
      .createQueryBuilder(AppointmentEntity, 'a')
      .leftJoinAndSelect('a.client', 'c')
      .where(overlaps, { id: caseworkerId, from: range.from, to: range.to })
      .orderBy('a.starts_at', 'ASC')
      .take(2000)
      .getMany();
  }

  /** Offboarding: the caseworker's confirmed meetings and live holds that have not started, soonest first. */
  upcomingOf(caseworkerId: string, now: Date, m?: EntityManager): Promise<AppointmentEntity[]> {
    return this.q(m)
      .createQueryBuilder(AppointmentEntity, 'a')
      .where(`a.caseworker_id = :id AND a.starts_at > :now`, { id: caseworkerId, now })
      .andWhere(`(a.status = 'confirmed' OR (a.status = 'held' AND ${holdStillRunning(':now', 'a.')}))`)
      .orderBy('a.starts_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .take(2000)
      .getMany();
  }

  /** The subscription feed: the caseworker's unit and their meetings in [from, to) (at most 1000). */
  async feedOf(caseworkerId: string, from: Date, to: Date): Promise<{ unit: FeedUnit; rows: FeedRow[] }> {
    const [unit]: FeedUnit[] = await this.db.query(
      `SELECT u.public_name, u.time_zone, u.address FROM units u JOIN caseworkers c ON c.unit_id = u.id WHERE c.id = $1`,
      [caseworkerId],
    );
    const rows: FeedRow[] = await this.db.query(
      `SELECT a.id, a.starts_at, a.ends_at, a.mode, a.status, a.sequence, c.name FROM appointments a
       JOIN clients c ON c.id = a.client_id
        WHERE a.caseworker_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3
          AND a.status IN ('held', 'confirmed', 'cancelled', 'completed')
        ORDER BY a.starts_at LIMIT 1000`,
      [caseworkerId, from, to],
    );
    return { unit, rows };
  }

  /** The room a cleanup job was made for, and the sequence it has now. */
  async roomState(id: string): Promise<{ sequence: number; roomName: string | null } | null> {
    const [row] = await this.db.query<Array<{ sequence: number; room_name: string | null }>>(
      `SELECT sequence, room_name FROM appointments WHERE id = $1`,
      [id],
    );
    return row ? { sequence: row.sequence, roomName: row.room_name } : null;
  }

  /** An entity of a row not yet written (a booking's, before insert). */
  newBooking(row: BookingRow): AppointmentEntity {
    return this.db.manager.create(AppointmentEntity, row);
  }

  /**
   * A booking's one write, the one statement that writes the appointment and what comes with it:
   * the appointment row and, in the same statement, what the caller adds (its new client or the client's caseworker,
   * its audit event, its jobs). With `lockCalendar` it takes the caseworker's calendar lock first, so writes for one
   * calendar queue instead of deadlocking in the exclusion check; without, the caller holds it already. The exclusion
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
  async insertBooking(
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
           calendar_lock AS (SELECT id::uuid AS id, pg_advisory_xact_lock(hashtextextended(id, ${CALENDAR_LOCK_SPACE}))
             FROM chosen), `
        : `calendar_lock AS (SELECT pg_advisory_xact_lock(hashtextextended(${p.add(a.caseworkerId)}, ${CALENDAR_LOCK_SPACE}))), `;
    const insert = `INSERT INTO appointments (id, unit_id, caseworker_id, client_id, meeting_type_id, starts_at,
         ends_at, busy_range, mode, status, location, sequence, hold_expires_at, holder_ip_hash, room_name,
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

  /**
   * Serialises writes to these caseworkers' calendars for the rest of the transaction. Without it,
   * two overlapping inserts each wait on the other's exclusion check and PostgreSQL aborts one as a
   * deadlock; with it, the second sees the first and answers SLOT_TAKEN. The constraint stays the
   * guarantee; the lock makes losing a race cheap and clean. `holders` (a public hold): the holder
   * locks that the count of docs/product-rules.md, rule 5 runs under (the booking's read, bookingLoad), in their own
   * key space. One statement for all the keys, taken in ascending order, so two bookings never wait crosswise.
   */
  async lockCalendars(m: EntityManager, caseworkerIds: string[], holders?: HolderKeys): Promise<void> {
    const holderKeys = holders
      ? [
          createHash('sha256').update(`hold-email:${holders.unitId}:${holders.email}`).digest('hex'),
          ...(holders.addressHash ? [`hold-ip:${holders.addressHash}`] : []),
        ]
      : [];
    if (caseworkerIds.length === 0 && holderKeys.length === 0) return;
    await preparedQuery(this.db, m, 'booking-locks', LOCKS_SQL, [caseworkerIds, holderKeys]);
  }

  /**
   * For a mail about the appointment: read it and hold it (FOR SHARE) until the mail's links are
   * minted, so a change that revokes links either came first and is seen, or waits and revokes them too.
   */
  shareRow(m: EntityManager, id: string): Promise<AppointmentEntity | null> {
    return m.findOne(AppointmentEntity, { where: { id }, lock: { mode: 'pessimistic_read' } });
  }

  /** Locks the row for the rest of the transaction: concurrent changes of one appointment queue up. */
  lockRow(m: EntityManager, id: string): Promise<AppointmentEntity | null> {
    return m
      .getRepository(AppointmentEntity)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.id = :id', { id })
      .getOne();
  }

  /**
   * For a change: the caseworker's calendar lock first, then the row, the same order as a booking,
   * so the two never deadlock. Not found when the row is gone (or `visible` says it is not theirs).
   */
  async lockForChange(
    m: EntityManager,
    id: string,
    visible: (a: AppointmentEntity) => boolean = () => true,
  ): Promise<AppointmentEntity> {
    const [row]: Array<{ caseworker_id: string }> = await m.query(
      `SELECT caseworker_id FROM appointments WHERE id = $1`,
      [id],
    );
    if (!row) throw notFound();
    await this.lockCalendars(m, [row.caseworker_id]);
    const a = await this.lockRow(m, id);
    if (!a || !visible(a)) throw notFound();
    return a;
  }

  /** Expired holds are released now, so the exclusion constraint does not count them as busy. */
  async releaseOverdueHolds(m: EntityManager, caseworkerIds: string[], now: Date): Promise<void> {
    await m.query(releaseRunOutHoldsSql('$1', '$2'), [caseworkerIds, now]);
  }

  /**
   * Holds past their end, and holds already released but not yet deleted: each through its own
   * partial index (a handful of rows), never the appointments' history.
   */
  async overdueHoldIds(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db.query<Array<{ id: string }>>(
      `(SELECT id FROM appointments WHERE ${heldAndRunOut('$1')} LIMIT $2)
       UNION ALL
       (SELECT id FROM appointments WHERE status = 'cancelled' AND cancel_reason = 'hold_expired' LIMIT $2)`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }

  save(m: EntityManager, a: AppointmentEntity): Promise<AppointmentEntity> {
    return m.save(a);
  }

  /** Attendance from video: only while still confirmed. False when the row had changed meanwhile. */
  async markAttendanceIfConfirmed(
    m: EntityManager,
    id: string,
    status: 'completed' | 'no_show',
    now: Date,
  ): Promise<boolean> {
    const { affected } = await m.update(AppointmentEntity, { id, status: 'confirmed' }, { status, updatedAt: now });
    return !!affected;
  }

  /**
   * Rule 4's question: has this client had an in-person meeting (with this caseworker, or any) that ended and took
   * place?
   */
  async hadInPersonMeeting(
    clientId: string,
    caseworkerId: string | null,
    now: Date,
    m?: EntityManager,
  ): Promise<boolean> {
    const rows = await this.q(m).query<unknown[]>(
      `SELECT 1 FROM appointments
        WHERE client_id = $1 AND mode = 'in_person' AND status IN ('confirmed', 'completed') AND ends_at <= $2
          AND ($3::uuid IS NULL OR caseworker_id = $3::uuid)
        LIMIT 1`,
      [clientId, now, caseworkerId],
    );
    return rows.length > 0;
  }

  /**
   * Deletes a released hold and what hangs on it, and its client row when that client has nothing
   * else: such a row was made by the public booking from details nobody proved.
   */
  async deleteHold(m: EntityManager, a: AppointmentEntity): Promise<void> {
    await m.query(`DELETE FROM client_notes WHERE appointment_id = $1`, [a.id]);
    await m.query(`DELETE FROM video_events WHERE appointment_id = $1`, [a.id]);
    await m.query(`DELETE FROM idempotency_keys WHERE client_id = $1 AND response->>'id' = $2`, [a.clientId, a.id]);
    await m.query(`DELETE FROM appointments WHERE id = $1`, [a.id]);
    await this.deleteClientIfUnused(m, a.clientId);
  }

  private async deleteClientIfUnused(m: EntityManager, clientId: string): Promise<void> {
    await m.query(
      `DELETE FROM clients c WHERE c.id = $1
          AND NOT EXISTS (SELECT 1 FROM appointments x WHERE x.client_id = c.id)
          AND NOT EXISTS (SELECT 1 FROM client_notes n WHERE n.client_id = c.id)`,
      [clientId],
    );
    await m.query(
      `DELETE FROM idempotency_keys k WHERE k.client_id = $1 AND NOT EXISTS (SELECT 1 FROM clients c WHERE c.id = $1)`,
      [clientId],
    );
  }

  /**
   * docs/product-rules.md, rule 5 on confirmation: moves the appointment to the known client with the same email
   * and removes the duplicate row. Known = not erased, and either made by staff (no meetings yet) or
   * with a meeting that was more than an unconfirmed hold. Locked, so an erasure cannot run in
   * between. Returns the known client, or null when there is none.
   */
  async adoptReturningClient(m: EntityManager, a: AppointmentEntity): Promise<{ id: string } | null> {
    const duplicate = a.clientId;
    const [known]: Array<{ id: string; caseworker_id: string | null }> = await m.query(
      `SELECT c.id, c.caseworker_id FROM clients c, clients d
        WHERE d.id = $1 AND c.unit_id = d.unit_id AND c.id <> d.id AND c.erased_at IS NULL
          AND lower(c.email) = lower(d.email)
          AND (NOT EXISTS (SELECT 1 FROM appointments x WHERE x.client_id = c.id)
               OR EXISTS (SELECT 1 FROM appointments x WHERE x.client_id = c.id AND x.status <> 'held'
                 AND x.cancel_reason IS DISTINCT FROM 'hold_expired'))
        ORDER BY c.created_at, c.id LIMIT 1
        FOR UPDATE OF c`,
      [duplicate],
    );
    if (!known) return null;
    await m.query(`UPDATE appointments SET client_id = $1 WHERE id = $2`, [known.id, a.id]);
    await m.query(`UPDATE client_notes SET client_id = $1 WHERE appointment_id = $2`, [known.id, a.id]);
    // The links already mailed for this booking (confirm) keep working, now for the known client.
    await m.query(`UPDATE capability_tokens SET client_id = $1 WHERE client_id = $2 AND appointment_id = $3`, [
      known.id,
      duplicate,
      a.id,
    ]);
    await m.query(
      `UPDATE idempotency_keys SET client_id = $1, response = jsonb_set(response, '{clientId}', to_jsonb($4::text))
        WHERE client_id = $2 AND response->>'id' = $3`,
      [known.id, duplicate, a.id, known.id],
    );
    if (!known.caseworker_id)
      await m.query(`UPDATE clients SET caseworker_id = $1 WHERE id = $2`, [a.caseworkerId, known.id]);
    // Another hold of the same email keeps the duplicate row until it is confirmed or expires.
    await this.deleteClientIfUnused(m, duplicate);
    a.clientId = known.id;
    return { id: known.id };
  }

  /** GDPR access: the client's appointments and notes as plain rows. */
  async exportOfClient(clientId: string): Promise<{ appointments: unknown[]; notes: unknown[] }> {
    const appointments = await this.db.query<unknown[]>(
      `SELECT id, caseworker_id, meeting_type_id, starts_at, ends_at, mode, status, location, sequence, created_at,
       updated_at FROM appointments WHERE client_id = $1 ORDER BY starts_at`,
      [clientId],
    );
    const notes = await this.db.query<unknown[]>(
      `SELECT appointment_id, author, text, created_at FROM client_notes WHERE client_id = $1 ORDER BY created_at`,
      [clientId],
    );
    return { appointments, notes };
  }

  /**
   * Within the erasure transaction: frees future slots and drops every free text about the client
   * (notes, a cancellation reason, an override reason); the appointments stay for statistics.
   */
  async eraseClient(m: EntityManager, clientId: string, now: Date): Promise<void> {
    await m.query(`DELETE FROM client_notes WHERE client_id = $1`, [clientId]);
    await m.query(
      `UPDATE appointments SET status = 'cancelled', cancel_reason = 'client_erased', updated_at = $2
        WHERE client_id = $1 AND status IN ('held', 'confirmed') AND starts_at > $2`,
      [clientId, now],
    );
    await m.query(
      `UPDATE appointments SET first_meeting_override_reason = CASE WHEN first_meeting_override_reason IS NULL THEN NULL
       ELSE '[erased]' END,
              cancel_reason = CASE WHEN cancel_reason IN ('client', 'staff', 'hold_expired', 'client_erased')
                OR cancel_reason IS NULL THEN cancel_reason ELSE '[erased]' END
        WHERE client_id = $1`,
      [clientId],
    );
  }

  /** Clients with no appointment within their unit's retention period (and none ahead). */
  async inactiveClientIds(now: Date, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT c.id FROM clients c JOIN units u ON u.id = c.unit_id
        WHERE c.erased_at IS NULL AND c.created_at < $1::timestamptz - make_interval(months => u.retention_months)
          AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.client_id = c.id
            AND a.ends_at > $1::timestamptz - make_interval(months => u.retention_months))
        LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }
}
