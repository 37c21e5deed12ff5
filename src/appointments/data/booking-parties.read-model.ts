import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { TeamMember } from '../../availability/availability.service';
import type { WorkingHoursRule } from '../../availability/engine';
import { ClientEntity } from '../../clients/client.entity';
import { ClientRepository } from '../../clients/client.repository';
import { DomainError, ErrorCode, ErrorReason } from '../../common/errors';
import { entityFromJson, preparedQuery } from '../../database/prepared-query';
import { CaseworkerEntity } from '../../units/caseworker.entity';
import { MeetingTypeEntity } from '../../units/meeting-type.entity';
import { UnitEntity } from '../../units/unit.entity';

const notFound = (what: string) => new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);

/**
 * The parties of a booking or a change, found within their unit: the unit, the caseworker (any, active, or one who
 * can be booked), the meeting type, the client, the team with its hours; another unit's id is simply not found. A read
 * model: it reads units, caseworkers, meeting_types, working_hours and clients (a client through ClientRepository),
 * often several in one round trip, and writes nothing. Appointments themselves: AppointmentRepository.
 */
@Injectable()
export class BookingParties {
  constructor(
    private readonly db: DataSource,
    private readonly clients: ClientRepository,
  ) {}

  private q(m?: EntityManager): EntityManager {
    return m ?? this.db.manager;
  }

  async unit(id: string, m?: EntityManager): Promise<UnitEntity> {
    return (await this.q(m).findOneBy(UnitEntity, { id })) ?? Promise.reject(notFound('Unit'));
  }

  async caseworker(unitId: string, id: string, m?: EntityManager): Promise<CaseworkerEntity> {
    return (
      (await this.q(m).findOneBy(CaseworkerEntity, { id, unitId, active: true })) ??
      Promise.reject(notFound('Caseworker'))
    );
  }

  /**
   * A caseworker who is to take a meeting (staff booking, reassignment): another unit's id is not
   * found; a deactivated one is there but takes no new meetings (409 CONFLICT, not a puzzling 404).
   */
  async caseworkerToBook(unitId: string, id: string, m?: EntityManager): Promise<CaseworkerEntity> {
    const cw = await this.anyCaseworker(unitId, id, m);
    if (!cw.active)
      throw new DomainError(
        ErrorCode.CONFLICT,
        'This caseworker is deactivated and takes no new appointments.',
        {},
        ErrorReason.CASEWORKER_INACTIVE,
      );
    return cw;
  }

  /** A caseworker of the unit, deactivated or not (an admin still reads a leaver's calendar). */
  async anyCaseworker(unitId: string, id: string, m?: EntityManager): Promise<CaseworkerEntity> {
    return (await this.q(m).findOneBy(CaseworkerEntity, { id, unitId })) ?? Promise.reject(notFound('Caseworker'));
  }

  /** The appointment's own meeting type, retired or not: its buffers still shape the booked meeting. */
  async typeOf(a: { unitId: string; meetingTypeId: string }, m?: EntityManager): Promise<MeetingTypeEntity> {
    return (
      (await this.q(m).findOneBy(MeetingTypeEntity, { id: a.meetingTypeId, unitId: a.unitId })) ??
      Promise.reject(notFound('Meeting type'))
    );
  }

  /**
   * The unit, caseworker and meeting type of a slot search in one round trip: the search is the
   * hottest read there is, and three parallel look-ups cost three times the database work.
   */
  async slotContext(
    unitId: string,
    caseworkerId: string,
    meetingTypeId: string,
  ): Promise<{ unit: UnitEntity; caseworker: CaseworkerEntity; type: MeetingTypeEntity }> {
    const [row] = await preparedQuery<{
      unit: Record<string, unknown>;
      caseworker: Record<string, unknown>;
      type: Record<string, unknown> | null;
    }>(
      this.db,
      undefined,
      'slot-context',
      `SELECT to_jsonb(u) AS unit, to_jsonb(c) AS caseworker, to_jsonb(t) AS type
         FROM caseworkers c JOIN units u ON u.id = c.unit_id
         LEFT JOIN meeting_types t ON t.unit_id = c.unit_id AND t.id = $3 AND t.active
        WHERE c.id = $2 AND c.unit_id = $1 AND c.active`,
      [unitId, caseworkerId, meetingTypeId],
    );
    if (!row) throw notFound('Caseworker');
    if (!row.type) throw notFound('Meeting type');
    return {
      unit: entityFromJson(this.db, UnitEntity, row.unit),
      caseworker: entityFromJson(this.db, CaseworkerEntity, row.caseworker),
      type: entityFromJson(this.db, MeetingTypeEntity, row.type),
    };
  }

