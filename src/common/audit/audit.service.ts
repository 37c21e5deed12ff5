import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, EntityManager, Repository } from 'typeorm';
import type { WritePart } from '../../database/statement-parts';
import { ActorType, AuditEventEntity } from './audit-event.entity';

export interface Actor {
  type: ActorType;
  id: string | null;
}

export const SYSTEM: Actor = { type: 'system', id: null };

export interface AuditInput {
  unitId: string;
  actor: Actor;
  action: string;
  appointmentId?: string | null;
  clientId?: string | null;
  /** Never personal data: ids, codes, reasons written by staff. */
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>) {}

  /** Pass the transaction's manager so the event commits or rolls back with the change it records. */
  async record(e: AuditInput, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(AuditEventEntity) : this.events;
    await repo.insert(toRow(e));
  }

  /** The event as one part of a larger write (a booking's single statement). */
  static insertPart(e: AuditInput): WritePart {
    const r = toRow(e);
    return (p) =>
      `INSERT INTO audit_events (unit_id, actor_type, actor_id, action, appointment_id, client_id, details)
       VALUES (${p.add(r.unitId, 'uuid')}, ${p.add(r.actorType)}, ${p.add(r.actorId, 'uuid')}, ${p.add(r.action)},
               ${p.add(r.appointmentId, 'uuid')}, ${p.add(r.clientId, 'uuid')}, ${p.add(JSON.stringify(r.details), 'jsonb')})`;
  }

  /** One insert for several events, e.g. a staff read that shows several clients' data. */
  async recordMany(events: AuditInput[]): Promise<void> {
    if (events.length === 0) return;
    await this.events.insert(events.map(toRow));
  }

  /**
   * One staff read of several clients (the calendar's week: up to hundreds): one event per client in a
   * single statement, without the ORM's per-row work. `details` as in any event: ids and codes only.
   */
  async recordClientReads(
    unitId: string,
    actor: Actor,
    clientIds: string[],
    details: Record<string, unknown>,
  ): Promise<void> {
    if (clientIds.length === 0) return;
    await this.events.query(
      `INSERT INTO audit_events (unit_id, actor_type, actor_id, action, client_id, details)
       SELECT $1, $2, $3, 'client.read', c, $5::jsonb FROM unnest($4::uuid[]) AS c`,
      [unitId, actor.type, actor.id, clientIds, JSON.stringify(details)],
    );
  }

  list(unitId: string, from: Date, to: Date, clientId?: string): Promise<AuditEventEntity[]> {
    return this.events.find({
      where: { unitId, createdAt: Between(from, to), ...(clientId ? { clientId } : {}) },
      order: { id: 'ASC' },
      take: 5000,
    });
  }

  /** One appointment's events, oldest first (the staff panel's history). */
  forAppointment(unitId: string, appointmentId: string): Promise<AuditEventEntity[]> {
    return this.events.find({ where: { unitId, appointmentId }, order: { id: 'ASC' }, take: 500 });
  }
}

function toRow(e: AuditInput) {
  return {
    unitId: e.unitId,
    actorType: e.actor.type,
    actorId: e.actor.id,
    action: e.action,
    appointmentId: e.appointmentId ?? null,
    clientId: e.clientId ?? null,
    details: (e.details ?? {}) as AuditEventEntity['details'] & object,
  };
}
