import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/audit/audit.service';
import { Clock } from '../../common/clock';
import { retryOnDeadlock } from '../../database/retry';
import { Transactions } from '../../common/transactions';
import type { UnitEntity } from '../../units/unit.entity';
import type { AppointmentEntity } from '../data/appointment.entity';
import { AppointmentRepository } from '../data/appointment.repository';
import { BookingParties } from '../data/booking-parties.read-model';
import { AppointmentChange, AppointmentLifecycle } from './appointment-lifecycle';

export type ChangeOutcome = Omit<AppointmentChange, 'actor' | 'appointment' | 'unit'>;

/**
 * Who asks for a change: staff may change any time; a client until the unit's cut-off. `authorize`
 * is the edge's check of the locked row (whose it is, who may change it): the row is read once.
 */
export interface ChangeActor extends Actor {
  type: 'staff' | 'client';
  id: string;
  authorize?: (a: AppointmentEntity) => void;
}

export interface Changed {
  appointment: AppointmentEntity;
  unit: UnitEntity;
}

/**
 * How every change of one appointment runs, whatever it changes: one transaction (again on a deadlock) that locks
 * the row, lets the edge authorize it, applies the change, and has the lifecycle save it with its audit event, jobs
 * and mails. The changes themselves, and their rules, are AppointmentChangesService's.
 */
@Injectable()
export class ChangeRunner {
  constructor(
    private readonly transactions: Transactions,
    private readonly lifecycle: AppointmentLifecycle,
    private readonly appointments: AppointmentRepository,
    private readonly parties: BookingParties,
    private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  /** A transaction of its own, run again when PostgreSQL aborts it as a deadlock. */
  inTransaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return retryOnDeadlock(() => this.transactions.run(work));
  }

  /** One transaction: lock, authorize, apply, and the lifecycle saves and records what it causes. */
  async change(
    id: string,
    actor: ChangeActor,
    apply: (
      m: EntityManager,
      a: AppointmentEntity,
      unit: UnitEntity,
      now: Date,
    ) => ChangeOutcome | Promise<ChangeOutcome>,
  ): Promise<Changed> {
    const now = this.clock.now();
    return this.inTransaction(async (m) => {
      const a = await this.appointments.lockForChange(m, id);
      actor.authorize?.(a);
      const unit = await this.parties.unit(a.unitId, m);
      const outcome = await apply(m, a, unit, now);
      const who: Actor = { type: actor.type, id: actor.id };
      return {
        appointment: await this.lifecycle.apply(m, { ...outcome, actor: who, appointment: a, unit }, now),
        unit,
      };
    });
  }
}
