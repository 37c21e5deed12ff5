import { Injectable } from '@nestjs/common';
import { Between, DataSource, EntityManager } from 'typeorm';
import type { WritePart } from '../../database/statement-parts';
import { ActorType, AuditEventEntity } from './audit-event.entity';

/** One event as it is stored (AuditService turns an AuditInput into one). */
export interface AuditRow {
  unitId: string;
  actorType: ActorType;
  actorId: string | null;
  action: string;
  appointmentId: string | null;
  clientId: string | null;
  details: Record<string, unknown>;
}

/** The one reader and writer of `audit_events` (append-only: a trigger refuses UPDATE and DELETE). */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: DataSource) {}

  /** In the caller's transaction when given one, so the event commits or rolls back with its change. */
  async insert(row: AuditRow, m?: EntityManager): Promise<void> {
    await (m ?? this.db.manager).insert(AuditEventEntity, stored(row));
  }

  async insertMany(rows: AuditRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.manager.insert(AuditEventEntity, rows.map(stored));
  }

  /** The event as one part of a larger write (a booking's single statement). */
  static insertPart(r: AuditRow): WritePart {
    return (p) =>
      `INSERT INTO audit_events (unit_id, actor_type, actor_id, action, appointment_id, client_id, details)
       VALUES (${p.add(r.unitId, 'uuid')}, ${p.add(r.actorType)}, ${p.add(r.actorId, 'uuid')}, ${p.add(r.action)},
               ${p.add(r.appointmentId, 'uuid')}, ${p.add(r.clientId, 'uuid')},
                 ${p.add(JSON.stringify(r.details), 'jsonb')})`;
  }

  /** One 'client.read' event per client in a single statement, without the ORM's per-row work. */
  async insertClientReads(
    unitId: string,
    actor: { type: ActorType; id: string | null },
    clientIds: string[],
    details: Record<string, unknown>,
  ): Promise<void> {
    if (clientIds.length === 0) return;
    await this.db.query(
      `INSERT INTO audit_events (unit_id, actor_type, actor_id, action, client_id, details)
       SELECT $1, $2, $3, 'client.read', c, $5::jsonb FROM unnest($4::uuid[]) AS c`,
      [unitId, actor.type, actor.id, clientIds, JSON.stringify(details)],
    );
  }

  /** A unit's events in a time range (of one client when given), oldest first, at most 5000. */
  listOfUnit(unitId: string, from: Date, to: Date, clientId?: string): Promise<AuditEventEntity[]> {
    return this.db.manager.find(AuditEventEntity, {
      where: { unitId, createdAt: Between(from, to), ...(clientId ? { clientId } : {}) },
      order: { id: 'ASC' },
      take: 5000,
    });
  }

  /** One appointment's events, oldest first. */
  listOfAppointment(unitId: string, appointmentId: string): Promise<AuditEventEntity[]> {
    return this.db.manager.find(AuditEventEntity, {
      where: { unitId, appointmentId },
      order: { id: 'ASC' },
      take: 500,
    });
  }
}

/** The row as TypeORM's insert types it (a jsonb column's value is any object). */
function stored(r: AuditRow) {
  return { ...r, details: r.details as AuditEventEntity['details'] & object };
}
