import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, EntityManager, Repository } from 'typeorm';
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

  /** One insert for several events, e.g. a staff read that shows several clients' data. */
  async recordMany(events: AuditInput[]): Promise<void> {
    if (events.length === 0) return;
    await this.events.insert(events.map(toRow));
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
