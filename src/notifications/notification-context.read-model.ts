import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppointmentEntity } from '../appointments/data/appointment.entity';
import { ClientEntity } from '../clients/client.entity';
import { entityFromJson, preparedQuery } from '../database/prepared-query';
import { CaseworkerEntity } from '../units/caseworker.entity';
import { MeetingTypeEntity } from '../units/meeting-type.entity';
import { UnitEntity } from '../units/unit.entity';

type Json = Record<string, unknown>;

export interface AppointmentMailContext {
  appointment: AppointmentEntity;
  client: ClientEntity;
  unit: UnitEntity;
  type: MeetingTypeEntity | null;
  /** Only when asked for (a reassignment names whoever has the meeting now). */
  caseworker: CaseworkerEntity | null;
}

/**
 * The mails' read model: the rows a mail is composed from (appointment, client, unit, meeting type,
 * caseworker), each in one named statement on the transaction's connection
 * (a mail used to cost 4–5 separate TypeORM reads, planned anew every time). The locks are those
 * NotificationComposer.compose documents: `FOR SHARE OF a, c` takes the appointment's row first,
 * then the client's (PostgreSQL locks a statement's rows in the order of its OF list), the order
 * erasure takes them. Unit, meeting type and caseworker are read, not locked, as before.
 */
@Injectable()
export class NotificationContextReadModel {
  constructor(private readonly db: DataSource) {}

  /**
   * The appointment, its client (the job's), the client's unit and the appointment's meeting type;
   * null when the appointment or the client is not there (an inner join: a locked row may not be on
   * the nullable side of an outer join). The caller then reads them one by one to tell why.
   */
  async appointmentMail(
    m: EntityManager,
    appointmentId: string,
    clientId: string,
    withCaseworker: boolean,
  ): Promise<AppointmentMailContext | null> {
    const [row] = await preparedQuery<{
      appointment: Json;
      client: Json;
      unit: Json;
      type: Json | null;
      caseworker: Json | null;
    }>(
      this.db,
      m,
      'notify-appointment-context',
      `SELECT to_jsonb(a) AS appointment, to_jsonb(c) AS client, to_jsonb(u) AS unit, to_jsonb(t) AS type,
              to_jsonb(w) AS caseworker
         FROM appointments a
         JOIN clients c ON c.id = $2::uuid
         JOIN units u ON u.id = c.unit_id
         LEFT JOIN meeting_types t ON t.id = a.meeting_type_id AND t.unit_id = a.unit_id
         LEFT JOIN caseworkers w ON w.id = a.caseworker_id AND ($3::boolean OR a.mode = 'phone')
        WHERE a.id = $1::uuid
          FOR SHARE OF a, c`,
      [appointmentId, clientId, withCaseworker],
    );
    if (!row) return null;
    return {
      appointment: entityFromJson(this.db, AppointmentEntity, row.appointment),
      client: entityFromJson(this.db, ClientEntity, row.client),
      unit: entityFromJson(this.db, UnitEntity, row.unit),
      type: row.type ? entityFromJson(this.db, MeetingTypeEntity, row.type) : null,
      caseworker: row.caseworker ? entityFromJson(this.db, CaseworkerEntity, row.caseworker) : null,
    };
  }

  /** The client (FOR SHARE) and its unit; null when the client is not there. */
  async client(m: EntityManager, clientId: string): Promise<{ client: ClientEntity; unit: UnitEntity } | null> {
    const [row] = await preparedQuery<{ client: Json; unit: Json }>(
      this.db,
      m,
      'notify-client-context',
      `SELECT to_jsonb(c) AS client, to_jsonb(u) AS unit
         FROM clients c JOIN units u ON u.id = c.unit_id
        WHERE c.id = $1::uuid
          FOR SHARE OF c`,
      [clientId],
    );
    if (!row) return null;
    return {
      client: entityFromJson(this.db, ClientEntity, row.client),
      unit: entityFromJson(this.db, UnitEntity, row.unit),
    };
  }

  /** The caseworker (FOR SHARE) and their unit; null when the caseworker is not there. */
  async caseworker(
    m: EntityManager,
    caseworkerId: string,
  ): Promise<{ caseworker: CaseworkerEntity; unit: UnitEntity } | null> {
    const [row] = await preparedQuery<{ caseworker: Json; unit: Json }>(
      this.db,
      m,
      'notify-caseworker-context',
      `SELECT to_jsonb(c) AS caseworker, to_jsonb(u) AS unit
         FROM caseworkers c JOIN units u ON u.id = c.unit_id
        WHERE c.id = $1::uuid
          FOR SHARE OF c`,
      [caseworkerId],
    );
    if (!row) return null;
    return {
      caseworker: entityFromJson(this.db, CaseworkerEntity, row.caseworker),
      unit: entityFromJson(this.db, UnitEntity, row.unit),
    };
  }

  // The rare path (an appointment or a client deleted since the job was queued), read one row at a
  // time and unlocked, after AppointmentRepository.shareRow and ClientRepository.shareRow.

  /** The client's unit, always there (clients.unit_id references it). */
  unitOf(m: EntityManager, client: { unitId: string }): Promise<UnitEntity> {
    return m.findOneByOrFail(UnitEntity, { id: client.unitId });
  }

  /** The appointment's meeting type, if it is still the unit's. */
  typeOf(m: EntityManager, a: { meetingTypeId: string; unitId: string }): Promise<MeetingTypeEntity | null> {
    return m.findOneBy(MeetingTypeEntity, { id: a.meetingTypeId, unitId: a.unitId });
  }

  /** Whoever has the meeting now. */
  caseworkerOf(m: EntityManager, a: { caseworkerId: string }): Promise<CaseworkerEntity | null> {
    return m.findOneBy(CaseworkerEntity, { id: a.caseworkerId });
  }
}
