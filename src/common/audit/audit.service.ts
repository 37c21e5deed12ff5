import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ActorType, AuditEventEntity } from './audit-event.entity';
import { AuditRepository, AuditRow } from './audit.repository';

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

/**
 * What happened, by whom, in which unit: the audit log (its rows are AuditRepository's). `details` are
 * never personal data.
 */
@Injectable()
export class AuditService {
  constructor(private readonly events: AuditRepository) {}

  /** Pass the transaction's manager so the event commits or rolls back with the change it records. */
  record(e: AuditInput, manager?: EntityManager): Promise<void> {
    return this.events.insert(toRow(e), manager);
  }

  /** The event as one part of a larger write (a booking's single statement): AuditRepository writes its SQL. */
  static insertPart(e: AuditInput): ReturnType<typeof AuditRepository.insertPart> {
    return AuditRepository.insertPart(toRow(e));
  }

  /** One insert for several events, e.g. a staff read that shows several clients' data. */
  recordMany(events: AuditInput[]): Promise<void> {
    return this.events.insertMany(events.map(toRow));
  }

  /**
   * One staff read of several clients (the calendar's week: up to hundreds): one event per client in a
   * single statement, without the ORM's per-row work. `details` as in any event: ids and codes only.
   */
  recordClientReads(
    unitId: string,
    actor: Actor,
    clientIds: string[],
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.events.insertClientReads(unitId, actor, clientIds, details);
  }

  list(unitId: string, from: Date, to: Date, clientId?: string): Promise<AuditEventEntity[]> {
    return this.events.listOfUnit(unitId, from, to, clientId);
  }

  /** One appointment's events, oldest first (the staff panel's history). */
  forAppointment(unitId: string, appointmentId: string): Promise<AuditEventEntity[]> {
    return this.events.listOfAppointment(unitId, appointmentId);
  }
}

function toRow(e: AuditInput): AuditRow {
  return {
    unitId: e.unitId,
    actorType: e.actor.type,
    actorId: e.actor.id,
    action: e.action,
    appointmentId: e.appointmentId ?? null,
    clientId: e.clientId ?? null,
    details: e.details ?? {},
  };
}