  /**
   * A staff booking's look-ups in one round trip: the unit, the caseworker to book, the client and
   * the meeting type, each of the unit (another unit's id is simply not found). The same answers,
   * in the same order, as unit(), caseworkerToBook(), client() and meetingType() one after another.
   */
  async staffBooking(
    unitId: string,
    q: { caseworkerId: string; clientId: string; meetingTypeId: string },
  ): Promise<{ unit: UnitEntity; caseworker: CaseworkerEntity; client: ClientEntity; type: MeetingTypeEntity }> {
    const [row] = await preparedQuery<{
      unit: Record<string, unknown>;
      caseworker: Record<string, unknown> | null;
      client: Record<string, unknown> | null;
      type: Record<string, unknown> | null;
    }>(
      this.db,
      undefined,
      'staff-booking-context',
      `SELECT to_jsonb(u) AS unit, to_jsonb(c) AS caseworker, to_jsonb(cl) AS client, to_jsonb(t) AS type
         FROM units u
         LEFT JOIN caseworkers c ON c.unit_id = u.id AND c.id = $2
         LEFT JOIN clients cl ON cl.unit_id = u.id AND cl.id = $3 AND cl.erased_at IS NULL
         LEFT JOIN meeting_types t ON t.unit_id = u.id AND t.id = $4 AND t.active
        WHERE u.id = $1`,
      [unitId, q.caseworkerId, q.clientId, q.meetingTypeId],
    );
    if (!row) throw notFound('Unit');
    if (!row.caseworker) throw notFound('Caseworker');
    const caseworker = entityFromJson(this.db, CaseworkerEntity, row.caseworker);
    if (!caseworker.active)
      throw new DomainError(
        ErrorCode.CONFLICT,
        'This caseworker is deactivated and takes no new appointments.',
        {},
        ErrorReason.CASEWORKER_INACTIVE,
      );
    if (!row.client) throw notFound('Client');
    if (!row.type) throw notFound('Meeting type');
    return {
      unit: entityFromJson(this.db, UnitEntity, row.unit),
      caseworker,
      client: entityFromJson(this.db, ClientEntity, row.client),
      type: entityFromJson(this.db, MeetingTypeEntity, row.type),
    };
  }

  /**
   * A unit's whole booking context in one round trip, by id or by slug (the other null): the unit,
   * its active meeting types and its team with their working hours (oldest first, as team()).
   * Null: no such unit. BookingContext caches it.
   */
  async unitContext(
    by: { id: string; slug: null } | { id: null; slug: string },
  ): Promise<{ unit: UnitEntity; types: MeetingTypeEntity[]; team: TeamMember[] } | null> {
    const [row] = await preparedQuery<{
      unit: Record<string, unknown>;
      types: Record<string, unknown>[];
      team: Array<{ caseworker: Record<string, unknown>; hours: WorkingHoursRule[] }>;
    }>(
      this.db,
      undefined,
      'unit-context',
      `SELECT to_jsonb(u) AS unit,
              (SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.created_at, t.id), '[]')
                 FROM meeting_types t WHERE t.unit_id = u.id AND t.active) AS types,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('caseworker', to_jsonb(c), 'hours', h.hours)
                                         ORDER BY c.created_at, c.id), '[]')
                 FROM caseworkers c
                 CROSS JOIN LATERAL (
                   SELECT jsonb_agg(jsonb_build_object('weekday', w.weekday, 'start', w.start, 'end', w."end",
                                                       'modes', w.modes) ORDER BY w.weekday, w.start) AS hours
                     FROM working_hours w WHERE w.caseworker_id = c.id) h
                WHERE c.unit_id = u.id AND c.active AND h.hours IS NOT NULL) AS team
         FROM units u
        WHERE u.id = $1::uuid OR u.slug = $2::text`,
      [by.id, by.slug],
    );
    if (!row) return null;
    return {
      unit: entityFromJson(this.db, UnitEntity, row.unit),
      types: row.types.map((t) => entityFromJson(this.db, MeetingTypeEntity, t)),
      team: row.team.map((r) => ({
        caseworker: entityFromJson(this.db, CaseworkerEntity, r.caseworker),
        workingHours: r.hours,
      })),
    };
  }

  /** Any caseworker, active or not (a client's own caseworker who has left still shows). */
  caseworkerById(id: string): Promise<CaseworkerEntity | null> {
    return this.db.manager.findOneBy(CaseworkerEntity, { id });
  }

  /**
   * The team a unit's intake considers: active staff with working hours (an admin without hours never takes a booking).
   */
  async team(unitId: string, m?: EntityManager): Promise<CaseworkerEntity[]> {
    return (await this.teamWithHours(unitId, m)).map((t) => t.caseworker);
  }

  /**
   * The team with each member's working hours, in one round trip: a booking chooses from the hours
   * whom to lock (AvailabilityService.byHours) before it locks. Oldest member first.
   */
  async teamWithHours(unitId: string, m?: EntityManager): Promise<TeamMember[]> {
    const rows = await preparedQuery<{ caseworker: Record<string, unknown>; hours: WorkingHoursRule[] }>(
      this.db,
      m,
      'team-with-hours',
      `SELECT to_jsonb(c) AS caseworker,
              jsonb_agg(jsonb_build_object('weekday', w.weekday, 'start', w.start, 'end', w."end", 'modes', w.modes)
                        ORDER BY w.weekday, w.start) AS hours
         FROM caseworkers c JOIN working_hours w ON w.caseworker_id = c.id
        WHERE c.unit_id = $1 AND c.active
        GROUP BY c.id
        ORDER BY c.created_at, c.id`,
      [unitId],
    );
    return rows.map((r) => ({
      caseworker: entityFromJson(this.db, CaseworkerEntity, r.caseworker),
      workingHours: r.hours,
    }));
  }

  client(unitId: string, id: string, m?: EntityManager): Promise<ClientEntity> {
    return this.clients.inUnit(unitId, id, m);
  }

  async meetingType(unitId: string, id: string, m?: EntityManager): Promise<MeetingTypeEntity> {
    return (
      (await this.q(m).findOneBy(MeetingTypeEntity, { id, unitId, active: true })) ??
      Promise.reject(notFound('Meeting type'))
    );
  }
}
